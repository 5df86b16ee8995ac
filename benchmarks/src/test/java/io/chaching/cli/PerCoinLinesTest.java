package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.sys.NativeBinaries;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The C parent writes each "Mining N done" line when its coin is cashed, also into a pipe. */
class PerCoinLinesTest {
    @Test
    void theNativeParentsLinesArriveThroughAPipeAsTheCoinsDo() throws Exception {
        // one coin per 200 ms: stdio's 4 KiB pipe buffer would hold the first 157 lines for 30 s
        Process p = new ProcessBuilder(NativeBinaries.program("cparent").toString(), "--miner",
                NativeBinaries.program("miner").toString(), "--handoff", "epoll", "--miners", "1", "--difficulty", "0",
                "--stream", "1000", "--pace", "200000000").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine() + "\n" + out.readLine();
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            String two = first.get(15, TimeUnit.SECONDS); // generous: they are due at 0.2 and 0.4 s
            assertEquals("Mining 0 done, cha-ching!\nMining 0 done, cha-ching!", two);
            assertTrue(p.isAlive(), "the lines came while the stream ran, not at its end");
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            DescriptorLimitTest.closeStreams(p);
        }
    }
}

package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.rounds.RoundFailedException;
import io.chaching.sys.Signal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** sha512-zeroes --timeout: a stopped miner fails the search, named, instead of hanging it. */
class Sha512ZeroesTimeoutTest {

    /** The pid of our miner with --index {@code index}, waiting up to 20 s for it to appear. */
    static int miner(int index) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int kid : Leaks.liveChildren()) {
                try {
                    String cmd = Files.readString(Path.of("/proc/" + kid + "/cmdline")).replace('\0', ' ');
                    if (cmd.contains("--zeroes") && cmd.contains("--index " + index + " ")) {
                        return kid;
                    }
                } catch (java.io.IOException gone) {
                    // exited
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no miner --index " + index);
    }

    @Test
    void aStoppedMinerFailsTheSearchNamingIt() throws Exception {
        Leaks before = Leaks.snapshot();
        int[] stopped = {0};
        Thread stopper = new Thread(() -> {
            try {
                stopped[0] = miner(0);
                Thread.sleep(200);
                Signal.kill(stopped[0], Signal.SIGSTOP);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        try {
            // 12 zeros: hours of search, so only the timeout can end it; one miner, so stopping it stalls the search
            Exception e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(Exception.class,
                    () -> Sha512Zeroes.run(new String[] {"12", "1", "--timeout", "2"},
                            new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))));
            stopper.join();
            assertTrue(e instanceof RoundFailedException || e instanceof java.io.IOException, e.toString());
            assertTrue(e.getMessage().matches("search timed out: chunk \\d+ not reported in 2 s; stopped: miner 0 \\(pid "
                    + stopped[0] + "\\)"), e.getMessage());
            Leaks.assertNoLeaksSince(before);
        } finally {
            stopper.join();
        }
    }

    @Test
    void aTimeoutOutOfRangeIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> Sha512Zeroes.run(new String[] {"5", "2", "--timeout", "0"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        assertEquals("--timeout must be in 1..86400: --timeout=0", e.getMessage());
    }
}

package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.sys.NativeBinaries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A long run keeps its delays in a fixed budget in both parents, and says when it summarized them. */
class LongRunMemoryTest {
    @Test
    void theJvmSaysWhenItsDelaysOutgrewTheExactBudget() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, Bytecoin.run(new String[] {"--stream", "1100000", "--miners", "1", "--difficulty", "0", "--batch", "32"},
                new PrintStream(buf, true, StandardCharsets.UTF_8)));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("1100000 coins from 1 miner in a stream"), out);
        assertTrue(out.contains("(beyond 1048576 exact samples: from a histogram, 3 significant digits, within 0.1%)"), out);
    }

    @Test
    void theNativeParentReservesNothingPerCoinUpFront() throws Exception {
        // 1.6 billion coins: 12.8 GB of delays reserved up front on main, which a 1 GiB address
        // space refuses at once; now the stream starts, and its 1 s timeout ends it (paced: the
        // parent is idle, so the deadline is looked at)
        Process p = new ProcessBuilder(List.of("bash", "-c", "ulimit -v 1048576 && exec \"$@\"", "bash",
                NativeBinaries.program("cparent").toString(), "--miner", NativeBinaries.program("miner").toString(),
                "--handoff", "epoll", "--miners", "16", "--stream", "100000000", "--pace", "1000000000", "--difficulty", "0", "--quiet",
                "--timeout", "1")).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no hang");
        DescriptorLimitTest.closeStreams(p);
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("stream (hand-off epoll) failed: timed out after 1 s"), err);
    }
}

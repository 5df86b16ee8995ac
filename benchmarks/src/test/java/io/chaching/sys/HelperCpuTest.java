package io.chaching.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A parent's non-miner children's CPU is counted; a process with no children has none. */
class HelperCpuTest {
    @Test
    @Timeout(30)
    void aBusyChildsCpuIsCountedAndGrows() throws Exception {
        long before = HelperCpu.ofThisProcess();
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Thread.sleep(300);
            long first = HelperCpu.ofThisProcess();
            assertTrue(first > before, "a spinning child ran: " + before + " -> " + first + " ns");
            Thread.sleep(300);
            long second = HelperCpu.ofThisProcess();
            assertTrue(second > first, "and runs on: " + first + " -> " + second + " ns");
            assertEquals(0, HelperCpu.of(busy.pid()), "the child has no children of its own");
        } finally {
            busy.destroyForcibly();
            assertTrue(busy.waitFor(10, TimeUnit.SECONDS));
        }
    }
}

package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ProcessBuilder's miners (jdk-process) die with the JVM that started them, as posix_spawn's do. */
class JdkProcessLifeTest {
    @Test
    @Timeout(90)
    void jdkProcessMinersDieWithTheJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dchaching.native.dir=" + System.getProperty("chaching.native.dir"), "io.chaching.cli.Bytecoin",
                "--handoff", "jdk-process", "--miners", "4", "--rounds", "50", "--difficulty", "34")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<Integer> miners = awaitMiners(jvm.pid(), 4);
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no EOF on stdin before the kernel's
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (miners.stream().anyMatch(NativeParentLifeTest::alive) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), miners.stream().filter(NativeParentLifeTest::alive).toList(),
                    "jdk-process miners outlived the JVM killed with SIGKILL");
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits up to 30 s for {@code parent} to have {@code count} children called miner. */
    private static List<Integer> awaitMiners(long parent, int count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Integer> kids = Leaks.childrenOf(parent).stream()
                    .filter(k -> NativeParentLifeTest.comm(k).equals("miner")).toList();
            if (kids.size() == count) {
                return kids;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + count + " miners under pid " + parent);
    }
}

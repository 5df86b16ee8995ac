package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.sys.Signal;
import io.chaching.sys.Unistd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The C parent lives and dies with the JVM that started it, and a stopped one does not hang the JVM. */
class NativeParentLifeTest {

    /** Live (not zombie) process? */
    static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char s = stat.charAt(stat.lastIndexOf(')') + 2);
            return s != 'Z' && s != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    static String comm(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits up to 30 s for {@code parent} to have a child called cparent with {@code miners} children. */
    static int awaitCparent(long parent, int miners) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int kid : Leaks.childrenOf(parent)) {
                if (comm(kid).equals("cparent") && Leaks.childrenOf(kid).size() == miners) {
                    return kid;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no cparent with " + miners + " miners under pid " + parent);
    }

    @Test
    void theNativeParentAndItsMinersDieWithTheJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dchaching.native.dir=" + System.getProperty("chaching.native.dir"), "io.chaching.cli.Bytecoin",
                "--parent", "native", "--handoff", "epoll", "--miners", "16", "--rounds", "50", "--difficulty", "34")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Integer> watched = new ArrayList<>();
        try {
            int cparent = awaitCparent(jvm.pid(), 16);
            watched.add(cparent);
            watched.addAll(Leaks.childrenOf(cparent));
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (watched.stream().anyMatch(NativeParentLifeTest::alive) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), watched.stream().filter(NativeParentLifeTest::alive).toList(),
                    "cparent (pid " + cparent + ") or its miners outlived the JVM killed with SIGKILL");
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor(30, TimeUnit.SECONDS);
            DescriptorLimitTest.closeStreams(jvm);
            for (int pid : watched) {
                if (alive(pid)) {
                    Signal.kill(pid, 9);
                }
            }
        }
    }

    @Test
    void aStoppedNativeParentTimesOutOnTheJvmSide() throws Exception {
        Leaks before = Leaks.snapshot();
        int[] cparent = {0};
        List<Integer> miners = new ArrayList<>();
        Thread stopper = new Thread(() -> {
            try {
                cparent[0] = awaitCparent(Unistd.getpid(), 2);
                miners.addAll(Leaks.childrenOf(cparent[0]));
                Signal.kill(cparent[0], Signal.SIGSTOP);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    IllegalStateException.class, () -> Bytecoin.run(new String[] {"--parent", "native", "--handoff", "blocking", "--miners", "2",
                        "--difficulty", "38", "--timeout", "2"}, new PrintStream(buf))));
            stopper.join();
            assertTrue(e.getMessage().startsWith("the native parent (pid " + cparent[0] + ") was stopped for 2 s, "
                    + "longer than --timeout 2: killed it"), e.getMessage());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (miners.stream().anyMatch(NativeParentLifeTest::alive) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), miners.stream().filter(NativeParentLifeTest::alive).toList(), "miners left");
            Leaks.assertNoLeaksSince(before);
        } finally {
            stopper.join();
            if (cparent[0] > 0 && alive(cparent[0])) {
                Signal.kill(cparent[0], 9);
            }
        }
    }
}

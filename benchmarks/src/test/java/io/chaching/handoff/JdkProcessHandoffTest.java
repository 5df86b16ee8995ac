package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.coins.CoinLayout;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.Rounds;
import io.chaching.sys.ExitStatus;
import io.chaching.sys.NativeBinaries;
import io.chaching.sys.Signal;
import io.chaching.sys.Unistd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What jdk-process adds to the conformance suite: its miners are ProcessBuilder's, with stdio only. */
class JdkProcessHandoffTest {
    static final long SEED = 20261202L;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    @Test
    @Timeout(60)
    void itsMinersAreProcessBuilderChildrenWithStdinStdoutAndStderrOnly() throws Exception {
        try (MinerPool pool = MinerPool.spawn(2, Handoffs.ends("jdk-process"))) {
            for (Miner m : pool.miners()) {
                int pid = m.process().pid();
                assertTrue(Leaks.liveChildren().contains(pid), "miner " + m.id() + " (pid " + pid + ") is not our child");
                assertEquals(List.of(0, 1, 2), openFds(pid), "miner " + m.id() + "'s descriptors");
                String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
                assertTrue(cmdline.contains("--stdio"), cmdline);
            }
        }
    }

    @Test
    @Timeout(60)
    void eachHandOffRefusesAPoolNotMadeForIt() throws Exception {
        try (MinerPool pool = MinerPool.spawn(1); Handoff h = Handoffs.create("jdk-process")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Rounds(pool, h, SEED, TIMEOUT));
            assertTrue(e.getMessage().contains("ends=JNA"), e.getMessage());
        }
        try (MinerPool pool = MinerPool.spawn(1, Handoffs.ends("jdk-process")); Handoff h = Handoffs.create("epoll")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Rounds(pool, h, SEED, TIMEOUT));
            assertTrue(e.getMessage().contains("miner 0 was started with ProcessBuilder"), e.getMessage());
        }
        assertEquals(MinerPool.Ends.JNA, Handoffs.ends("threads"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Handoffs.ends("carrier-pigeon"));
        assertTrue(e.getMessage().contains("handoff=carrier-pigeon"), e.getMessage());
    }

    /*
     * PR_SET_PDEATHSIG kills a miner when the thread that spawned it ends, and the JDK spawns from
     * the thread that calls ProcessBuilder.start: a pool spawned on a thread that then ends must
     * still mine (the pool starts them on ChildProcess's one spawner thread).
     */
    @Test
    @Timeout(60)
    void minersOutliveTheThreadThatSpawnedThem() throws Exception {
        Leaks before = Leaks.snapshot();
        MinerPool[] made = new MinerPool[1];
        Thread spawner = new Thread(() -> {
            try {
                made[0] = MinerPool.spawn(4, Handoffs.ends("jdk-process"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        spawner.start();
        spawner.join();
        try (MinerPool pool = made[0]; Handoff h = Handoffs.create("jdk-process")) {
            Rounds rounds = new Rounds(pool, h, SEED, TIMEOUT);
            for (int r = 0; r < 3; r++) {
                RoundResult result = rounds.run(r, 8, null);
                assertEquals(4, result.coins().size());
            }
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(30)
    void aMinerOnStdioRefusesTheRingInOneLine() throws Exception {
        Process p = new ProcessBuilder(NativeBinaries.program("miner").toString(), "--id", "3", "--parent-pid",
                Integer.toString(Unistd.getpid()), "--stdio").start();
        try {
            ByteBuffer cmd = ByteBuffer.allocate(CoinLayout.COMMAND_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            cmd.putInt(CoinLayout.COMMAND_OP_OFFSET, CoinLayout.COMMAND_ROUND)
                    .putInt(CoinLayout.COMMAND_DIFFICULTY_OFFSET, 4)
                    .putInt(CoinLayout.COMMAND_CHANNEL_OFFSET, CoinLayout.CHANNEL_SHM);
            p.getOutputStream().write(cmd.array());
            p.getOutputStream().close();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), err);
            assertEquals("miner 3: refused command: channel=" + CoinLayout.CHANNEL_SHM + " with --stdio: only channel="
                    + CoinLayout.CHANNEL_PIPE + ", the pipe on stdout\n", err);
            assertEquals(0, p.getInputStream().readAllBytes().length, "no coin on stdout");
        } finally {
            p.destroyForcibly().waitFor();
            p.getInputStream().close();
            p.getErrorStream().close();
        }
    }

    /** A stopped miner is still killed and reaped by the pool's close, its reader joined, its streams closed. */
    @Test
    @Timeout(60)
    void aStoppedMinerIsKilledWithinTheGraceAndNamedWhenKilled() throws Exception {
        Leaks before = Leaks.snapshot();
        long started = System.nanoTime();
        try (MinerPool pool = MinerPool.spawn(2, Handoffs.ends("jdk-process"))) {
            pool.miner(0).process().signal(Signal.SIGSTOP);
            pool.miner(1).process().signal(Signal.SIGKILL);
            assertEquals("was killed by signal 9 (SIGKILL)", pool.miner(1).process().waitFor(TIMEOUT).toString());
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void exitValuesReadAsTheJdkWritesThem() {
        assertEquals("exited with status 1", ExitStatus.ofExitValue(1).toString());
        assertEquals("exited with status 0", ExitStatus.ofExitValue(0).toString());
        assertEquals("was killed by signal 9 (SIGKILL)", ExitStatus.ofExitValue(128 + 9).toString());
        assertEquals("exited with status 128", ExitStatus.ofExitValue(128).toString());
    }

    private static List<Integer> openFds(int pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        }
    }
}

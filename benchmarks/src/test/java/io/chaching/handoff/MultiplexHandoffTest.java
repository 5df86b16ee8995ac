package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import io.chaching.Leaks;
import io.chaching.coins.Coin;
import io.chaching.coins.CoinLayout;
import io.chaching.coins.Quota;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundFailedException;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.Rounds;
import io.chaching.sys.Pipe;
import io.chaching.sys.Poll;
import io.chaching.sys.Signal;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** select, poll, epoll and threads: what the conformance test does not look at. */
class MultiplexHandoffTest {
    static final long SEED = 7L;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    /** Coin fds above FD_SETSIZE: select's bitmap must grow past 1024 bits, poll and epoll must not care. */
    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "threads"})
    @Timeout(60)
    void coinPipesAboveFdSetSize(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        List<Pipe> filler = new ArrayList<>();
        try {
            while (filler.isEmpty() || filler.get(filler.size() - 1).writeEnd.fd() < 1100) {
                filler.add(Pipe.open());
            }
            try (MinerPool pool = MinerPool.spawn(4); Handoff handoff = Handoffs.create(name)) {
                for (Miner m : pool.miners()) {
                    assertTrue(m.coinFd().fd() >= 1024, "miner " + m.id() + " coin fd " + m.coinFd().fd());
                }
                Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
                for (long r = 0; r < 20; r++) {
                    assertEquals(4, rounds.run(r, 4, null).coins().size());
                }
            }
        } finally {
            filler.forEach(Pipe::close);
        }
        Leaks.assertNoLeaksSince(before);
    }

    /**
     * A miner that has delivered and then dies must not fail the round it delivered in (select and
     * poll stop watching it, epoll and jdk-selector park it, threads keeps its reader's EOF for later); the next
     * round fails naming it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "threads", "jdk-selector"})
    @Timeout(60)
    void minerDyingAfterItDeliveredFailsOnlyItsNextRound(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        // miner 0 delivers at once; the others take about 0.25 s, long after miner 0's EOF is there to see
        int[] difficulty = {0, 22, 22};
        try (MinerPool pool = MinerPool.spawn(3, Handoffs.ends(name)); Handoff handoff = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            RoundResult first = rounds.run(0, difficulty, (miner, coin) -> {
                if (miner == 0) {
                    try {
                        pool.miner(0).process().signal(Signal.SIGKILL);
                        assertTrue(pool.miner(0).process().waitFor(TimeUnit.SECONDS.toNanos(5)) != null);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            assertEquals(3, first.coins().size());
            RoundFailedException e = assertThrows(RoundFailedException.class, () -> rounds.run(1, 1, null));
            assertTrue(e.getMessage().contains("miner 0 "), e.getMessage());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(60)
    void threadsCloseStopsEveryReaderEvenWhileTheMinersLive() throws Exception {
        try (MinerPool pool = MinerPool.spawn(4)) {
            Handoff handoff = Handoffs.create("threads");
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            assertEquals(4, readers().size(), "readers: " + readers());
            rounds.run(0, 4, null);
            // The miners are alive and their pipes open: the readers must stop without EOF.
            handoff.close();
            assertEquals(List.of(), readers());
            handoff.close(); // idempotent
            for (Miner m : pool.miners()) {
                assertEquals(null, m.process().poll(), "miner " + m.id() + " still runs");
            }
        }
    }

    @Test
    @Timeout(60)
    void threadsCloseAfterAFailedRoundStopsEveryReader() throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(4); Handoff handoff = Handoffs.create("threads")) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            pool.miner(3).process().signal(Signal.SIGKILL);
            RoundFailedException e = assertThrows(RoundFailedException.class, () -> rounds.run(0, 4, null));
            assertTrue(e.getMessage().contains("miner 3 "), e.getMessage());
            handoff.close();
            assertEquals(List.of(), readers());
        }
        Leaks.assertNoLeaksSince(before);
    }

    /**
     * The threads hand-off stamps a coin when the parent takes it from the queue: coins its readers
     * took from the pipes before the parent asked must not carry the read's stamp.
     */
    @Test
    @Timeout(60)
    void threadsStampsCoinsWhenTheParentTakesThem() throws Exception {
        try (MinerPool pool = MinerPool.spawn(2); Handoff handoff = Handoffs.create("threads")) {
            handoff.attach(pool);
            long[] written = new long[2];
            for (Miner m : pool.miners()) {
                written[m.id()] = bytesWritten(m);
            }
            long start = pool.start(Miner.Command.round(SEED, 0, 0, handoff.channel(), 0), new int[] {2, 2});
            // Each coin written (the miner's write count grew by a coin) and read (its pipe empty again).
            for (Miner m : pool.miners()) {
                awaitTrue(() -> bytesWritten(m) >= written[m.id()] + CoinLayout.COIN_LENGTH, "miner " + m.id() + " wrote");
                awaitTrue(() -> !readable(m), "miner " + m.id() + "'s coin read");
            }
            long asked = System.nanoTime();
            List<Coin> coins = new ArrayList<>();
            handoff.cashIn(pool, new Quota(2, 1), start + TIMEOUT, (miner, coin) -> coins.add(coin.toCoin()));
            assertEquals(2, coins.size());
            for (Coin c : coins) {
                assertTrue(c.cashedNs() >= asked, "cashed " + c.cashedNs() + " before the parent asked at " + asked);
                assertTrue(c.minedNs() < asked);
            }
        }
    }

    interface Check {
        boolean holds() throws IOException;
    }

    /** Waits for a condition another process or thread brings about, looking every 0.1 ms for at most 10 s. */
    private static void awaitTrue(Check check, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.holds()) {
            assertTrue(System.nanoTime() - deadline < 0, "not within 10 s: " + what);
            LockSupport.parkNanos(100_000);
        }
    }

    /** Bytes the miner has passed to write(2), from /proc/PID/io. */
    private static long bytesWritten(Miner m) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + m.process().pid() + "/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new AssertionError("no wchar in /proc/" + m.process().pid() + "/io");
    }

    private static boolean readable(Miner m) throws IOException {
        Memory pfd = new Memory(Poll.POLLFD_LENGTH);
        Poll.set(pfd, 0, m.coinFd().fd(), Poll.POLLIN);
        int n = (int) SyscallException.check(Poll.poll(pfd, 1, 0), "poll(fd=" + m.coinFd().fd() + ")");
        return n > 0;
    }

    @Test
    @Timeout(60)
    void epollCloseClosesItsDescriptorAndReattachDoesNotLeak() throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(2)) {
            long base = eventpolls();
            Handoff handoff = Handoffs.create("epoll");
            new Rounds(pool, handoff, SEED, TIMEOUT).run(0, 2, null);
            assertEquals(base + 1, eventpolls());
            new Rounds(pool, handoff, SEED, TIMEOUT).run(1, 2, null); // a second attach on the same pool
            assertEquals(base + 1, eventpolls());
            handoff.close();
            assertEquals(base, eventpolls());
            handoff.close();
            assertEquals(base, eventpolls());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "threads"})
    @Timeout(30)
    void timeoutSleepsInsteadOfSpinning(String name) throws Exception {
        try (MinerPool pool = MinerPool.spawn(2); Handoff handoff = Handoffs.create(name)) {
            pool.miner(1).process().signal(Signal.SIGSTOP);
            Rounds rounds = new Rounds(pool, handoff, SEED, TimeUnit.MILLISECONDS.toNanos(500));
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            RoundFailedException e = assertThrows(RoundFailedException.class, () -> rounds.run(0, new int[] {2, 2}, null));
            long wall = System.nanoTime() - t0;
            long cpu = cpuNanos() - cpu0;
            assertTrue(e.getMessage().contains("no coin yet from miner [1]"), e.getMessage());
            assertTrue(wall >= TimeUnit.MILLISECONDS.toNanos(450), "gave up after " + wall / 1e6 + " ms");
            // A busy loop would take the whole 500 ms of CPU.
            assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(150), "used " + cpu / 1e6 + " ms CPU in " + wall / 1e6 + " ms");
            pool.miner(1).process().signal(Signal.SIGKILL); // a stopped miner would hold close() for its grace period
        }
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static List<String> readers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(ThreadsHandoff.THREAD_PREFIX) && t.isAlive())
                .map(Thread::getName).sorted().toList();
    }

    private static long eventpolls() throws IOException {
        long n = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.readSymbolicLink(p).toString().equals("anon_inode:[eventpoll]")) {
                        n++;
                    }
                } catch (IOException gone) {
                    // the directory stream's own fd
                }
            }
        }
        return n;
    }
}

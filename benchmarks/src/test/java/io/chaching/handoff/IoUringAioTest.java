package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundFailedException;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.Rounds;
import io.chaching.rounds.Streams;
import io.chaching.sys.Errno;
import io.chaching.sys.IoUring;
import io.chaching.sys.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two kernel-queue hand-offs: what they hold of the kernel, and what they give back. */
class IoUringAioTest {
    static final long SEED = 99;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private static List<String> ringDescriptors() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.contains("io_uring")) {
                        found.add(p.getFileName() + " -> " + target);
                    }
                } catch (IOException gone) {
                    // the listing's own descriptor
                }
            }
        }
        return found;
    }

    private static List<String> mappings(String what) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(what)).toList();
    }

    @Test
    @Timeout(60)
    void ioUringRingIsReleasedAfterClose() throws Exception {
        Leaks before = Leaks.snapshot();
        List<String> fdsBefore = ringDescriptors();
        List<String> mapsBefore = mappings("io_uring");
        try (MinerPool pool = MinerPool.spawn(4); Handoff handoff = Handoffs.create("io_uring")) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            rounds.run(0, 4, null);
            // While attached it holds a ring: the checks below can fail
            assertEquals(fdsBefore.size() + 1, ringDescriptors().size(), ringDescriptors().toString());
            assertTrue(mappings("io_uring").size() > mapsBefore.size(), mappings("io_uring").toString());
            handoff.close();
            handoff.close(); // idempotent
            assertEquals(fdsBefore, ringDescriptors());
            assertEquals(mapsBefore, mappings("io_uring"));
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(60)
    void aioContextIsReleasedAfterClose() throws Exception {
        Leaks before = Leaks.snapshot();
        List<String> mapsBefore = mappings("[aio]");
        try (MinerPool pool = MinerPool.spawn(4); Handoff handoff = Handoffs.create("aio")) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            rounds.run(0, 4, null);
            assertEquals(mapsBefore.size() + 1, mappings("[aio]").size(), mappings("[aio]").toString());
            handoff.close();
            handoff.close();
            assertEquals(mapsBefore, mappings("[aio]"));
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "aio"})
    @Timeout(120)
    void manyRoundsThenStreamsThenRoundsOnOnePool(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(8); Handoff handoff = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            for (long r = 0; r < 2000; r++) {
                RoundResult result = rounds.run(r, 1, null);
                assertEquals(8, result.coins().size());
            }
            // A second attach on the same pool (Streams) keeps the reads or polls already in flight
            Streams streams = new Streams(pool, handoff, SEED, TIMEOUT);
            for (int s = 0; s < 3; s++) {
                Streams.Result r = streams.run(new Streams.Spec(5000 + s, 0, 20_000, 0, 16, 0, false), null);
                assertEquals(8 * 20_000, r.coins());
            }
            for (long r = 2000; r < 2100; r++) {
                assertEquals(8, rounds.run(r, 1, null).coins().size());
            }
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "aio"})
    @Timeout(60)
    void roundsGoOnAfterTheThreadThatArmedTheReadsHasExited(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(4); Handoff handoff = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            // The kernel cancels an io_uring request when the thread that submitted it exits; the
            // hand-off must re-arm such reads rather than fail or lose the miner.
            Throwable[] failed = {null};
            Thread armer = new Thread(() -> {
                try {
                    rounds.run(0, 4, null);
                } catch (Throwable t) {
                    failed[0] = t;
                }
            }, "armer");
            armer.start();
            armer.join();
            assertEquals(null, failed[0]);
            for (long r = 1; r < 20; r++) {
                assertEquals(4, rounds.run(r, 4, null).coins().size());
            }
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "aio"})
    @Timeout(60)
    void minerKilledAfterDeliveringFailsOnlyTheNextRound(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        RoundFailedException e;
        try (MinerPool pool = MinerPool.spawn(4); Handoff handoff = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            // Miner 1 dies the moment its coin is in, while miner 3 still mines: io_uring's read on
            // its pipe completes with EOF during a round the miner owes nothing in, which must not
            // fail that round.
            int[] difficulty = {4, 4, 4, 20};
            boolean[] killed = {false};
            RoundResult first = rounds.run(0, difficulty, (miner, coin) -> {
                if (miner == 1 && !killed[0]) {
                    killed[0] = true;
                    try {
                        pool.miner(1).process().signal(Signal.SIGKILL);
                    } catch (IOException ex) {
                        throw new AssertionError(ex);
                    }
                }
            });
            assertEquals(4, first.coins().size());
            assertTrue(killed[0]);
            e = assertThrows(RoundFailedException.class, () -> rounds.run(1, 4, null));
        }
        assertTrue(e.getMessage().contains("miner 1 "), e.getMessage());
        assertTrue(e.getMessage().contains("SIGKILL"), e.getMessage());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(30)
    void ioUringRefusedByTheKernelSaysSo() throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(2)) {
            for (int errno : new int[] {Errno.EPERM, Errno.ENOSYS}) {
                try (IoUringHandoff handoff = new IoUringHandoff((entries, params) -> -errno)) {
                    IoUring.RefusedException e = assertThrows(IoUring.RefusedException.class,
                            () -> new Rounds(pool, handoff, SEED, TIMEOUT));
                    assertTrue(e.getMessage().startsWith("io_uring is refused by this kernel"), e.getMessage());
                    assertTrue(e.getMessage().contains("io_uring_setup(entries=2) failed: " + Errno.describe(errno)),
                            e.getMessage());
                    String why = errno == Errno.EPERM ? "kernel.io_uring_disabled=" : "not built";
                    assertTrue(e.getMessage().contains(why), e.getMessage());
                    // the others still run on the same pool
                    try (Handoff other = Handoffs.create("aio")) {
                        assertEquals(2, new Rounds(pool, other, SEED, TIMEOUT).run(0, 2, null).coins().size());
                    }
                }
            }
            // other failures are not dressed up as refusals
            try (IoUringHandoff handoff = new IoUringHandoff((entries, params) -> -Errno.EINVAL)) {
                IOException e = assertThrows(IOException.class, () -> handoff.attach(pool));
                assertFalse(e instanceof IoUring.RefusedException, e.toString());
                assertTrue(e.getMessage().contains("io_uring_setup(entries=2) failed: errno=22"), e.getMessage());
            }
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(30)
    void ringWaitHonoursItsTimeoutAndReapsNops() throws Exception {
        try (IoUring ring = IoUring.open(4)) {
            long t0 = System.nanoTime();
            assertFalse(ring.waitFor(TimeUnit.MILLISECONDS.toNanos(50)));
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(45) && waited < TimeUnit.SECONDS.toNanos(5),
                    "waited " + waited + " ns");
            // more than the SQ holds: preparing past a full SQ submits first
            for (int i = 0; i < 6; i++) {
                ring.prepareNop(100 + i);
            }
            List<Long> seen = new ArrayList<>();
            while (seen.size() < 6) {
                assertTrue(ring.waitFor(TimeUnit.SECONDS.toNanos(5)));
                ring.reap((userData, res) -> {
                    assertEquals(0, res);
                    seen.add(userData);
                });
            }
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L), seen);
            assertEquals(0, ring.ready());
        }
    }
}

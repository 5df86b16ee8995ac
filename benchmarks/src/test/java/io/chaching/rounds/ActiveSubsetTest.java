package io.chaching.rounds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.coins.Coin;
import io.chaching.coins.CoinLayout;
import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ActiveSubset, what MultiplexerBenchmark stands on: rounds on 2 of 64 miners. */
class ActiveSubsetTest {
    static final long SEED = 13L;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);
    static final int MINERS = 64;
    static final int ACTIVE = 2;
    static final long COINS = 3;

    /**
     * Each hand-off cashes exactly the active miners' coins, the idle miners write nothing, and a
     * full round afterwards finds every pipe clean (one coin of that round from every miner).
     */
    @ParameterizedTest
    @CsvSource({"select,watched", "poll,watched", "epoll,watched", "io_uring,watched",
            "select,dropped", "poll,dropped", "epoll,dropped", "io_uring,dropped"})
    @Timeout(120)
    void cashesOnlyTheActiveMinersCoins(String name, String idle) throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(MINERS); Handoff handoff = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            assertEquals(MINERS, rounds.run(0, 0, null).coins().size()); // every miner up and writing
            long[] written = new long[MINERS];
            for (Miner m : pool.miners()) {
                written[m.id()] = bytesWritten(m);
            }
            ActiveSubset subset = new ActiveSubset(pool, handoff, SEED, TIMEOUT, ACTIVE, ActiveSubset.Idle.of(idle));
            assertArrayEquals(new int[] {0, 32}, subset.active());
            for (long r = 1; r <= 5; r++) {
                long[] perMiner = new long[MINERS];
                RoundResult result = subset.run(r, COINS, r % 2 == 0 ? 200_000 : 0, (miner, coin) -> perMiner[miner]++);
                assertEquals(ACTIVE * COINS, result.coins().size());
                for (int i = 0; i < MINERS; i++) {
                    assertEquals(i == 0 || i == 32 ? COINS : 0, perMiner[i], "coins from miner " + i + " in round " + r);
                }
                for (Coin c : result.coins()) {
                    assertEquals(r, c.round());
                }
                // one thread's CPU over the makespan's own window is a share of one core
                assertTrue(subset.lastCpuNs() > 0 && subset.lastCpuNs() <= result.makespanNs() + 1_000_000,
                        "CPU " + subset.lastCpuNs() + " ns over a makespan of " + result.makespanNs() + " ns");
            }
            for (Miner m : pool.miners()) {
                long wrote = bytesWritten(m) - written[m.id()];
                boolean active = m.id() == 0 || m.id() == 32;
                assertEquals(active ? 5 * COINS * CoinLayout.COIN_LENGTH : 0, wrote, "bytes miner " + m.id() + " wrote");
            }
            RoundResult last = rounds.run(6, 0, null);
            assertEquals(MINERS, last.coins().size());
            assertTrue(last.coins().stream().allMatch(c -> c.round() == 6));
        }
        Leaks.assertNoLeaksSince(before);
    }

    /** A watched idle miner that speaks fails the round, through every hand-off. */
    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll", "io_uring"})
    @Timeout(60)
    void anIdleMinerThatSpeaksFailsTheRound(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(8); Handoff handoff = Handoffs.create(name)) {
            ActiveSubset subset = new ActiveSubset(pool, handoff, SEED, TIMEOUT, ACTIVE, ActiveSubset.Idle.WATCHED);
            assertEquals(ACTIVE, subset.run(0, 1, 0, null).coins().size());
            // Miner 5 is idle; the active ones pace their two coins 0.5 s apart, its coin comes at once.
            pool.miner(5).send(new Miner.Command(CoinLayout.COMMAND_STREAM, SEED, 1, 0, 1, handoff.channel(), 0, 1, 0, 0));
            RoundFailedException e = assertThrows(RoundFailedException.class, () -> subset.run(1, 2, 500_000_000L, null));
            assertTrue(e.getMessage().contains("idle miner 5 sent a coin"), e.getMessage());
        }
        Leaks.assertNoLeaksSince(before);
    }

    /** Bytes the miner has passed to write(2), from /proc/PID/io. */
    private static long bytesWritten(Miner m) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + m.process().pid() + "/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IOException("no wchar in /proc/" + m.process().pid() + "/io");
    }
}

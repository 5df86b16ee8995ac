package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.coins.Coin;
import io.chaching.coins.CoinLayout;
import io.chaching.coins.CoinVerifier;
import io.chaching.coins.Sink;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundFailedException;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.Rounds;
import io.chaching.rounds.Streams;
import io.chaching.sys.Signal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hand-off: all coins exactly once and verified, failures bounded and clear, nothing left behind. */
class HandoffConformanceTest {
    static final int MINERS = 16;
    static final long SEED = 20261124L;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(60);

    static java.util.List<String> handoffs() {
        return Handoffs.names();
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(120)
    void sixteenMinersTwoHundredRoundsEveryCoinExactlyOnce(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        Set<String> cashed = new HashSet<>();
        CoinVerifier independent = new CoinVerifier();
        try (MinerPool pool = MinerPool.spawn(MINERS, Handoffs.launch(name)); Handoff handoff = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            for (long r = 0; r < 200; r++) {
                RoundResult result = rounds.run(r, 6, null);
                assertEquals(MINERS, result.coins().size());
                for (Coin c : result.coins()) {
                    assertTrue(cashed.add(c.miner() + "/" + c.round()), "twice: " + c.miner() + "/" + c.round());
                    assertEquals(r, c.round());
                    assertArrayEquals(independent.digest(SEED, r, c.miner(), c.nonce()), c.digest());
                    assertTrue(CoinVerifier.leadingZeroBits(c.digest()) >= 6);
                    assertTrue(c.minedNs() >= result.startNs() && c.cashedNs() >= c.minedNs(),
                            "stamps out of order: start " + result.startNs() + " mined " + c.minedNs() + " cashed " + c.cashedNs());
                }
            }
        }
        assertEquals(MINERS * 200, cashed.size());
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(60)
    void killedMinerFailsTheRoundNamingMinerAndSignal(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        int victim = MINERS - 1;
        int[] difficulty = new int[MINERS];
        Arrays.fill(difficulty, 8);
        difficulty[victim] = 40; // days of work: it is surely mid-round when killed
        long started = System.nanoTime();
        RoundFailedException e;
        try (MinerPool pool = MinerPool.spawn(MINERS, Handoffs.launch(name)); Handoff handoff = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
            e = assertThrows(RoundFailedException.class, () -> rounds.run(0, difficulty, killAtFirstCoin(pool, victim)));
        }
        long elapsed = System.nanoTime() - started;
        assertTrue(e.getMessage().contains("miner " + victim + " "), e.getMessage());
        assertTrue(e.getMessage().contains("SIGKILL"), e.getMessage());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(30), "took " + elapsed / 1e9 + " s");
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(60)
    void minerThatStopsAnsweringTimesTheRoundOut(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        int[] difficulty = new int[4];
        Arrays.fill(difficulty, 4);
        RoundFailedException e;
        try (MinerPool pool = MinerPool.spawn(4, Handoffs.launch(name)); Handoff handoff = Handoffs.create(name)) {
            // Stopped before its command arrives, it wakes only to stop: it never mines this round.
            pool.miner(2).process().signal(Signal.SIGSTOP);
            Rounds rounds = new Rounds(pool, handoff, SEED, TimeUnit.MILLISECONDS.toNanos(1500));
            e = assertThrows(RoundFailedException.class, () -> rounds.run(0, difficulty, null));
        }
        assertTrue(e.getMessage().contains("timed out after 1.5 s"), e.getMessage());
        // blocking still waits on 2 and has not looked at 3; nonblocking has 3's coin
        assertTrue(e.getMessage().matches(".*no coin yet from miners? \\[2(, 3)?\\].*"), e.getMessage());
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void unknownHandoffIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Handoffs.create("carrier-pigeon"));
        assertTrue(e.getMessage().contains("handoff=carrier-pigeon"), e.getMessage());
        assertTrue(e.getMessage().contains("blocking"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(180)
    void millionCoinStreamEveryCoinExactlyOnceAndVerified(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        long perMiner = 1_000_000 / MINERS;
        long[] next = new long[MINERS];
        Streams.Result result;
        try (MinerPool pool = MinerPool.spawn(MINERS, Handoffs.launch(name)); Handoff handoff = Handoffs.create(name)) {
            Streams streams = new Streams(pool, handoff, SEED, TIMEOUT);
            // difficulty 0: every nonce is a coin, so miner i's k-th coin must carry nonce k
            result = streams.run(new Streams.Spec(0, 0, perMiner, 0, 32, 0, true), (miner, coin) -> {
                assertEquals(next[miner]++, coin.nonce(), "miner " + miner);
            });
        }
        assertEquals(1_000_000, result.coins());
        for (long n : next) {
            assertEquals(perMiner, n);
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(180)
    void preminedStreamsHandOffTheSameRealCoinsEveryTimeEachOnce(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        int miners = 4;
        long perMiner = 50_000;
        CoinVerifier independent = new CoinVerifier();
        try (MinerPool pool = MinerPool.spawn(miners, Handoffs.launch(name)); Handoff handoff = Handoffs.create(name)) {
            Streams streams = new Streams(pool, handoff, SEED, TIMEOUT);
            for (int pass = 0; pass < 2; pass++) { // the second from the block the first one mined
                long[] next = new long[miners];
                Streams.Result result = streams.run(new Streams.Spec(3, 0, perMiner, 64, 32, 0, true, true),
                        (miner, coin) -> {
                            long k = next[miner]++;
                            assertEquals(k, coin.nonce(), "miner " + miner);
                            if (k % 997 == 0) { // and the digest, held to MessageDigest, now and then
                                assertTrue(coin.digestEquals(independent.digest(SEED, 3, miner, k)), "miner " + miner);
                            }
                        });
                assertEquals(miners * perMiner, result.coins());
                for (long n : next) {
                    assertEquals(perMiner, n);
                }
            }
            // a difficulty above 0: the block's coins are searched for, as the mining ones
            Streams.Result hard = streams.run(new Streams.Spec(4, 8, 20, 0, 4, 0, true, true), null);
            assertEquals(miners * 20L, hard.coins());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(120)
    void payloadsArriveWholeUpToOneMebibyte(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(4, CoinLayout.ringCapacityFor(CoinLayout.MAX_PAYLOAD), Handoffs.launch(name));
             Handoff handoff = Handoffs.create(name)) {
            Streams streams = new Streams(pool, handoff, SEED, TIMEOUT);
            // 5000 bytes: a record larger than PIPE_BUF, so pipes split it; 1 MiB: bigger than a pipe's buffer
            // and than the default ring
            for (int payload : new int[] {1, 4096, 5000, CoinLayout.MAX_PAYLOAD}) {
                long count = payload == CoinLayout.MAX_PAYLOAD ? 8 : 300;
                Streams.Result r = streams.run(new Streams.Spec(payload, 4, count, payload, 4, 0, true), null);
                assertEquals(4 * count, r.coins(), "payload " + payload);
                assertEquals(4 * count * payload, r.payloadBytes(), "payload " + payload);
            }
            // and rounds carry payloads too
            RoundResult round = new Rounds(pool, handoff, SEED, TIMEOUT, 70_000).run(9, 6, null);
            assertEquals(4, round.coins().size());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(60)
    void killedMinerFailsTheStreamNamingMinerAndSignal(String name) throws Exception {
        Leaks before = Leaks.snapshot();
        int victim = 0; // the one even `blocking` reads first: a stream never reaches miner 1 if 0 never ends
        RoundFailedException e;
        try (MinerPool pool = MinerPool.spawn(4, Handoffs.launch(name)); Handoff handoff = Handoffs.create(name)) {
            Streams streams = new Streams(pool, handoff, SEED, TIMEOUT);
            e = assertThrows(RoundFailedException.class, () -> streams.run(
                    new Streams.Spec(0, 0, 50_000_000, 0, 8, 0, false), killAtFirstCoin(pool, victim)));
        }
        assertTrue(e.getMessage().contains("miner " + victim + " "), e.getMessage());
        assertTrue(e.getMessage().contains("SIGKILL"), e.getMessage());
        Leaks.assertNoLeaksSince(before);
    }

    /** A sink that SIGKILLs {@code victim} when the first coin of the round or stream arrives. */
    private static Sink killAtFirstCoin(MinerPool pool, int victim) {
        boolean[] killed = {false};
        return (miner, coin) -> {
            if (!killed[0]) {
                killed[0] = true;
                try {
                    pool.miner(victim).process().signal(Signal.SIGKILL);
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            }
        };
    }
}

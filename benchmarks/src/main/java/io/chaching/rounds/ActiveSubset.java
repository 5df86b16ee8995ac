package io.chaching.rounds;

import io.chaching.coins.Coin;
import io.chaching.coins.CoinLayout;
import io.chaching.coins.CoinVerifier;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.handoff.Handoff;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rounds on a few miners of a pool while the others stay idle: only the active miners get a
 * command (a stream of a few coins at difficulty 0), and the hand-off cashes their coins in with
 * every other miner's pipe still attached. Every coin is checked as {@link Streams}
 * checks it: digest recomputed, miner, round, nonces ascending per miner, exact counts; a coin
 * from an idle miner fails the round.
 *
 * <p>Active miners are spread evenly over the ids (and so over the descriptors): id j * N / A.
 */
public final class ActiveSubset {
    /** What the hand-off is told about the idle miners. */
    public enum Idle {
        /**
         * Each idle miner owes one coin, which never comes; once the last active coin is in, the
         * sink settles those debts ({@link Quota#count}) so that cashIn returns. Until then every
         * hand-off watches every idle pipe, as a server watches its quiet connections.
         */
        WATCHED,
        /** Idle miners owe nothing from the start: select and poll leave their pipes out of the set. */
        DROPPED;

        public static Idle of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("idle must be watched or dropped: idle=" + name, e);
            }
        }
    }

    private final MinerPool pool;
    private final Handoff handoff;
    private final long seed;
    private final long timeoutNanos;
    private final Idle idle;
    private final int[] active;
    private final int[] idleIds;
    private final boolean[] isActive;
    private final CoinVerifier verifier = new CoinVerifier();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuNs;

    public ActiveSubset(MinerPool pool, Handoff handoff, long seed, long timeoutNanos, int activeMiners, Idle idle)
            throws IOException {
        int n = pool.size();
        if (activeMiners < 1 || activeMiners > n) {
            throw new IllegalArgumentException("active miners must be in 1.." + n + ": active=" + activeMiners);
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("round timeout must be > 0: timeoutNanos=" + timeoutNanos);
        }
        this.pool = pool;
        this.handoff = handoff;
        this.seed = seed;
        this.timeoutNanos = timeoutNanos;
        this.idle = idle;
        this.active = new int[activeMiners];
        this.isActive = new boolean[n];
        for (int j = 0; j < activeMiners; j++) {
            active[j] = (int) ((long) j * n / activeMiners);
            isActive[active[j]] = true;
        }
        this.idleIds = new int[n - activeMiners];
        for (int i = 0, k = 0; i < n; i++) {
            if (!isActive[i]) {
                idleIds[k++] = i;
            }
        }
        handoff.attach(pool);
    }

    /**
     * The calling thread's CPU time over the last round's makespan (from the first command to the
     * last coin cashed): the window {@link RoundResult#makespanNs} measures, so their ratio is a
     * share of one core, at most 1 but for the clocks' granularity.
     */
    public long lastCpuNs() {
        return cpuNs;
    }

    /** The active miners' ids, ascending. */
    public int[] active() {
        return active.clone();
    }

    /**
     * One round: every active miner streams {@code coins} coins, {@code paceNs} apart (0: back to
     * back), one per write; returns them in cash-in order. {@code listener} (may be null) hears
     * each checked coin.
     */
    public RoundResult run(long round, long coins, long paceNs, Sink listener) throws RoundFailedException {
        if (coins < 1) {
            throw new IllegalArgumentException("coins per active miner must be >= 1: coins=" + coins);
        }
        int n = pool.size();
        long[] owed = new long[n];
        if (idle == Idle.WATCHED) {
            Arrays.fill(owed, 1);
        }
        for (int id : active) {
            owed[id] = coins;
        }
        Quota quota = new Quota(owed);
        long expected = coins * active.length;
        List<Coin> cashed = new ArrayList<>((int) Math.min(expected, 1 << 16));
        long[] lastNonce = new long[n];
        Miner.Command command = new Miner.Command(CoinLayout.COMMAND_STREAM, seed, round, 0, coins, handoff.channel(),
                0, 1, paceNs, 0);
        long start;
        try {
            long cpuStart = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            for (int id : active) {
                pool.miner(id).send(command);
            }
            handoff.cashIn(pool, quota, start + timeoutNanos, (miner, coin) -> {
                if (cashed.size() + 1 == expected) {
                    // the round's CPU over the makespan's own window: it ends as the last coin is cashed
                    // (the settling below, the set-up above and the caller's bookkeeping fall outside)
                    cpuNs = threads.getCurrentThreadCpuTime() - cpuStart;
                }
                if (!isActive[miner]) {
                    throw new IllegalStateException("idle miner " + miner + " sent a coin it was never asked for (round "
                            + coin.round() + ", nonce " + Long.toUnsignedString(coin.nonce()) + ")");
                }
                verifier.verify(coin, seed, round, miner, 0);
                if (owed[miner] < coins) {
                    NonceOrder.checkAfter(miner, lastNonce[miner], coin.nonce());
                }
                owed[miner]--; // our own copy: the quota took one at construction
                lastNonce[miner] = coin.nonce();
                cashed.add(coin.toCoin());
                if (listener != null) {
                    listener.cashedIn(miner, coin);
                }
                if (cashed.size() == expected && idle == Idle.WATCHED) {
                    // The sink runs before the hand-off next asks quota.done(): it returns at once.
                    for (int i : idleIds) {
                        quota.count(i);
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new RoundFailedException(round, handoff.name(), "active subset: " + e.getMessage(), e);
        }
        if (cashed.size() != expected) {
            throw new RoundFailedException(round, handoff.name(), "cashed in " + cashed.size() + " coins, expected "
                    + expected + " from " + active.length + " active miners", null);
        }
        return new RoundResult(round, start, cashed);
    }
}

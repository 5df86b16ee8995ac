package io.chaching.bench;

import io.chaching.miners.Coin;
import io.chaching.miners.RoundResult;

/**
 * One round as either parent saw it, reduced to what the statistics need: stamps of the round,
 * the parent's CPU time during it, and per coin (in cash-in order) its miner and its mined and
 * cashed stamps. The JVM fills it from a {@link RoundResult}; the C parent from its serve reply.
 */
public record RoundSample(long startNs, long endNs, long cpuNs, int[] miner, long[] minedNs, long[] cashedNs) {

    static RoundSample of(RoundResult r, long cpuNs) {
        int n = r.coins().size();
        int[] miner = new int[n];
        long[] mined = new long[n];
        long[] cashed = new long[n];
        for (int i = 0; i < n; i++) {
            Coin c = r.coins().get(i);
            miner[i] = c.miner();
            mined[i] = c.minedNs();
            cashed[i] = c.cashedNs();
        }
        return new RoundSample(r.startNs(), cashed[n - 1], cpuNs, miner, mined, cashed);
    }

    public long makespanNs() {
        return endNs - startNs;
    }

    public long timeToFirstCoinNs() {
        return cashedNs[0] - startNs;
    }
}

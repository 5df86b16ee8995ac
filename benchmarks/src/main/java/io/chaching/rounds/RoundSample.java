package io.chaching.rounds;

import io.chaching.coins.Coin;

/**
 * One round as either parent saw it: its number, stamps of the round, the parent's CPU time
 * during it, and per coin (in cash-in order) its miner, its mined and cashed stamps, and for the
 * trace its started stamp, nonce and digest. The JVM fills it from a {@link RoundResult}; the C
 * parent from its serve reply.
 */
public record RoundSample(long round, long startNs, long endNs, long cpuNs, int[] miner, long[] minedNs, long[] cashedNs,
                          long[] startedNs, long[] nonce, String[] digestHex) {

    public static RoundSample of(RoundResult r, long cpuNs) {
        int n = r.coins().size();
        int[] miner = new int[n];
        long[] mined = new long[n];
        long[] cashed = new long[n];
        long[] started = new long[n];
        long[] nonce = new long[n];
        String[] digest = new String[n];
        for (int i = 0; i < n; i++) {
            Coin c = r.coins().get(i);
            miner[i] = c.miner();
            mined[i] = c.minedNs();
            cashed[i] = c.cashedNs();
            started[i] = c.startedNs();
            nonce[i] = c.nonce();
            digest[i] = c.digestHex();
        }
        return new RoundSample(r.round(), r.startNs(), cashed[n - 1], cpuNs, miner, mined, cashed, started, nonce, digest);
    }

    public long makespanNs() {
        return endNs - startNs;
    }

    public long timeToFirstCoinNs() {
        return cashedNs[0] - startNs;
    }
}

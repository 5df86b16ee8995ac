package io.chaching.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Bursts: coins the parent cashed in together, in one wake-up or sweep. Coins sorted by cash-in
 * time belong to one burst while each follows the previous by at most {@code gapNs}.
 *
 * <p>A burst also records how far apart its coins were mined. Mined far apart but cashed
 * together means the parent was elsewhere while they waited (blocked on another miner, off the
 * CPU); mined together means the miners themselves finished together. That is what lets the
 * report say what caused a burst.
 */
public final class Bursts {
    private Bursts() {
    }

    /** One burst: its size, when it was cashed in, and the spread of its coins' mined times. */
    public record Burst(int size, long firstCashedNs, long lastCashedNs, long firstMinedNs, long lastMinedNs) {
        public long minedSpreadNs() {
            return lastMinedNs - firstMinedNs;
        }

        public long cashedSpreadNs() {
            return lastCashedNs - firstCashedNs;
        }
    }

    /** Groups coins (parallel arrays, any order) into bursts, in cash-in order. */
    public static List<Burst> detect(long[] minedNs, long[] cashedNs, long gapNs) {
        if (minedNs.length != cashedNs.length) {
            throw new IllegalArgumentException("one mined and one cashed stamp per coin: mined=" + minedNs.length
                    + " cashed=" + cashedNs.length);
        }
        if (gapNs < 0) {
            throw new IllegalArgumentException("gap must be >= 0: gapNs=" + gapNs);
        }
        Integer[] order = new Integer[cashedNs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> cashedNs[i]).thenComparingLong(i -> minedNs[i]));
        List<Burst> bursts = new ArrayList<>();
        int start = 0;
        for (int k = 1; k <= order.length; k++) {
            if (k == order.length || cashedNs[order[k]] - cashedNs[order[k - 1]] > gapNs) {
                long minMined = Long.MAX_VALUE;
                long maxMined = Long.MIN_VALUE;
                for (int m = start; m < k; m++) {
                    minMined = Math.min(minMined, minedNs[order[m]]);
                    maxMined = Math.max(maxMined, minedNs[order[m]]);
                }
                bursts.add(new Burst(k - start, cashedNs[order[start]], cashedNs[order[k - 1]], minMined, maxMined));
                start = k;
            }
        }
        return bursts;
    }
}

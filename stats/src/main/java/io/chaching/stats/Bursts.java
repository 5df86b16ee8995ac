package io.chaching.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Bursts, by the project's one rule (the benchmarks' profiler and the report both use it): a burst
 * is a backlog drained in one go. Coins taken in cash-in order belong to one burst while each was
 * already mined (waiting) when the coin before it was cashed, and was cashed at most
 * {@link #GAP_NS} after it. Coins mined after the previous one was cashed start a new burst
 * however soon they follow: they did not wait, so nothing was drained.
 *
 * <p>A burst also records how far apart its coins were mined. Mined far apart but cashed
 * together means the parent was elsewhere while they waited (blocked on another miner, off the
 * CPU); mined together means the miners themselves finished together. That is what lets the
 * report say what caused a burst.
 */
public final class Bursts {
    /** The longest gap between two coins drained from one backlog: a JVM parent's own work per coin fits. */
    public static final long GAP_NS = 100_000;

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

    /**
     * The rule itself: does a coin mined at {@code minedNs} and cashed at {@code cashedNs} continue
     * the burst whose last coin was cashed at {@code prevCashedNs}?
     */
    public static boolean continues(long prevCashedNs, long minedNs, long cashedNs) {
        return minedNs <= prevCashedNs && cashedNs - prevCashedNs <= GAP_NS;
    }

    /** Groups coins (parallel arrays, any order) into bursts, in cash-in order. */
    public static List<Burst> detect(long[] minedNs, long[] cashedNs) {
        if (minedNs.length != cashedNs.length) {
            throw new IllegalArgumentException("one mined and one cashed stamp per coin: mined=" + minedNs.length
                    + " cashed=" + cashedNs.length);
        }
        Integer[] order = new Integer[cashedNs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> cashedNs[i]).thenComparingLong(i -> minedNs[i]));
        List<Burst> bursts = new ArrayList<>();
        int start = 0;
        for (int k = 1; k <= order.length; k++) {
            if (k == order.length || !continues(cashedNs[order[k - 1]], minedNs[order[k]], cashedNs[order[k]])) {
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

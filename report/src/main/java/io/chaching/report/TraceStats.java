package io.chaching.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * What one hand-off's round traces say: delays, bursts (coins cashed within {@link #BURST_GAP_NS}
 * of each other, as the bench profiler counts them) with how far apart those coins were mined,
 * coins overtaken (cashed after a coin mined later), delay by miner, and rank pairs. The
 * report's explanations are computed from these.
 */
public final class TraceStats {
    /** One read of a pipe stamps its coins alike; a sweep's reads land within a few us. */
    public static final long BURST_GAP_NS = 5_000;

    public final int rounds;
    public final int coins;
    /** Cash-in delays, ns, sorted. */
    public final long[] delays;
    /** Burst sizes: size -> how many bursts. */
    public final TreeMap<Integer, Integer> burstSizes = new TreeMap<>();
    /** Per burst of 2 or more coins: max minus min of their mined times, ns, sorted. */
    public final long[] burstMinedSpreads;
    /** Coins cashed after some coin of the same round that was mined later. */
    public final int overtaken;
    /** Sum of the delays of overtaken coins over the sum of all delays. */
    public final double overtakenDelayShare;
    /** Mean delay per miner id, ns (index = miner id). */
    public final double[] meanDelayByMiner;
    /** Pearson correlation of delay with miner id (NaN with one miner). */
    public final double delayMinerCorrelation;
    /** (mined rank, cash-in rank) within its round, one pair per coin. */
    public final List<int[]> ranks = new ArrayList<>();

    public TraceStats(List<Traces.Round> trace) {
        rounds = trace.size();
        int n = 0;
        for (Traces.Round r : trace) {
            n += r.coins();
        }
        coins = n;
        delays = new long[n];
        List<Long> spreads = new ArrayList<>();
        int over = 0;
        double overDelay = 0;
        double allDelay = 0;
        int maxMiner = 0;
        for (Traces.Round r : trace) {
            for (int m : r.miner()) {
                maxMiner = Math.max(maxMiner, m);
            }
        }
        double[] sumByMiner = new double[maxMiner + 1];
        int[] countByMiner = new int[maxMiner + 1];
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int k = 0;
        for (Traces.Round r : trace) {
            int c = r.coins();
            long latestMinedBefore = Long.MIN_VALUE; // over coins cashed strictly earlier
            long groupMax = Long.MIN_VALUE;
            long groupCashed = Long.MIN_VALUE;
            int burst = 0;
            long burstMinMined = 0;
            long burstMaxMined = 0;
            Integer[] byMined = new Integer[c];
            for (int i = 0; i < c; i++) {
                byMined[i] = i;
            }
            Arrays.sort(byMined, (a, b) -> Long.compare(r.minedNs()[a], r.minedNs()[b]));
            int[] minedRank = new int[c];
            for (int i = 0; i < c; i++) {
                minedRank[byMined[i]] = i;
            }
            for (int i = 0; i < c; i++) {
                long mined = r.minedNs()[i];
                long cashed = r.cashedNs()[i];
                long d = cashed - mined;
                delays[k++] = d;
                allDelay += d;
                if (cashed != groupCashed) {
                    latestMinedBefore = Math.max(latestMinedBefore, groupMax);
                    groupMax = Long.MIN_VALUE;
                    groupCashed = cashed;
                }
                groupMax = Math.max(groupMax, mined);
                if (latestMinedBefore > mined) {
                    over++;
                    overDelay += d;
                }
                if (i > 0 && cashed - r.cashedNs()[i - 1] <= BURST_GAP_NS) {
                    burst++;
                    burstMinMined = Math.min(burstMinMined, mined);
                    burstMaxMined = Math.max(burstMaxMined, mined);
                } else {
                    closeBurst(burst, burstMaxMined - burstMinMined, spreads);
                    burst = 1;
                    burstMinMined = mined;
                    burstMaxMined = mined;
                }
                int m = r.miner()[i];
                sumByMiner[m] += d;
                countByMiner[m]++;
                sx += m;
                sy += d;
                sxx += (double) m * m;
                syy += (double) d * d;
                sxy += (double) m * d;
                ranks.add(new int[] {minedRank[i], i});
            }
            closeBurst(burst, burstMaxMined - burstMinMined, spreads);
        }
        Arrays.sort(delays);
        burstMinedSpreads = spreads.stream().mapToLong(Long::longValue).sorted().toArray();
        overtaken = over;
        overtakenDelayShare = allDelay == 0 ? 0 : overDelay / allDelay;
        meanDelayByMiner = new double[maxMiner + 1];
        for (int m = 0; m <= maxMiner; m++) {
            meanDelayByMiner[m] = countByMiner[m] == 0 ? Double.NaN : sumByMiner[m] / countByMiner[m];
        }
        double cov = sxy - sx * sy / n;
        double vx = sxx - sx * sx / n;
        double vy = syy - sy * sy / n;
        delayMinerCorrelation = n < 2 || vx <= 0 || vy <= 0 ? Double.NaN : cov / Math.sqrt(vx * vy);
    }

    private void closeBurst(int size, long spread, List<Long> spreads) {
        if (size == 0) {
            return;
        }
        burstSizes.merge(size, 1, Integer::sum);
        if (size >= 2) {
            spreads.add(spread);
        }
    }

    /** Nearest-rank percentile of the delays, ns (NaN when there are none). */
    public double delayPercentile(double p) {
        return percentile(delays, p);
    }

    public static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Coins over bursts. */
    public double meanBurst() {
        int b = burstSizes.values().stream().mapToInt(Integer::intValue).sum();
        return b == 0 ? Double.NaN : (double) coins / b;
    }

    public int maxBurst() {
        return burstSizes.isEmpty() ? 0 : burstSizes.lastKey();
    }

    /** Share of coins that arrived in a burst of two or more. */
    public double coinsInMultiBursts() {
        int in = 0;
        for (var e : burstSizes.entrySet()) {
            if (e.getKey() >= 2) {
                in += e.getKey() * e.getValue();
            }
        }
        return coins == 0 ? 0 : (double) in / coins;
    }

    /** Max over min of the per-miner mean delays: 1 is perfectly fair. */
    public double unfairness() {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double d : meanDelayByMiner) {
            if (!Double.isNaN(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        return lo <= 0 || lo == Double.MAX_VALUE ? Double.NaN : hi / lo;
    }
}

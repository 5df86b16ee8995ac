package io.chaching.report;

import io.chaching.stats.Bursts;
import io.chaching.stats.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * What one hand-off's round traces say: delays, bursts with how far apart their coins were mined,
 * coins overtaken (cashed after a coin mined later), delay by miner, rank pairs, and per-round
 * medians, first coins and makespans. The report's explanations
 * are computed from these.
 *
 * <p>A burst is a backlog drained in one go ({@link Bursts}, the one rule the bench profiler uses
 * too): coins cashed back to back, each already mined when the coin before it was cashed, at most
 * {@link #BURST_GAP_NS} apart. It asks what the lab asks: did coins wait and then come together.
 */
public final class TraceStats {
    /** Longer than a parent's per-coin work when it drains a backlog, shorter than a time slice. */
    public static final long BURST_GAP_NS = Bursts.GAP_NS;

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
    /** Cash gaps, ns, between back-to-back coins of a burst: the parent's work per coin, sorted. */
    public final long[] drainGaps;
    /**
     * Delays by the coin's place in its round (0 = mined first), ns: {@code delaysByPlace[p]}
     * holds the delay of every round's p-th mined coin, sorted.
     */
    public final long[][] delaysByPlace;
    /** Per round: median delay, first coin and makespan, ns (in trace order). */
    public final long[] roundMedianDelay;
    public final long[] roundFirstCoin;
    public final long[] roundMakespan;

    public TraceStats(List<Traces.Round> trace) {
        rounds = trace.size();
        int n = 0;
        for (Traces.Round r : trace) {
            n += r.coins();
        }
        coins = n;
        delays = new long[n];
        List<Long> spreads = new ArrayList<>();
        List<Long> drain = new ArrayList<>();
        roundMedianDelay = new long[rounds];
        roundFirstCoin = new long[rounds];
        roundMakespan = new long[rounds];
        int round = 0;
        int over = 0;
        double overDelay = 0;
        double allDelay = 0;
        int maxMiner = 0;
        int places = 0;
        for (Traces.Round r : trace) {
            for (int m : r.miner()) {
                maxMiner = Math.max(maxMiner, m);
            }
            places = Math.max(places, r.coins());
        }
        double[] sumByMiner = new double[maxMiner + 1];
        int[] countByMiner = new int[maxMiner + 1];
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int k = 0;
        List<List<Long>> byPlace = new ArrayList<>();
        for (int p = 0; p < places; p++) {
            byPlace.add(new ArrayList<>());
        }
        for (Traces.Round r : trace) {
            int c = r.coins();
            long[] rd = new long[c];
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
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
                rd[i] = d;
                first = Math.min(first, cashed);
                last = Math.max(last, cashed);
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
                if (i > 0 && Bursts.continues(r.cashedNs()[i - 1], mined, cashed)) {
                    drain.add(cashed - r.cashedNs()[i - 1]);
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
                byPlace.get(minedRank[i]).add(d);
            }
            closeBurst(burst, burstMaxMined - burstMinMined, spreads);
            Arrays.sort(rd);
            roundMedianDelay[round] = (long) percentile(rd, 50);
            roundFirstCoin[round] = first - r.startNs();
            roundMakespan[round] = last - r.startNs();
            round++;
        }
        Arrays.sort(delays);
        delaysByPlace = new long[places][];
        for (int p = 0; p < places; p++) {
            delaysByPlace[p] = byPlace.get(p).stream().mapToLong(Long::longValue).sorted().toArray();
        }
        burstMinedSpreads = spreads.stream().mapToLong(Long::longValue).sorted().toArray();
        drainGaps = drain.stream().mapToLong(Long::longValue).sorted().toArray();
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
        return sorted.length == 0 ? Double.NaN : Percentiles.ofSorted(sorted, p);
    }

    /** Index of the traced round whose makespan is the median (nearest rank: the lower one of an even count). */
    public int medianMakespanRound() {
        Integer[] order = new Integer[rounds];
        for (int i = 0; i < rounds; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(roundMakespan[a], roundMakespan[b]));
        return order[Percentiles.index(rounds, 50)];
    }

    /** Share of the coins at places [from, to) of their rounds that waited longer than {@code ns}. */
    public double shareWaitingOver(long ns, int from, int to) {
        int all = 0;
        int over = 0;
        for (int p = Math.max(0, from); p < Math.min(to, delaysByPlace.length); p++) {
            for (long d : delaysByPlace[p]) {
                all++;
                if (d > ns) {
                    over++;
                }
            }
        }
        return all == 0 ? Double.NaN : (double) over / all;
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

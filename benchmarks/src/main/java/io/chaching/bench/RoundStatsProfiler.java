package io.chaching.bench;

import io.chaching.rounds.RoundRecorder;
import io.chaching.rounds.RoundSample;
import io.chaching.stats.Bursts;
import io.chaching.stats.KendallTau;
import io.chaching.stats.Percentiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * Turns the rounds of one iteration into JMH secondary results, after the iteration and so
 * outside the timed path: cash-in delay p50/p99/max (over every coin), time to first coin and
 * makespan (medians over rounds), Kendall tau of cash-in order against mined order (mean over
 * rounds), burst sizes (backlogs drained in one go, {@link Bursts}' one rule), and parent CPU
 * (CPU time over makespan, summed over rounds: {@code parentCpu}, the process's, for
 * RoundBenchmark; {@code parentThreadCpu}, the calling thread's, for MultiplexerBenchmark, see
 * {@link #cpuMetric}); for BogatyrsBenchmark, {@code agreement} and
 * {@code lastLetter} ({@link AgreementRecorder}). Added to every run by BenchMain
 * ({@code -prof io.chaching.bench.RoundStatsProfiler} by hand).
 */
public final class RoundStatsProfiler implements InternalProfiler {
    @Override
    public String getDescription() {
        return "cha-ching round statistics: cash-in delay, first coin, order, bursts, parent CPU";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        RoundRecorder.drain(); // nothing from setup or an earlier iteration counts
        LatencyRecorder.drain();
        AgreementRecorder.drain();
        SampleLog.clear();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        List<Result> out = new ArrayList<>();
        latency(LatencyRecorder.drain(), out);
        AgreementRecorder.results(out);
        CountWindow.results(out);
        List<RoundSample> rounds = RoundRecorder.drain();
        // MultiplexerBenchmark logs its own per-call time; its 4-coin rounds would only swell the file
        rounds(rounds, out, benchmarkParams.getBenchmark().endsWith("RoundBenchmark.round"),
                cpuMetric(benchmarkParams.getBenchmark()));
        if (iterationParams.getType() == IterationType.MEASUREMENT) {
            try {
                SampleLog.flush(benchmarkParams);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the iteration's samples", e);
            }
        } else {
            SampleLog.clear();
        }
        return out;
    }

    /**
     * The name of the rounds' CPU over their makespan in benchmark {@code benchmark}'s results:
     * {@code parentThreadCpu} for MultiplexerBenchmark, whose rounds count the calling thread's CPU
     * ({@link io.chaching.rounds.ActiveSubset#lastCpuNs}); else {@code parentCpu}, the process's
     * (RoundBenchmark's, for both parents; the A/B gate compares it with older builds' by that name).
     */
    static String cpuMetric(String benchmark) {
        return benchmark.startsWith(MultiplexerBenchmark.class.getName() + ".") ? MultiplexerBenchmark.CPU_METRIC
                : "parentCpu";
    }

    /** The iteration's rounds as secondary results, their CPU named {@code cpuMetric}; each round's values into the sample log. */
    static void rounds(List<RoundSample> rounds, List<Result> out, boolean log, String cpuMetric) {
        if (rounds.isEmpty()) {
            return;
        }
        int coins = rounds.stream().mapToInt(r -> r.cashedNs().length).sum();
        long[] delays = new long[coins];
        long[] makespans = new long[rounds.size()];
        long[] firsts = new long[rounds.size()];
        double tauSum = 0;
        int tauRounds = 0;
        long cpu = 0;
        long span = 0;
        int bursts = 0;
        int burstMax = 0;
        int k = 0;
        for (int i = 0; i < rounds.size(); i++) {
            RoundSample r = rounds.get(i);
            double[] roundDelays = new double[r.cashedNs().length];
            for (int c = 0; c < r.cashedNs().length; c++) {
                delays[k++] = r.cashedNs()[c] - r.minedNs()[c];
                roundDelays[c] = (r.cashedNs()[c] - r.minedNs()[c]) / 1e3;
            }
            makespans[i] = r.makespanNs();
            firsts[i] = r.timeToFirstCoinNs();
            if (log) {
                SampleLog.add("delay", "us", roundDelays);
                SampleLog.add("makespan", "ms", r.makespanNs() / 1e6);
                SampleLog.add("firstCoin", "ms", r.timeToFirstCoinNs() / 1e6);
                SampleLog.add(cpuMetric, "cpu/makespan", r.makespanNs() == 0 ? 0 : (double) r.cpuNs() / r.makespanNs());
            }
            if (r.cashedNs().length >= 2) {
                double tau = KendallTau.tauB(r.minedNs(), r.cashedNs());
                if (!Double.isNaN(tau)) {
                    tauSum += tau;
                    tauRounds++;
                    if (log) {
                        SampleLog.add("tau", "tau", tau);
                    }
                }
            }
            for (Bursts.Burst b : Bursts.detect(r.minedNs(), r.cashedNs())) {
                bursts++;
                burstMax = Math.max(burstMax, b.size());
            }
            cpu += r.cpuNs();
            span += r.makespanNs();
        }
        java.util.Arrays.sort(delays);
        out.add(new ScalarResult("delay.p50", Percentiles.ofSorted(delays, 50) / 1e3, "us", AggregationPolicy.AVG));
        // a tail percentile only where the iteration's coins support it (48 coins: the max is the max)
        for (double p : new double[] {90, 99}) {
            if (Percentiles.supports(coins, p)) {
                out.add(new ScalarResult("delay.p" + (int) p, Percentiles.ofSorted(delays, p) / 1e3, "us",
                        AggregationPolicy.AVG));
            }
        }
        out.add(new ScalarResult("delay.max", delays[delays.length - 1] / 1e3, "us", AggregationPolicy.MAX));
        out.add(new ScalarResult("firstCoin.p50", Percentiles.of(firsts, 50) / 1e6, "ms", AggregationPolicy.AVG));
        out.add(new ScalarResult("makespan.p50", Percentiles.of(makespans, 50) / 1e6, "ms", AggregationPolicy.AVG));
        out.add(new ScalarResult("order.tau", tauRounds == 0 ? Double.NaN : tauSum / tauRounds, "tau",
                AggregationPolicy.AVG));
        out.add(new ScalarResult("burst.mean", (double) coins / bursts, "coins", AggregationPolicy.AVG));
        out.add(new ScalarResult("burst.max", burstMax, "coins", AggregationPolicy.MAX));
        out.add(new ScalarResult(cpuMetric, span == 0 ? 0 : (double) cpu / span, "cpu/makespan", AggregationPolicy.AVG));
        out.add(new ScalarResult("rounds", rounds.size(), "rounds", AggregationPolicy.SUM));
    }

    /**
     * Paced streams: p50, p99, p99.9 and max of each stream's cash-in delays, averaged over the
     * iteration's streams (max: the largest), and each stream's into the sample log. Both parents
     * take exact nearest-rank percentiles ({@link Percentiles}): the JVM here from its raw delays,
     * the C parent over its own stream by the same rule.
     */
    static void latency(List<LatencyRecorder.StreamDelays> streams, List<Result> out) {
        if (streams.isEmpty()) {
            return;
        }
        double p50 = 0;
        double p99 = 0;
        double p999 = 0;
        long max = 0;
        boolean tail = true;
        for (LatencyRecorder.StreamDelays s : streams) {
            LatencyRecorder.StreamDelays d = s;
            tail &= Percentiles.supports(s.coins(), 99.9);
            if (s.raw() != null) {
                long[] sorted = s.raw().clone();
                java.util.Arrays.sort(sorted);
                d = LatencyRecorder.StreamDelays.summary(s.coins(), Percentiles.ofSorted(sorted, 50), Percentiles.ofSorted(sorted, 99),
                        Percentiles.ofSorted(sorted, 99.9), sorted[sorted.length - 1]);
            }
            SampleLog.add("delay.p50", "us", d.p50() / 1e3);
            SampleLog.add("delay.p99", "us", d.p99() / 1e3);
            SampleLog.add("delay.max", "us", d.max() / 1e3);
            p50 += d.p50();
            p99 += d.p99();
            p999 += d.p999();
            max = Math.max(max, d.max());
        }
        int n = streams.size();
        out.add(new ScalarResult("latency.p50", p50 / n / 1e3, "us", AggregationPolicy.AVG));
        out.add(new ScalarResult("latency.p99", p99 / n / 1e3, "us", AggregationPolicy.AVG));
        if (tail) { // a stream of 1000 coins has no 99.9th percentile, only its maximum
            out.add(new ScalarResult("latency.p99.9", p999 / n / 1e3, "us", AggregationPolicy.AVG));
        }
        out.add(new ScalarResult("latency.max", max / 1e3, "us", AggregationPolicy.MAX));
        out.add(new ScalarResult("streams", n, "streams", AggregationPolicy.SUM));
    }
}

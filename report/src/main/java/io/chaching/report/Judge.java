package io.chaching.report;

import io.chaching.report.Bootstrap.Stat;
import io.chaching.report.JmhResult.Metric;
import io.chaching.report.Samples.Nested;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every estimate and comparison of the report, judged from the run's samples with the
 * hierarchical {@link Bootstrap}: a figure is the statistic of every value measured, with the 99%
 * interval of its replicates; a comparison is the ratio (or, for Kendall tau, the difference) of
 * two figures with the interval of the replicates' ratios. Each comparison is recorded for
 * {@code verdicts.json}. Without samples (a run from before they existed, or a benchmark that
 * writes none) the iteration scores JMH wrote are the samples, one per iteration.
 */
public final class Judge {
    /** Equivalent: the whole interval of the ratio inside [1/1.05, 1.05]. */
    public static final double BAND = 0.05;
    /** Equivalent for a difference (Kendall tau): the whole interval inside +-0.05. */
    public static final double BAND_DIFFERENCE = 0.05;

    /** One side of a comparison: what the report calls it, and the result and metric it is. */
    public record Side(String label, String benchmark, Map<String, String> params, String metric) {
    }

    /** A figure: the statistic, its interval, and where it came from. */
    public record Estimate(double point, double low, double high, String unit, Stat stat, String method,
                           int values, boolean enough) {
        Metric metric() {
            return new Metric(point, (high - low) / 2, low, high, unit);
        }
    }

    /** The three honest outcomes, and the fourth when a side is missing. */
    public enum Outcome { BETTER, WORSE, EQUIVALENT, UNDECIDED, NOT_MEASURED }

    /** One comparison as verdicts.json and the sentences carry it. */
    public record Comparison(String section, String measure, Side a, Side b, Estimate ea, Estimate eb, String kind,
                             double ratio, double low, double high, String method, Outcome outcome, String winner,
                             double mde) {
    }

    /**
     * Which sample measure and statistic stands behind a report metric; {@code paired} when the
     * benchmark gives the k-th call of an iteration the same work on every side.
     */
    /**
     * Where a figure's samples are and how two sides are compared: {@code paired} when a call's
     * place (trial, iteration, call number) holds the same work on every side; {@code pooled} when
     * a call holds many values (a round's coins) and the comparison takes the statistic of all
     * values of the calls drawn, the calls drawn together on both sides.
     */
    record Source(String measure, Stat stat, boolean difference, boolean paired, boolean pooled) {
        Source(String measure, Stat stat, boolean difference, boolean paired) {
            this(measure, stat, difference, paired, false);
        }
    }

    private static final Map<String, Source> SOURCES = new HashMap<>();

    static {
        // a round's makespan, first coin and CPU are mostly its mining, the same work on every side
        SOURCES.put("RoundBenchmark/", new Source("makespan", Stat.MEDIAN, false, true));
        SOURCES.put("RoundBenchmark/makespan.p50", new Source("makespan", Stat.MEDIAN, false, true));
        // the median delay of every coin, rounds drawn in pairs: both sides' round k cashed the same coins
        SOURCES.put("RoundBenchmark/delay.p50", new Source("delay", Stat.MEDIAN, false, true, true));
        // the tail of all coins' delays: 16 a round is too few for a round's own percentile
        source("RoundBenchmark", "delay.p90", "delay", Stat.P90);
        source("RoundBenchmark", "delay.p99", "delay", Stat.P99);
        SOURCES.put("RoundBenchmark/firstCoin.p50", new Source("firstCoin", Stat.MEDIAN, false, true));
        // a mean: a sleeping parent's CPU in one round is often below the clock's resolution, 0
        SOURCES.put("RoundBenchmark/parentCpu", new Source("parentCpu", Stat.MEAN, false, true));
        SOURCES.put("RoundBenchmark/order.tau", new Source("tau", Stat.MEAN, true, false));
        source("StreamBenchmark", "coins", "coins", Stat.MEDIAN);
        source("StreamBenchmark", "bytes", "bytes", Stat.MEDIAN);
        source("ProducerBenchmark", "coins", "coins", Stat.MEDIAN);
        source("PacedLatencyBenchmark", "latency.p50", "delay.p50", Stat.MEDIAN);
        source("PacedLatencyBenchmark", "latency.p99", "delay.p99", Stat.MEDIAN);
        source("MultiplexerBenchmark", "", "op", Stat.MEDIAN);
        source("SpawnBenchmark", "", "op", Stat.MEDIAN);
        source("BindingBenchmark", "", "op", Stat.MEDIAN);
        source("BogatyrsBenchmark", "", "lastLetter", Stat.MEDIAN);
        source("BogatyrsBenchmark", "lastLetter", "lastLetter", Stat.MEDIAN);
        source("BogatyrsBenchmark", "agreement", "agreement", Stat.MEDIAN);
    }

    private static void source(String cls, String metric, String measure, Stat stat) {
        SOURCES.put(cls + "/" + metric, new Source(measure, stat, false, false));
    }

    private final Results results;
    private final Samples samples;
    /** Whether trial r of every side ran side by side: see {@link #pairedByTrial}. */
    private final boolean byTrial;
    private final Map<String, Optional<Resolved>> cache = new HashMap<>();
    private final List<Comparison> all = new ArrayList<>();
    /** Each comparison once: the page's opening answers ask again what its sections judged. */
    private final Map<String, Comparison> made = new HashMap<>();

    private static String key(String section, String measure, Side a, Side b) {
        return section + "|" + measure + "|" + a.label() + " " + id(a) + "|" + b.label() + " " + id(b);
    }

    /**
     * Which figure a side is: benchmark, parameters in name order (a Map.of iterates in an order
     * that changes from one JVM to the next) and metric; the label is only what the page calls it.
     */
    static String id(Side s) {
        return s.benchmark() + "/" + new java.util.TreeMap<>(s.params()) + "/" + s.metric();
    }

    /** What makes a comparison the same one, in this run or another: its section, measure and sides. */
    static String key(Comparison c) {
        return key(c.section(), c.measure(), c.a(), c.b());
    }

    /** A side's data, resolved once: its estimate, its replicates, and its samples when it has them. */
    record Resolved(Estimate estimate, double[] replicates, boolean difference, Nested samples, Source source, long seed,
                    boolean pairable) {
        Resolved(Estimate estimate, double[] replicates, boolean difference) {
            this(estimate, replicates, difference, null, null, 0, false);
        }
    }

    /**
     * The interval of a comparison's (or a figure's) replicates: {low, high}. One place, so the
     * coverage test judges exactly as the report does.
     */
    static double[] interval(double[] reps) {
        return Bootstrap.interval(reps);
    }

    /**
     * The smallest difference a run with this interval could have told from none: half the
     * interval's width (for a ratio, relative: the square root of high over low, less 1).
     */
    static double mde(double lo, double hi, boolean difference) {
        return difference ? (hi - lo) / 2 : Math.sqrt(hi / lo) - 1;
    }

    /** Better, worse, equivalent or undecided, from an interval of a ratio (or a difference). */
    static Outcome outcome(double lo, double hi, boolean difference, boolean lowerIsBetter) {
        double one = difference ? 0 : 1;
        boolean inBand = difference ? lo >= -BAND_DIFFERENCE && hi <= BAND_DIFFERENCE : lo >= 1 / (1 + BAND) && hi <= 1 + BAND;
        if (inBand) {
            return Outcome.EQUIVALENT;
        }
        if (hi < one) {
            return lowerIsBetter ? Outcome.BETTER : Outcome.WORSE;
        }
        if (lo > one) {
            return lowerIsBetter ? Outcome.WORSE : Outcome.BETTER;
        }
        return Outcome.UNDECIDED;
    }

    public Judge(Results results, Samples samples) {
        this(results, samples, false);
    }

    private Judge(Results results, Samples samples, boolean byTrial) {
        this.results = results;
        this.samples = samples;
        this.byTrial = byTrial;
    }

    /**
     * A judge for runs whose trial r ran side by side on every side, fork next to fork (the A/B
     * gate's lockstep pairs): every measure is then compared paired by trial, iteration and call,
     * pooled ({@link Bootstrap#pooledReplicates}), so that what a spell of the machine did to both
     * sides of a trial falls out of the ratio instead of widening it.
     */
    public static Judge pairedByTrial(Results results, Samples samples) {
        return new Judge(results, samples, true);
    }

    /** Every comparison made so far, in the order the report made them. */
    public List<Comparison> comparisons() {
        return List.copyOf(all);
    }

    /** The side's bootstrap replicates (same seed, same values), if the run has it. */
    public Optional<double[]> replicates(Side s) {
        return resolve(s).map(Resolved::replicates);
    }

    /** Records a finding made from replicates elsewhere (the crossover payload). */
    public void record(Comparison c) {
        if (made.putIfAbsent(key(c), c) == null) {
            all.add(c);
        }
    }

    /**
     * The statistic of each iteration of the side's samples on its own, trial by trial: what a
     * chart draws as dots beside the figure. Empty without samples.
     */
    public List<Double> iterations(Side s) {
        Optional<Resolved> r = resolve(s);
        if (r.isEmpty() || r.get().samples() == null) {
            return List.of();
        }
        Nested n = r.get().samples();
        List<Double> out = new ArrayList<>();
        for (int t = 0; t < n.trials(); t++) {
            for (int i = 0; i < n.data()[t].length; i++) {
                double[] values = n.pooled(t, i);
                if (values.length > 0) {
                    out.add(r.get().source().stat().of(values));
                }
            }
        }
        return out;
    }

    public Optional<Estimate> estimate(Side s) {
        return resolve(s).map(Resolved::estimate);
    }

    /** The figure as a Metric for tables and charts (point, interval), if the run has it. */
    public Optional<Metric> metric(Side s) {
        return estimate(s).map(Estimate::metric);
    }

    /** Compares A with B on one measure; {@code lowerIsBetter} from the measure. */
    public Comparison compare(String section, String measure, boolean lowerIsBetter, Side a, Side b) {
        Comparison known = made.get(key(section, measure, a, b));
        if (known != null) {
            return known;
        }
        Optional<Resolved> ra = resolve(a);
        Optional<Resolved> rb = resolve(b);
        Comparison c;
        if (ra.isEmpty() || rb.isEmpty()) {
            c = new Comparison(section, measure, a, b, ra.map(Resolved::estimate).orElse(null),
                    rb.map(Resolved::estimate).orElse(null), "ratio", Double.NaN, Double.NaN, Double.NaN, "",
                    Outcome.NOT_MEASURED, null, Double.NaN);
        } else {
            c = judge(section, measure, lowerIsBetter, a, b, ra.get(), rb.get());
        }
        record(c);
        return c;
    }

    private static Comparison judge(String section, String measure, boolean lowerIsBetter, Side a, Side b, Resolved ra,
                                    Resolved rb) {
        boolean diff = ra.difference() || rb.difference();
        boolean pooled = ra.source() != null && ra.source().pooled();
        Nested[] pairs = ra.pairable() && rb.pairable() && ra.source().equals(rb.source())
                ? Bootstrap.align(ra.samples(), rb.samples()) : null;
        if (pairs != null && pairs[0].size() > 0 && pairs[1].size() > 0) {
            Stat st = ra.source().stat();
            long seed = ra.seed() ^ rb.seed();
            double point = pooled ? Bootstrap.pooledPoint(pairs[0], pairs[1], st, diff)
                    : Bootstrap.pairedPoint(pairs[0], pairs[1], st, diff);
            double[] reps = pooled ? Bootstrap.pooledReplicates(pairs[0], pairs[1], st, diff, Bootstrap.REPLICATES, seed)
                    : Bootstrap.pairedReplicates(pairs[0], pairs[1], st, diff, Bootstrap.REPLICATES, seed);
            boolean rounds = a.benchmark().equals("RoundBenchmark");
            String how = pooled ? "ratio of the " + st.word() + "s of every " + (rounds ? "coin" : "value")
                    : st == Stat.MEAN ? "ratio of the means"
                    : "median of the ratios";
            String method = "paired: " + how + " of the " + pairs[0].ops() + (rounds ? " rounds both sides mined alike ("
                    : " calls both sides made side by side (") + pairs[0].trials() + " trials, " + pairs[0].iterations()
                    + " iterations), resampled together";
            return decide(section, measure, lowerIsBetter, a, b, ra, rb, diff, point, reps, method);
        }
        double[] x = ra.replicates();
        double[] y = rb.replicates();
        int n = Math.min(x.length, y.length);
        double[] reps = new double[n];
        double point;
        if (diff) {
            point = ra.estimate().point() - rb.estimate().point();
            for (int i = 0; i < n; i++) {
                reps[i] = x[i] - y[i];
            }
        } else {
            point = ra.estimate().point() / rb.estimate().point();
            for (int i = 0; i < n; i++) {
                reps[i] = x[i] / y[i];
            }
        }
        return decide(section, measure, lowerIsBetter, a, b, ra, rb, diff, point, reps,
                ra.estimate().method() + " against " + rb.estimate().method());
    }

    private static Comparison decide(String section, String measure, boolean lowerIsBetter, Side a, Side b, Resolved ra,
                                     Resolved rb, boolean diff, double point, double[] reps, String method) {
        reps = java.util.Arrays.stream(reps).filter(Double::isFinite).toArray();
        if (reps.length < 2 || !Double.isFinite(point) || !(diff || ra.estimate().point() > 0 && rb.estimate().point() > 0)) {
            return new Comparison(section, measure, a, b, ra.estimate(), rb.estimate(), diff ? "difference" : "ratio",
                    point, Double.NaN, Double.NaN, method, Outcome.UNDECIDED, null, Double.NaN);
        }
        double[] ci = interval(reps);
        double lo = ci[0];
        double hi = ci[1];
        Outcome o = !ra.estimate().enough() || !rb.estimate().enough() ? Outcome.UNDECIDED
                : outcome(lo, hi, diff, lowerIsBetter);
        String winner = o == Outcome.BETTER ? a.label() : o == Outcome.WORSE ? b.label() : null;
        double mde = mde(lo, hi, diff);
        return new Comparison(section, measure, a, b, ra.estimate(), rb.estimate(), diff ? "difference" : "ratio", point,
                lo, hi, method, o, winner, mde);
    }

    private Optional<Resolved> resolve(Side s) {
        String key = id(s);
        return cache.computeIfAbsent(key, k -> compute(s));
    }

    private Optional<Resolved> compute(Side s) {
        Optional<JmhResult> r = results.find(s.benchmark(), s.params());
        if (r.isEmpty()) {
            return Optional.empty();
        }
        JmhResult result = r.get();
        Metric jmh = s.metric().isEmpty() ? result.primary() : result.secondary().get(s.metric());
        Source src = SOURCES.get(s.benchmark() + "/" + s.metric());
        if (byTrial && src != null && !src.paired()) {
            src = new Source(src.measure(), src.stat(), src.difference(), true, true);
        }
        long seed = (result.benchmark() + result.params() + s.metric()).hashCode() * 0x9E3779B97F4A7C15L;
        Nested n = src == null ? null : samples.get(new Samples.Key(result.benchmark(), result.params()), src.measure());
        if (n != null && n.size() > 0) {
            double point = Bootstrap.point(n, src.stat());
            double[] reps = Bootstrap.replicates(n, src.stat(), Bootstrap.REPLICATES, seed);
            double[] ci = interval(reps);
            String unit = jmh != null ? jmh.unit() : n.unit();
            String what = s.benchmark().equals("RoundBenchmark") && n.size() > n.ops() ? "rounds" : "calls";
            String method = src.stat().word() + " of " + n.size() + " values (" + n.trials() + " trials, " + n.iterations()
                    + " iterations, " + n.ops() + " " + what + ")";
            return Optional.of(new Resolved(new Estimate(point, ci[0], ci[1], unit, src.stat(), method, n.size(),
                    n.size() >= src.stat().needs()), reps, src.difference(), n, src, seed,
                    src.paired() && (byTrial || samples.paired(new Samples.Key(result.benchmark(), result.params())))));
        }
        if (jmh == null || Double.isNaN(jmh.score())) {
            return Optional.empty();
        }
        // no samples: JMH's iteration scores, one sample each, resampled forks then iterations
        boolean diff = src != null && src.difference();
        if (jmh.raw() == null || jmh.raw().length == 0) {
            return Optional.of(new Resolved(new Estimate(jmh.score(), Double.NaN, Double.NaN, jmh.unit(), Stat.MEAN,
                    "JMH score, no samples", 1, true), new double[0], diff));
        }
        double[][][][] d = new double[jmh.raw().length][][][];
        for (int f = 0; f < d.length; f++) {
            d[f] = new double[jmh.raw()[f].length][][];
            for (int i = 0; i < d[f].length; i++) {
                d[f][i] = new double[][] {{jmh.raw()[f][i]}};
            }
        }
        Nested it = new Nested(jmh.unit(), d);
        double[] reps = Bootstrap.replicates(it, Stat.MEAN, Bootstrap.REPLICATES, seed);
        double[] ci = interval(reps);
        return Optional.of(new Resolved(new Estimate(jmh.score(), ci[0], ci[1], jmh.unit(), Stat.MEAN,
                "mean of " + it.iterations() + " JMH iteration scores", it.iterations(), true), reps, diff));
    }
}

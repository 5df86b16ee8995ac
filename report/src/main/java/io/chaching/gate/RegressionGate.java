package io.chaching.gate;

import io.chaching.report.JmhResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares two JMH runs benchmark by benchmark. A benchmark has regressed only when it got
 * worse by more than the threshold AND its confidence intervals in the two runs are disjoint:
 * a change inside the noise is never a regression, and neither is a tiny but certain one.
 * Direction comes from the unit (ops/time: higher is better; time/op: lower is better).
 *
 * <p>Machine speed is divided out with a ruler: a CPU-only benchmark run in both files (its key
 * matching the ruler pattern). If the ruler took 10% longer in the current run, every current
 * score is first corrected by that factor, so a slower machine is not a slower hand-off.
 */
public final class RegressionGate {
    /** What happened to one benchmark. */
    public enum Verdict { REGRESSED, IMPROVED, UNCHANGED, WITHIN_NOISE, NO_CONFIDENCE_INTERVAL, ONLY_IN_BASELINE, ONLY_IN_CURRENT,
        /** The machine-speed ruler: measured, used, never judged. */
        RULER }

    /** One line of the comparison; {@code change} is the fraction by which it got worse (negative: better). */
    public record Row(String key, JmhResult baseline, JmhResult current, double correctedScore, double change,
                      Verdict verdict) {
    }

    /**
     * The whole comparison, and the ruler factor applied (1 when there is no ruler in both); with
     * the count gate's rows ({@link CountGate}), which need no ruler.
     */
    public record Report(List<Row> rows, double rulerFactor, String ruler, double threshold, List<CountGate.Row> counts) {
        public Report(List<Row> rows, double rulerFactor, String ruler, double threshold) {
            this(rows, rulerFactor, ruler, threshold, List.of());
        }

        /** A benchmark regressed, or one of its counts per coin went up. */
        public boolean regressed() {
            return rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSED) || CountGate.wentUp(counts);
        }
    }

    /** What every cha-ching benchmark's name starts with in a JMH result file. */
    public static final String PACKAGE = "io.chaching.bench.";

    private RegressionGate() {
    }

    /**
     * Refuses a run that holds nothing to judge: no cha-ching benchmark at all (an empty file,
     * another project's JMH file), or a cha-ching score that is not a positive finite number
     * (a ruler of 0 would turn every comparison into "100% faster" or an infinite change).
     * The message names the file, what is wrong and what is wanted.
     */
    public static void checkRun(String file, List<JmhResult> results) {
        long ours = results.stream().filter(r -> r.benchmark().startsWith(PACKAGE)).count();
        if (ours == 0) {
            throw new IllegalArgumentException(file + ": no cha-ching benchmark in it (" + results.size()
                    + " results, none named " + PACKAGE + "*): a run of scripts/bench is needed");
        }
        for (JmhResult r : results) {
            if (r.benchmark().startsWith(PACKAGE) && !(r.score() > 0 && Double.isFinite(r.score()))) {
                throw new IllegalArgumentException(file + ": " + r.key() + " has score " + r.score() + " " + r.unit()
                        + ": a score must be a positive finite number");
            }
        }
    }

    public static Report compare(List<JmhResult> baseline, List<JmhResult> current, double threshold, Pattern ruler) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be a fraction > 0: threshold=" + threshold);
        }
        Map<String, JmhResult> base = index(baseline);
        Map<String, JmhResult> cur = index(current);
        if (base.keySet().stream().noneMatch(k -> cur.containsKey(k) && (ruler == null || !ruler.matcher(k).find()))) {
            throw new IllegalArgumentException("the baseline and the current run have no benchmark in common"
                    + (ruler == null ? "" : " besides the ruler") + " (" + base.size() + " and " + cur.size()
                    + " benchmarks): nothing to judge");
        }
        double factor = 1;
        String rulerKey = null;
        for (String k : base.keySet()) {
            if (ruler != null && ruler.matcher(k).find() && cur.containsKey(k)) {
                JmhResult b = base.get(k);
                JmhResult c = cur.get(k);
                double ratio = in(c.score(), c.unit(), b.unit()) / b.score();
                factor = b.higherIsBetter() ? 1 / ratio : ratio; // > 1: the current machine is slower
                rulerKey = k;
                break;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, JmhResult> e : base.entrySet()) {
            JmhResult b = e.getValue();
            JmhResult c = cur.get(e.getKey());
            if (c == null) {
                rows.add(new Row(e.getKey(), b, null, Double.NaN, Double.NaN, Verdict.ONLY_IN_BASELINE));
                continue;
            }
            boolean higher = b.higherIsBetter();
            double f = e.getKey().equals(rulerKey) ? 1 : factor;
            // correct for machine speed: slower machine -> longer times, fewer ops
            double scale = higher ? f : 1 / f;
            double score = in(c.score(), c.unit(), b.unit()) * scale;
            double low = in(c.low(), c.unit(), b.unit()) * scale;
            double high = in(c.high(), c.unit(), b.unit()) * scale;
            double change = higher ? (b.score() - score) / b.score() : (score - b.score()) / b.score();
            Verdict v;
            if (e.getKey().equals(rulerKey)) {
                v = Verdict.RULER;
            } else if (Double.isNaN(b.low()) || Double.isNaN(low)) {
                v = Verdict.NO_CONFIDENCE_INTERVAL;
            } else {
                boolean disjoint = high < b.low() || low > b.high();
                if (!disjoint) {
                    v = Verdict.WITHIN_NOISE;
                } else if (change > threshold) {
                    v = Verdict.REGRESSED;
                } else if (change < -threshold) {
                    v = Verdict.IMPROVED;
                } else {
                    v = Verdict.UNCHANGED;
                }
            }
            rows.add(new Row(e.getKey(), b, c, score, change, v));
        }
        for (Map.Entry<String, JmhResult> e : cur.entrySet()) {
            if (!base.containsKey(e.getKey())) {
                rows.add(new Row(e.getKey(), null, e.getValue(), Double.NaN, Double.NaN, Verdict.ONLY_IN_CURRENT));
            }
        }
        return new Report(rows, factor, rulerKey, threshold, CountGate.compare(baseline, current));
    }

    private static Map<String, JmhResult> index(List<JmhResult> results) {
        Map<String, JmhResult> m = new LinkedHashMap<>();
        for (JmhResult r : results) {
            m.put(r.key(), r);
        }
        return m;
    }

    /** {@code value} in unit {@code from}, expressed in unit {@code to} (same kind: time/op or ops/time). */
    static double in(double value, String from, String to) {
        if (from.equals(to)) {
            return value;
        }
        boolean perOp = from.endsWith("/op");
        if (perOp != to.endsWith("/op")) {
            throw new IllegalArgumentException("cannot compare " + from + " with " + to);
        }
        double f = seconds(perOp ? from.substring(0, from.length() - 3) : from.substring(4));
        double t = seconds(perOp ? to.substring(0, to.length() - 3) : to.substring(4));
        return perOp ? value * f / t : value * t / f;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unknown time unit: " + unit);
        };
    }
}

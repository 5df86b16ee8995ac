package io.chaching.gate;

import io.chaching.args.Spec;
import io.chaching.report.JmhResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code check-regression BASELINE.json CURRENT.json [--threshold FRACTION] [--ruler REGEX]}:
 * prints the comparison table; exit 1 when a benchmark regressed, 0 otherwise, 2 when an input
 * cannot be read (naming the file and the problem), holds no cha-ching benchmark or no
 * benchmark in common with the other, or the arguments are wrong: a gate that goes green on
 * an empty run is no gate.
 */
public final class CheckRegression {
    public static final double DEFAULT_THRESHOLD = 0.10;
    /** What a bad threshold is told, followed by the value given. */
    public static final String THRESHOLD_RULE = "--threshold must be a fraction in (0, 10), e.g. 0.10: --threshold=";

    /** The threshold {@code v} names, or NaN when it is not a fraction in (0, 10): one rule for the gate and the report. */
    public static double threshold(String v) {
        double t;
        try {
            t = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return t > 0 && t < 10 ? t : Double.NaN;
    }
    static final String DEFAULT_RULER = "RulerBenchmark";
    /** The threshold as an argument kind: one rule for the gate and the report (empty is the default). */
    public static final Spec.Kind<Double> THRESHOLD = Spec.Kind.of("a fraction in (0, 10)", (what, v) -> {
        if (v.isEmpty()) {
            return null;
        }
        double t = threshold(v);
        if (Double.isNaN(t)) {
            throw new Spec.BadArguments(THRESHOLD_RULE + v);
        }
        return t;
    });
    static final Spec SPEC = new Spec("check-regression", "BASELINE.json CURRENT.json [--threshold FRACTION] [--ruler REGEX]")
            .positional("BASELINE.json", Spec.Kind.path(), "the run to compare against")
            .positional("CURRENT.json", Spec.Kind.path(), "the run to judge")
            .option("threshold", "FRACTION", THRESHOLD, DEFAULT_THRESHOLD,
                    "worse by more than this (and outside the noise) is a regression")
            .option("ruler", "REGEX", Spec.Kind.regex(), Pattern.compile(DEFAULT_RULER),
                    "the benchmark whose change is the machine's speed, divided out")
            .epilogue("The same-job A/B gate instead of two stored runs: check-regression --ab REF (--ab REF --help"
                    + " for its options).");

    private CheckRegression() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        return SPEC.run(argv, out, err, a -> check(a, out, err));
    }

    private static int check(Spec.Parsed a, PrintStream out, PrintStream err) {
        String baseline = a.string("BASELINE.json");
        String current = a.string("CURRENT.json");
        double threshold = a.<Double>get("threshold");
        Pattern ruler = a.get("ruler");
        List<JmhResult> b;
        List<JmhResult> c;
        try {
            b = JmhResult.read(Path.of(baseline));
            c = JmhResult.read(Path.of(current));
            RegressionGate.checkRun(baseline, b);
            RegressionGate.checkRun(current, c);
        } catch (IOException | IllegalArgumentException e) {
            err.println("check-regression: " + e.getMessage());
            return 2;
        }
        RegressionGate.Report report;
        try {
            report = RegressionGate.compare(b, c, threshold, ruler);
        } catch (IllegalArgumentException e) {
            err.println("check-regression: " + e.getMessage());
            return 2;
        }
        print(report, threshold, out);
        return report.regressed() ? 1 : 0;
    }

    /**
     * The count gate's table: every count that moved beyond its tolerance or is not gated is a row;
     * the counts that stayed within it are summed up in one line. Returns how many went up.
     */
    static long printCounts(List<CountGate.Row> counts, PrintStream out) {
        if (counts.isEmpty()) {
            return 0;
        }
        long same = counts.stream().filter(c -> c.verdict() == CountGate.Verdict.SAME).count();
        long notGated = counts.stream().filter(c -> c.verdict() == CountGate.Verdict.NOT_GATED).count();
        out.printf("count gate: %d counts per coin compared, %d within their tolerance, %d not gated (context switches,"
                + " CPU, a spinning parent's calls)%n", counts.size(), same, notGated);
        out.printf("%-10s %12s %12s %10s  %s%n", "verdict", "baseline", "current", "allowed", "count per coin");
        long more = 0;
        for (CountGate.Row c : counts) {
            if (c.verdict() == CountGate.Verdict.MORE || c.verdict() == CountGate.Verdict.FEWER) {
                more += c.verdict() == CountGate.Verdict.MORE ? 1 : 0;
                out.printf("%-10s %12.4g %12.4g %10s  %s %s [%s]%n", c.verdict(), c.baseline(), c.current(),
                        String.format("+-%.3g", c.allowed()), c.count(), c.key(), c.unit());
            }
        }
        return more;
    }

    static void print(RegressionGate.Report r, double threshold, PrintStream out) {
        out.printf("threshold %.0f%% and disjoint 99.9%% confidence intervals; %s%n", threshold * 100,
                r.ruler() == null ? "no ruler benchmark in both files: machine speed not corrected"
                        : String.format("ruler %s: current machine %.1f%% %s", r.ruler(), Math.abs(r.rulerFactor() - 1) * 100,
                        r.rulerFactor() >= 1 ? "slower" : "faster"));
        out.printf("%-24s %12s %12s %8s  %s%n", "verdict", "baseline", "current", "worse", "benchmark");
        for (RegressionGate.Row row : r.rows()) {
            String base = row.baseline() == null ? "-" : String.format("%.4g", row.baseline().score());
            String cur = row.current() == null ? "-" : String.format("%.4g", Double.isNaN(row.correctedScore())
                    ? row.current().score() : row.correctedScore());
            String worse = Double.isNaN(row.change()) ? "-" : String.format("%+.1f%%", row.change() * 100);
            String unit = row.baseline() != null ? row.baseline().unit() : row.current().unit();
            out.printf("%-24s %12s %12s %8s  %s [%s]%n", row.verdict(), base, cur, worse, row.key(), unit);
        }
        long regressed = r.rows().stream().filter(x -> x.verdict() == RegressionGate.Verdict.REGRESSED).count();
        long more = printCounts(r.counts(), out);
        out.println(regressed == 0 ? "no regression" : regressed + " regression" + (regressed == 1 ? "" : "s"));
        if (!r.counts().isEmpty()) {
            out.println(more == 0 ? "no count went up" : more + " count" + (more == 1 ? "" : "s") + " went up");
        }
    }
}

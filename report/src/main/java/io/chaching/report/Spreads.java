package io.chaching.report;

import io.chaching.args.Spec;
import io.chaching.report.Samples.Nested;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much a measure's values spread at each level of their nesting, on a log scale (so a spread
 * of 0.1 is about 10%): between trials, between iterations of a trial, between calls of an
 * iteration, and between the values of one call. Method of moments on the level means, each
 * level's variance less what the levels below it explain, floored at 0. The coverage test draws
 * synthetic samples with these spreads; {@code java -cp report.jar io.chaching.report.Spreads
 * SAMPLES_DIR} prints them for a run, one line per benchmark and measure, as the test reads them.
 */
public final class Spreads {
    /** Sizes (mean count per level) and standard deviations per level, log scale. */
    public record Shape(int trials, int iterations, int ops, int values, double trial, double iteration, double op,
                        double value) {
        public String line() {
            return String.format(Locale.ROOT, "%d %d %d %d %.4f %.4f %.4f %.4f", trials, iterations, ops, values, trial,
                    iteration, op, value);
        }

        public static Shape parse(String s) {
            String[] f = s.trim().split("\\s+");
            return new Shape(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]));
        }
    }

    private Spreads() {
    }

    /** The shape of one measure's samples; values at or below 0 are left out (no log). */
    public static Shape of(Nested n) {
        double[][][][] d = n.data();
        int trials = d.length;
        double its = 0;
        double ops = 0;
        double vals = 0;
        int opCount = 0;
        // within-call variance of log values, pooled
        double within = 0;
        int withinDf = 0;
        double opVar = 0;
        int opDf = 0;
        double itVar = 0;
        int itDf = 0;
        double[] trialMeans = new double[trials];
        for (int t = 0; t < trials; t++) {
            double[] itMeans = new double[d[t].length];
            its += d[t].length;
            for (int i = 0; i < d[t].length; i++) {
                double[] opMeans = new double[d[t][i].length];
                ops += d[t][i].length;
                for (int o = 0; o < d[t][i].length; o++) {
                    double[] v = logs(d[t][i][o]);
                    vals += v.length;
                    opCount++;
                    opMeans[o] = mean(v);
                    if (v.length > 1) {
                        within += var(v) * (v.length - 1);
                        withinDf += v.length - 1;
                    }
                }
                itMeans[i] = mean(opMeans);
                if (opMeans.length > 1) {
                    opVar += var(opMeans) * (opMeans.length - 1);
                    opDf += opMeans.length - 1;
                }
            }
            trialMeans[t] = mean(itMeans);
            if (itMeans.length > 1) {
                itVar += var(itMeans) * (itMeans.length - 1);
                itDf += itMeans.length - 1;
            }
        }
        double meanIts = its / trials;
        double meanOps = ops / its;
        double meanVals = vals / opCount;
        double sv = withinDf == 0 ? 0 : within / withinDf;
        double so = Math.max(0, (opDf == 0 ? 0 : opVar / opDf) - sv / meanVals);
        double si = Math.max(0, (itDf == 0 ? 0 : itVar / itDf) - (so + sv / meanVals) / meanOps);
        double st = Math.max(0, (trials > 1 ? var(trialMeans) : 0) - (si + (so + sv / meanVals) / meanOps) / meanIts);
        return new Shape(trials, (int) Math.round(meanIts), (int) Math.round(meanOps), (int) Math.round(meanVals),
                Math.sqrt(st), Math.sqrt(si), Math.sqrt(so), Math.sqrt(sv));
    }

    private static double[] logs(double[] v) {
        return java.util.Arrays.stream(v).filter(x -> x > 0).map(Math::log).toArray();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double var(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    /** Every benchmark's and measure's shape in a samples directory, keyed "Class params measure". */
    public static Map<String, Shape> of(Samples s) {
        Map<String, Shape> out = new TreeMap<>();
        for (Samples.Key k : s.keys()) {
            String cls = k.benchmark().substring(0, k.benchmark().lastIndexOf('.'));
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            for (String m : s.measures(k)) {
                out.put(cls + " " + new TreeMap<>(k.params()) + " " + m, of(s.get(k, m)));
            }
        }
        return out;
    }

    static final Spec SPEC = new Spec("spreads", "SAMPLES_DIR")
            .positional("SAMPLES_DIR", Spec.Kind.path(), "a run's samples/");

    public static void main(String[] args) throws IOException {
        Spec.Parsed a = SPEC.parseOrExit(args);
        System.out.println("# trials iterations calls values | sd between trials, iterations, calls, values (log scale)");
        of(Samples.read(Path.of(a.string("SAMPLES_DIR")))).forEach((k, v) -> System.out.println(k + " = " + v.line()));
    }
}

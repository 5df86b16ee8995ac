package io.chaching.report;

import io.chaching.report.Samples.Nested;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The hierarchical bootstrap the report judges by (Kalibera and Jones, "Rigorous benchmarking in
 * reasonable time", ISMM 2013): a replicate draws, with replacement, one trial fewer than were run
 * (T-1 of T, which makes the trial level's bootstrap variance unbiased; with the 2-3 trials a
 * profile can afford, drawing T would understate it by a third to a half), within each drawn
 * trial as many iterations as it had, within each drawn iteration as many calls
 * as it had, and within each drawn call as many values as it had; the statistic of the pooled
 * draw is one replicate. Resampling every level carries each level's spread into the interval,
 * so run-to-run (trial) and iteration-to-iteration drift widen it as they should, while the many
 * values inside an iteration make it narrow where they agree. How often the interval covers the
 * truth is measured, not assumed ({@code BootstrapCoverageTest}).
 */
public final class Bootstrap {
    /** Replicates per estimate: enough for a 99% percentile interval to be stable to a few %. */
    public static final int REPLICATES = 2000;
    /** Two-sided: the interval holds the middle 99% of the replicates. */
    public static final double CONFIDENCE = 0.99;

    /** What is estimated from a pooled sample. */
    public enum Stat {
        MEDIAN, P99, MEAN;

        public double of(double[] values) {
            return switch (this) {
                case MEDIAN -> quantile(values, 50);
                case P99 -> quantile(values, 99);
                case MEAN -> Arrays.stream(values).average().orElse(Double.NaN);
            };
        }

        /** Values needed for the statistic to be one: a 99th percentile of fewer than 100 is a maximum. */
        public int needs() {
            return this == P99 ? 100 : 1;
        }

        public String word() {
            return switch (this) {
                case MEDIAN -> "median";
                case P99 -> "99th percentile";
                case MEAN -> "mean";
            };
        }
    }

    private Bootstrap() {
    }

    /**
     * Nearest rank, the project's one percentile rule: the smallest value with at least p% of the
     * values at or below it. Reorders {@code values} in place (a selection, not a sort).
     */
    public static double quantile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * values.length);
        return select(values, Math.max(0, Math.min(values.length - 1, rank - 1)));
    }

    /** The k-th smallest (0-based) of {@code a}, by quickselect with a middle pivot; reorders {@code a}. */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** The statistic of all values, as measured. */
    public static double point(Nested n, Stat s) {
        return s.of(n.pooled());
    }

    /** {@code b} bootstrap replicates of the statistic, from {@code seed} (the same seed, the same replicates). */
    public static double[] replicates(Nested n, Stat s, int b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][][] d = n.data();
        double[] pool = new double[Math.max(16, n.size() * 2)];
        double[] out = new double[b];
        for (int k = 0; k < b; k++) {
            int size = 0;
            // T-1 trials from T: the plug-in variance of T trial means is (T-1)/T of the truth, and
            // drawing one fewer makes up for it; with 2 or 3 trials that is what keeps coverage
            int mt = d.length > 1 ? d.length - 1 : 1;
            for (int t = 0; t < mt; t++) {
                double[][][] trial = d[r.nextInt(d.length)];
                for (int i = 0; i < trial.length; i++) {
                    double[][] it = trial[r.nextInt(trial.length)];
                    for (int o = 0; o < it.length; o++) {
                        double[] op = it[r.nextInt(it.length)];
                        if (size + op.length > pool.length) {
                            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, size + op.length));
                        }
                        if (op.length == 1) {
                            pool[size++] = op[0];
                        } else {
                            for (int v = 0; v < op.length; v++) {
                                pool[size++] = op[r.nextInt(op.length)];
                            }
                        }
                    }
                }
            }
            out[k] = s.of(size == pool.length ? pool : Arrays.copyOf(pool, size));
        }
        return out;
    }

    /** The {@link #CONFIDENCE} percentile interval of replicates: {low, high}. */
    public static double[] interval(double[] replicates) {
        double[] r = replicates.clone();
        Arrays.sort(r);
        double tail = (1 - CONFIDENCE) / 2;
        int lo = (int) Math.floor(tail * (r.length - 1));
        int hi = (int) Math.ceil((1 - tail) * (r.length - 1));
        return new double[] {r[lo], r[hi]};
    }
}

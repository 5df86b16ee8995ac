package io.chaching.report;

import io.chaching.report.Samples.Nested;
import io.chaching.stats.Percentiles;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The hierarchical bootstrap the report judges by (Kalibera and Jones, "Rigorous benchmarking in
 * reasonable time", ISMM 2013): a replicate draws, with replacement, one trial fewer than were run
 * (T-1 of T, which makes the trial level's bootstrap variance unbiased; with the 3 trials a
 * profile can afford, drawing T would understate it by a third), within each drawn trial one
 * iteration fewer than it had (I-1 of I, for the same reason at the next level; with trials only,
 * a shape whose trials differ more than anything else was called different 7 times in 100 with
 * no difference, with both 2 in 100), within each drawn iteration as many calls
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
        MEDIAN, P90, P99, MEAN;

        public double of(double[] values) {
            return switch (this) {
                case MEDIAN -> quantile(values, 50);
                case P90 -> quantile(values, 90);
                case P99 -> quantile(values, 99);
                case MEAN -> Arrays.stream(values).average().orElse(Double.NaN);
            };
        }

        /** Values needed for the statistic to be one: the rule of {@link Percentiles#needs}. */
        public int needs() {
            return switch (this) {
                case P90 -> Percentiles.needs(90);
                case P99 -> Percentiles.needs(99);
                default -> 1;
            };
        }

        public String word() {
            return switch (this) {
                case MEDIAN -> "median";
                case P90 -> "90th percentile";
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
        return select(values, Percentiles.index(values.length, p));
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

    /** A growing array of one replicate's values. */
    private static final class Pool {
        double[] v;
        int n;

        Pool(int capacity) {
            v = new double[Math.max(16, capacity)];
        }

        void add(double x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, v.length * 2);
            }
            v[n++] = x;
        }

        double[] values() {
            return n == v.length ? v : Arrays.copyOf(v, n);
        }
    }

    /** What a replicate does with each call it draws: its trial, iteration and call number. */
    private interface Each {
        void call(int trial, int iteration, int call);
    }

    /**
     * One replicate's draw over {@code d}'s nesting, the one place the rule lives: T-1 trials of T
     * and, in each, I-1 iterations of I (the plug-in variance of T means is (T-1)/T of the truth,
     * and drawing one fewer makes up for it; with 2 or 3 trials that is what keeps coverage), then
     * as many calls as the iteration had, all with replacement.
     */
    private static void draw(double[][][][] d, SplittableRandom r, Each each) {
        int mt = d.length > 1 ? d.length - 1 : 1;
        for (int t = 0; t < mt; t++) {
            int tt = r.nextInt(d.length);
            int its = d[tt].length;
            for (int i = 0, mi = its > 1 ? its - 1 : 1; i < mi; i++) {
                int ii = r.nextInt(its);
                int calls = d[tt][ii].length;
                for (int o = 0; o < calls; o++) {
                    each.call(tt, ii, r.nextInt(calls));
                }
            }
        }
    }

    /**
     * {@code b} bootstrap replicates of the statistic, from {@code seed} (the same seed, the same
     * replicates): each {@link #draw}s calls and, within each drawn call, its values.
     */
    public static double[] replicates(Nested n, Stat s, int b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][][] d = n.data();
        double[] out = new double[b];
        for (int k = 0; k < b; k++) {
            Pool pool = new Pool(n.size() * 2);
            draw(d, r, (t, i, o) -> {
                double[] op = d[t][i][o];
                if (op.length == 1) {
                    pool.add(op[0]);
                } else {
                    for (int v = 0; v < op.length; v++) {
                        pool.add(op[r.nextInt(op.length)]);
                    }
                }
            });
            out[k] = s.of(pool.values());
        }
        return out;
    }

    /**
     * A and B cut to the calls both made at the same place (trial, iteration, call number), or null
     * when their trials or iterations do not line up. Where the benchmark gives the k-th call of an
     * iteration the same work on every side (RoundBenchmark's rounds), these are pairs.
     */
    public static Nested[] align(Nested a, Nested b) {
        double[][][][] x = a.data();
        double[][][][] y = b.data();
        if (x.length != y.length) {
            return null;
        }
        double[][][][] ax = new double[x.length][][][];
        double[][][][] by = new double[x.length][][][];
        for (int t = 0; t < x.length; t++) {
            if (x[t].length != y[t].length) {
                return null;
            }
            ax[t] = new double[x[t].length][][];
            by[t] = new double[x[t].length][][];
            for (int i = 0; i < x[t].length; i++) {
                int n = Math.min(x[t][i].length, y[t][i].length);
                ax[t][i] = Arrays.copyOf(x[t][i], n);
                by[t][i] = Arrays.copyOf(y[t][i], n);
            }
        }
        return new Nested[] {new Nested(a.unit(), ax), new Nested(b.unit(), by)};
    }

    /**
     * The paired statistic of aligned A and B, one value per call on each side: for the median,
     * the median over pairs of A's value over B's (the typical ratio of two calls that did the same
     * work); for the mean, A's mean over B's on the same calls; for a difference, the median (or
     * mean) of the pairs' differences.
     */
    public static double pairedPoint(Nested a, Nested b, Stat s, boolean difference) {
        double[] x = a.pooled();
        return paired(x, b.pooled(), x.length, s, difference);
    }

    private static double paired(double[] x, double[] y, int n, Stat s, boolean difference) {
        if (s == Stat.MEAN) {
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                sx += x[i];
                sy += y[i];
            }
            return difference ? (sx - sy) / n : sx / sy;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = difference ? x[i] - y[i] : Math.log(x[i] / y[i]);
        }
        double m = s.of(d);
        return difference ? m : Math.exp(m);
    }

    /**
     * Replicates of {@link #pairedPoint} for aligned A and B, each {@link #draw}ing the same
     * trials, iterations and calls on both sides, so that what a pair shares (the same mining
     * work) falls out of the comparison instead of widening it. Every call holds one value on each
     * side.
     */
    public static double[] pairedReplicates(Nested a, Nested b, Stat s, boolean difference, int reps, long seed) {
        return joint(a, b, s, difference, reps, seed, false);
    }

    /**
     * The pooled paired statistic of aligned A and B: A's statistic of all its values over B's (or
     * their difference), every value of every call that both sides made.
     */
    public static double pooledPoint(Nested a, Nested b, Stat s, boolean difference) {
        double x = s.of(a.pooled());
        double y = s.of(b.pooled());
        return difference ? x - y : x / y;
    }

    /**
     * Replicates of {@link #pooledPoint} for aligned A and B: each {@link #draw}s the same trials,
     * iterations and calls on both sides (the calls that did the same work stay together), then
     * each side's values within each drawn call, and takes the statistic of each side's pool. For
     * calls of many values, such as a round's 16 coins: a round's own median leaps between the two
     * modes of a spinning parent's delays (7 of 16 coins fast, or 9), the median of the pool does not.
     */
    public static double[] pooledReplicates(Nested a, Nested b, Stat s, boolean difference, int reps, long seed) {
        return joint(a, b, s, difference, reps, seed, true);
    }

    /** Paired or pooled replicates: the same draw on both sides, then one value a call or all of them. */
    private static double[] joint(Nested a, Nested b, Stat s, boolean difference, int reps, long seed, boolean pooled) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][][] x = a.data();
        double[][][][] y = b.data();
        double[] out = new double[reps];
        for (int k = 0; k < reps; k++) {
            Pool pa = new Pool(a.size() * 2);
            Pool pb = new Pool(b.size() * 2);
            draw(x, r, (t, i, o) -> {
                if (!pooled) {
                    pa.add(x[t][i][o][0]);
                    pb.add(y[t][i][o][0]);
                    return;
                }
                for (Pool p : new Pool[] {pa, pb}) {
                    double[] op = (p == pa ? x : y)[t][i][o];
                    for (int v = 0; v < op.length; v++) {
                        p.add(op.length == 1 ? op[0] : op[r.nextInt(op.length)]);
                    }
                }
            });
            if (pa.n == 0 || pb.n == 0) {
                out[k] = Double.NaN;
            } else if (!pooled) {
                out[k] = paired(pa.v, pb.v, pa.n, s, difference);
            } else {
                double sa = s.of(pa.values());
                double sb = s.of(pb.values());
                out[k] = difference ? sa - sb : sa / sb;
            }
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

package io.chaching.stats;

import java.util.Arrays;

/** Percentiles by the nearest-rank method: always a value that was measured, never an interpolation. */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * The {@code p}-th percentile (0 < p <= 100) of {@code values}: the smallest value with at
     * least p% of the values at or below it. The input is not modified.
     */
    public static long of(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to take a percentile of");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: p=" + p);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }

    /** As {@link #of}, for values already sorted ascending. */
    public static long ofSorted(long[] sorted, double p) {
        return sorted[index(sorted.length, p)];
    }

    /** As {@link #ofSorted}, for doubles. */
    public static double ofSorted(double[] sorted, double p) {
        return sorted[index(sorted.length, p)];
    }

    /**
     * Values needed for the {@code p}-th percentile to be one rather than the largest value: at
     * least 10 values beyond it, so 100 for the 90th, 1000 for the 99th, 10000 for the 99.9th (of
     * 48 coins the "99th percentile" is the maximum; of 288 the third largest, which moves with
     * whichever three coins were slowest). The median and below need one value.
     */
    public static int needs(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: p=" + p);
        }
        if (p <= 50 || p == 100) {
            return 1; // the 100th is the maximum, which any sample has and calls by its name
        }
        return (int) Math.ceil(1000 / (100 - p) - 1e-6); // 10 values beyond: 10 / (1 - p/100)
    }

    /** Whether {@code n} values support the {@code p}-th percentile ({@link #needs}). */
    public static boolean supports(int n, double p) {
        return n >= needs(p);
    }

    /**
     * The rule: the 0-based index, among {@code n} sorted values, of the {@code p}-th percentile by
     * nearest rank (rank ceil(p/100 n), at least 1). The C parent's rank_index is the same rule, held
     * to it by PercentileProbeTest.
     */
    public static int index(int n, double p) {
        if (n <= 0) {
            throw new IllegalArgumentException("no values to take a percentile of");
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return Math.min(n, Math.max(rank, 1)) - 1;
    }
}

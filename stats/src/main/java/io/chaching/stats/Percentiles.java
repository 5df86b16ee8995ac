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

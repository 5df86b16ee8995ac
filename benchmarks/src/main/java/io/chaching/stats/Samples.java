package io.chaching.stats;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Non-negative samples (nanoseconds) of a run of any length, in a fixed memory budget: kept
 * exactly, in a primitive array, up to {@code exactLimit} samples; beyond that, all of them go
 * into an HdrHistogram with 3 significant digits (every percentile within 0.1% of the exact
 * one), whose size does not grow with the count. {@link #describe()} says which it is.
 */
public final class Samples {
    /** The default budget: 2^20 exact samples, 8 MiB. */
    public static final int DEFAULT_EXACT_LIMIT = 1 << 20;
    /** Significant digits of the histogram: 0.1% precision. */
    public static final int DIGITS = 3;

    private final int exactLimit;
    private long[] exact = new long[1024];
    private int n;
    private Histogram histogram;
    private long count;

    public Samples() {
        this(DEFAULT_EXACT_LIMIT);
    }

    public Samples(int exactLimit) {
        if (exactLimit < 1) {
            throw new IllegalArgumentException("exactLimit must be >= 1: exactLimit=" + exactLimit);
        }
        this.exactLimit = exactLimit;
    }

    public void add(long value) {
        long v = Math.max(0, value);
        count++;
        if (histogram != null) {
            histogram.recordValue(v);
            return;
        }
        if (n == exactLimit) {
            histogram = new Histogram(DIGITS); // auto-resizing: its size grows with the range, never the count
            for (int i = 0; i < n; i++) {
                histogram.recordValue(exact[i]);
            }
            exact = null;
            histogram.recordValue(v);
            return;
        }
        if (n == exact.length) {
            exact = Arrays.copyOf(exact, (int) Math.min((long) exact.length * 2, exactLimit));
        }
        exact[n++] = v;
    }

    public long count() {
        return count;
    }

    /** True once the samples outgrew the exact budget and percentiles come from the histogram. */
    public boolean summarized() {
        return histogram != null;
    }

    /** The {@code p}-th percentile: nearest rank when exact, else the histogram's (within 0.1%). */
    public long percentile(double p) {
        if (count == 0) {
            throw new IllegalArgumentException("no samples to take a percentile of");
        }
        if (histogram != null) {
            return histogram.getValueAtPercentile(p);
        }
        return Percentiles.of(Arrays.copyOf(exact, n), p);
    }

    /** How the percentiles were made, for the output: empty when exact. */
    public String describe() {
        return histogram == null ? "" : " (beyond " + exactLimit + " exact samples: from a histogram, "
                + DIGITS + " significant digits, within 0.1%)";
    }
}

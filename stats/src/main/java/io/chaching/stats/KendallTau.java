package io.chaching.stats;

/**
 * Kendall's tau-b between two orderings of the same coins: 1 when the coins were cashed in
 * exactly in the order they were mined, -1 when exactly reversed, near 0 when unrelated.
 * Ties count for neither side (tau-b): coins cashed in by one read share a stamp, and a burst
 * says nothing about order within it.
 */
public final class KendallTau {
    private KendallTau() {
    }

    /** tau-b of {@code x} against {@code y} (same length, at least 2); NaN when either is all ties. */
    public static double tauB(long[] x, long[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("two orderings of the same coins: x.length=" + x.length + " y.length=" + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("order needs at least 2 coins: n=" + x.length);
        }
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                int sx = Long.compare(x[i], x[j]);
                int sy = Long.compare(y[i], y[j]);
                if (sx == 0) {
                    tiesX++;
                }
                if (sy == 0) {
                    tiesY++;
                }
                if (sx != 0 && sy != 0) {
                    if (sx == sy) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        long pairs = (long) x.length * (x.length - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiesX) * (pairs - tiesY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }
}

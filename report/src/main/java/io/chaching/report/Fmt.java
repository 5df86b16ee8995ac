package io.chaching.report;

import io.chaching.report.JmhResult.Metric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers as the report prints them: three significant figures, the error always beside the score. */
public final class Fmt {
    /** What the report prints wherever a number is missing: never a made-up value. */
    public static final String NOT_MEASURED = "not measured in this run";

    private Fmt() {
    }

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1e-5 || a == 0) {
            return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** "12.3 us [10.1, 15.2]"; "12.3 us (no error: too few iterations)" when there is none. */
    public static String metric(Metric m) {
        return metric(m, 1, m.unit());
    }

    /** The metric scaled by {@code factor} and labelled {@code unit}. */
    public static String metric(Metric m, double factor, String unit) {
        if (m == null) {
            return NOT_MEASURED;
        }
        String u = unit == null || unit.isEmpty() ? "" : " " + unit;
        if (Double.isNaN(m.error())) {
            return num(m.score() * factor) + u + " (no error: too few iterations)";
        }
        if (!Double.isNaN(m.low()) && !Double.isNaN(m.high())) {
            // the interval as it is: a bootstrap's is rarely symmetric
            return num(m.score() * factor) + u + " [" + num(m.low() * factor) + ", " + num(m.high() * factor) + "]";
        }
        return num(m.score() * factor) + " ± " + num(m.error() * factor) + u;
    }

    /** Duration in ns as the most readable unit. */
    public static String nanos(double ns) {
        if (Double.isNaN(ns)) {
            return NOT_MEASURED;
        }
        if (ns >= 1e9) {
            return num(ns / 1e9) + " s";
        }
        if (ns >= 1e6) {
            return num(ns / 1e6) + " ms";
        }
        if (ns >= 1e3) {
            return num(ns / 1e3) + " us";
        }
        return num(ns) + " ns";
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    public static String bytes(long b) {
        if (b >= 1 << 20 && b % (1 << 20) == 0) {
            return (b >> 20) + " MiB";
        }
        if (b >= 1024 && b % 1024 == 0) {
            return (b >> 10) + " KiB";
        }
        return b + " B";
    }
}

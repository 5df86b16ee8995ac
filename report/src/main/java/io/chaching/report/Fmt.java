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

    /**
     * The metric scaled by {@code factor} and labelled {@code unit}, a time or a byte rate then put
     * in the unit that suits its size ("119 ms [35.9, 199]", not "119259 us"), with the interval as
     * {@code [low, high]} in the same unit. JMH's symmetric error (no samples) is shown as an
     * interval cut at 0, as JMH's own is, for a time or a rate: never below it ({@link #positive}).
     */
    public static String metric(Metric m, double factor, String unit) {
        if (m == null) {
            return NOT_MEASURED;
        }
        Scale s = scale(m.score() * factor, unit);
        String u = s.unit().isEmpty() ? "" : " " + s.unit();
        double f = factor * s.factor();
        if (Double.isNaN(m.error())) {
            return num(m.score() * f) + u + " (no error: too few iterations)";
        }
        double lo = m.low();
        double hi = m.high();
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            lo = m.score() - m.error();
            hi = m.score() + m.error();
        }
        // JMH's own interval is score +- error too: a time or a rate never goes below 0
        if (lo < 0 && m.score() >= 0 && positive(s.unit())) {
            lo = 0;
        }
        // the interval as it is: a bootstrap's is rarely symmetric; one unit for the cell, the one
        // its high end needs when that reaches the next ("0.241 µs [0.127, 91.5]", not "241 ns [127, 91457]")
        Scale top = scale(hi * factor, unit);
        if (top.factor() < s.factor()) {
            u = top.unit().isEmpty() ? "" : " " + top.unit();
            f = factor * top.factor();
        }
        return num(m.score() * f) + u + " [" + num(lo * f) + ", " + num(hi * f) + "]";
    }

    /** Whether a quantity in this (scaled) unit is a time, a byte rate or a count rate: never below 0. */
    static boolean positive(String unit) {
        return java.util.Arrays.asList(TIMES).contains(unit) || java.util.Arrays.asList(RATES).contains(unit)
                || java.util.Arrays.asList(COUNTS).contains(unit);
    }

    /** A value's display: multiply by {@code factor}, label {@code unit}. */
    public record Scale(double factor, String unit) {
    }

    private static final String[] TIMES = {"ns", "µs", "ms", "s"};
    private static final String[] RATES = {"B/s", "KB/s", "MB/s", "GB/s"};
    private static final String[] COUNTS = {"/s", "k/s", "M/s", "G/s"};

    /**
     * One unit per quantity, scaled to the number: a time in ns, µs ("us" accepted), ms or s, a
     * JMH "/op" dropped (the measure names what an op is); a byte rate in B/s to GB/s; anything else
     * as it is.
     */
    public static Scale scale(double value, String unit) {
        String u = unit == null ? "" : unit.trim();
        if (u.endsWith("/op")) {
            u = u.substring(0, u.length() - 3);
        }
        u = u.replace("us", "µs");
        int t = java.util.Arrays.asList(TIMES).indexOf(u);
        if (t >= 0) {
            return pick(value, t, TIMES, 1000, 3);
        }
        if (u.equals("ops/s")) {
            return pick(value, 0, COUNTS, 1000, 3);
        }
        int r = java.util.Arrays.asList(RATES).indexOf(u);
        if (r >= 0) {
            return pick(value, r, RATES, 1000, 3);
        }
        return new Scale(1, u);
    }

    private static Scale pick(double value, int at, String[] units, double step, int most) {
        double a = Math.abs(value);
        double f = 1;
        int i = at;
        if (a > 0 && Double.isFinite(a)) {
            while (i < most && a * f >= step) {
                f /= step;
                i++;
            }
            while (i > 0 && a * f < 1) {
                f *= step;
                i--;
            }
        }
        return new Scale(f, units[i]);
    }

    /** A plain value in its unit, scaled as {@link #scale} says: "119 ms". */
    public static String quantity(double value, String unit) {
        if (Double.isNaN(value)) {
            return NOT_MEASURED;
        }
        Scale s = scale(value, unit);
        return num(value * s.factor()) + (s.unit().isEmpty() ? "" : " " + s.unit());
    }

    /** Duration in ns as the most readable unit: {@link #quantity} of nanoseconds. */
    public static String nanos(double ns) {
        return quantity(ns, "ns");
    }

    /** A share as a whole percent, never rounded to 0% or 100% when it is not: "<1%", ">99%". */
    public static String percent(double fraction) {
        if (fraction > 0 && fraction < 0.005) {
            return "<1%";
        }
        if (fraction < 1 && fraction >= 0.995) {
            return ">99%";
        }
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

    /** Three significant digits and never an exponent: a stream makes a write every 60,000 coins (0.0000160). */
    public static String plain(double v) {
        if (Double.isNaN(v) || Math.abs(v) >= 1e-5 || v == 0) {
            return Fmt.num(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}

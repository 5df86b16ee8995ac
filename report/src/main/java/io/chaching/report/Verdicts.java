package io.chaching.report;

import io.chaching.report.Judge.Comparison;
import io.chaching.report.Judge.Estimate;
import io.chaching.report.Judge.Outcome;

/**
 * Every verdict sentence in the report is written here from a {@link Comparison}: better or worse
 * when the ratio's 99% interval leaves 1, equivalent when it lies inside the stated band,
 * undecided otherwise, with the smallest difference the run could have seen; a missing figure
 * says so instead of standing in a number.
 */
public final class Verdicts {
    private Verdicts() {
    }

    /** One measure: its name, how to scale and label it, and which way is better. */
    public record Measure(String name, double factor, String unit, boolean lowerIsBetter, String betterWord,
                          String worseWord) {
    }

    /**
     * "cash-in delay, median: nonblocking lower than blocking, 1.32 us [1.2, 1.4] against 23.3 us
     * [21, 25]: ratio 0.057 [0.05, 0.063]", or the equivalent, undecided and not-measured forms.
     */
    public static String sentence(Measure m, Comparison c) {
        String head = m.name() + ": ";
        String aName = c.a().label();
        String bName = c.b().label();
        if (c.outcome() == Outcome.NOT_MEASURED) {
            return head + Fmt.NOT_MEASURED + " (" + (c.ea() == null ? aName : bName) + ")";
        }
        String pair = figure(c.ea(), m) + " against " + figure(c.eb(), m);
        String r = ratio(c);
        return switch (c.outcome()) {
            case BETTER, WORSE -> head + aName + " " + (c.outcome() == Outcome.BETTER ? m.betterWord() : m.worseWord())
                    + " than " + bName + ", " + pair + ": " + r;
            case EQUIVALENT -> head + aName + " and " + bName + " equivalent within " + band(c) + ", " + pair + ": " + r;
            case UNDECIDED -> head + "undecided between " + aName + " and " + bName + ", " + pair + ": " + r
                    + (Double.isNaN(c.mde()) ? " (no interval: too few samples)"
                    : (!c.ea().enough() || !c.eb().enough() ? " (too few values for this percentile)" : "")
                    + (Double.isFinite(c.mde()) ? "; this run could have seen a difference of about " + mde(c) + " or more"
                    : "; the interval reaches 0, so this run puts no bound on the difference"));
            default -> throw new IllegalStateException(c.outcome().toString());
        };
    }

    /** "ratio 0.057 [0.05, 0.063]" or "difference +0.41 [0.38, 0.44]". */
    public static String ratio(Comparison c) {
        if (c.kind().equals("difference")) {
            return "difference " + signed(c.ratio()) + (Double.isNaN(c.low()) ? ""
                    : " [" + signed(c.low()) + ", " + signed(c.high()) + "]");
        }
        return "ratio " + Fmt.num(c.ratio()) + (Double.isNaN(c.low()) ? "" : " [" + Fmt.num(c.low()) + ", "
                + Fmt.num(c.high()) + "]");
    }

    /** "could have seen about 12%", or "no bound on the difference" when the interval reaches 0. */
    public static String couldSee(Comparison c) {
        return Double.isFinite(c.mde()) ? "could have seen about " + mde(c) : "no bound on the difference";
    }

    /** The smallest difference the run could have seen, in words: "12%" or "0.05". */
    public static String mde(Comparison c) {
        if (!Double.isFinite(c.mde())) {
            return "no bound";
        }
        return c.kind().equals("difference") ? Fmt.num(c.mde()) : Fmt.percent(c.mde());
    }

    private static String band(Comparison c) {
        return c.kind().equals("difference") ? "±" + Fmt.num(Judge.BAND_DIFFERENCE) : "±" + Fmt.percent(Judge.BAND);
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + Fmt.num(v);
    }

    /** A side's figure with its interval, scaled as the measure says. */
    static String figure(Estimate e, Measure m) {
        return e == null ? Fmt.NOT_MEASURED : Fmt.metric(e.metric(), m.factor(), m.unit());
    }
}

package io.chaching.report;

import io.chaching.report.JmhResult.Metric;

/**
 * Every verdict sentence in the report comes from here, computed from two measured metrics and
 * their 99.9% confidence intervals: a difference counts only when the intervals are disjoint, and
 * a missing metric says so instead of standing in a number.
 */
public final class Verdicts {
    /** How A compares with B on one measure. */
    public enum Outcome { BETTER, WORSE, SAME_WITHIN_ERROR, NO_ERROR, NOT_MEASURED }

    private Verdicts() {
    }

    public static Outcome compare(Metric a, Metric b, boolean lowerIsBetter) {
        if (a == null || b == null || Double.isNaN(a.score()) || Double.isNaN(b.score())) {
            return Outcome.NOT_MEASURED;
        }
        if (Double.isNaN(a.low()) || Double.isNaN(b.low())) {
            return Outcome.NO_ERROR;
        }
        if (!a.disjointFrom(b)) {
            return Outcome.SAME_WITHIN_ERROR;
        }
        boolean aLower = a.score() < b.score();
        return aLower == lowerIsBetter ? Outcome.BETTER : Outcome.WORSE;
    }

    /** One measure: its name, how to scale and label it, and which way is better. */
    public record Measure(String name, double factor, String unit, boolean lowerIsBetter, String betterWord,
                          String worseWord) {
    }

    /**
     * "cash-in delay, median: nonblocking lower than blocking, 2.55 ± 3.82 ms against 50.6 ± 66.5 ms
     * (19.8x; the 99.9% intervals are disjoint)", or the same-within-error and not-measured forms.
     */
    public static String sentence(Measure m, String aName, Metric a, String bName, Metric b) {
        Outcome o = compare(a, b, m.lowerIsBetter());
        String head = m.name() + ": ";
        if (o == Outcome.NOT_MEASURED) {
            return head + Fmt.NOT_MEASURED + " (" + (a == null ? aName : bName) + ")";
        }
        String pair = Fmt.metric(a, m.factor(), m.unit()) + " against " + Fmt.metric(b, m.factor(), m.unit());
        return switch (o) {
            case BETTER, WORSE -> head + aName + " " + (o == Outcome.BETTER ? m.betterWord() : m.worseWord()) + " than "
                    + bName + ", " + pair + " (" + ratio(a, b) + "; the 99.9% intervals are disjoint)";
            case SAME_WITHIN_ERROR -> head + "no difference this run can show between " + aName + " and " + bName + ", "
                    + pair + " (the 99.9% intervals overlap)";
            case NO_ERROR -> head + aName + " and " + bName + ", " + pair + ", but JMH gave no error for one of"
                    + " them (too few iterations), so this run cannot tell them apart";
            default -> throw new IllegalStateException(o.toString());
        };
    }

    private static String ratio(Metric a, Metric b) {
        double hi = Math.max(a.score(), b.score());
        double lo = Math.min(a.score(), b.score());
        return lo <= 0 ? "ratio undefined" : Fmt.num(hi / lo) + "x";
    }
}

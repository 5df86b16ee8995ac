package io.chaching.report;

import io.chaching.report.Judge.Comparison;
import io.chaching.report.Judge.Estimate;
import io.chaching.report.Judge.Side;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code verdicts.json}, written next to {@code index.html}: one object per comparison the report
 * made, with {@code section}, {@code measure}, {@code a} and {@code b} (label, benchmark,
 * parameters, metric, and each side's estimate), {@code kind} (ratio, difference or crossover),
 * {@code ratio}, {@code low}, {@code high}, {@code method}, {@code outcome} (better, worse,
 * equivalent, undecided, not-measured: A against B), {@code winner} and {@code mde} (the smallest
 * difference the run could have seen, relative for a ratio). A number that is not finite is null.
 */
public final class VerdictsJson {
    private VerdictsJson() {
    }

    public static String write(List<Comparison> comparisons) {
        StringJoiner all = new StringJoiner(",\n", "[\n", "\n]\n");
        for (Comparison c : comparisons) {
            all.add("{\"section\":" + str(c.section()) + ",\"measure\":" + str(c.measure()) + ",\"a\":" + side(c.a(), c.ea())
                    + ",\"b\":" + side(c.b(), c.eb()) + ",\"kind\":" + str(c.kind()) + ",\"ratio\":" + num(c.ratio())
                    + ",\"low\":" + num(c.low()) + ",\"high\":" + num(c.high()) + ",\"method\":" + str(c.method())
                    + ",\"outcome\":" + str(c.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    + ",\"winner\":" + (c.winner() == null ? "null" : str(c.winner())) + ",\"mde\":" + num(c.mde()) + "}");
        }
        return all.toString();
    }

    private static String side(Side s, Estimate e) {
        StringJoiner p = new StringJoiner(",", "{", "}");
        for (Map.Entry<String, String> kv : new java.util.TreeMap<>(s.params()).entrySet()) {
            p.add(str(kv.getKey()) + ":" + str(kv.getValue()));
        }
        String est = e == null ? "null" : "{\"point\":" + num(e.point()) + ",\"low\":" + num(e.low()) + ",\"high\":"
                + num(e.high()) + ",\"unit\":" + str(e.unit()) + ",\"values\":" + e.values() + ",\"method\":"
                + str(e.method()) + "}";
        return "{\"label\":" + str(s.label()) + ",\"benchmark\":" + str(s.benchmark()) + ",\"params\":" + p
                + ",\"metric\":" + str(s.metric()) + ",\"estimate\":" + est + "}";
    }

    /** A number as JSON: null where it is not finite. */
    public static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** A string as JSON, every character RFC 8259 requires escaped (a tab in a JVM option too). */
    public static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : (s == null ? "" : s).toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

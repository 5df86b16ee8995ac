package io.chaching.report;

import io.chaching.args.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How two runs' verdicts agree: {@code java -cp report.jar io.chaching.report.Agreement
 * A/report/verdicts.json B/report/verdicts.json}. Matches comparisons on section, measure and both
 * sides, then prints the outcome table (A's outcome by B's), the share that agree, any comparison
 * better in one and worse in the other, and every comparison beyond 2x in both runs that either
 * left undecided. Exit 0; 2 when a file cannot be read.
 */
public final class Agreement {
    /** One comparison as read back: its key, outcome, ratio and kind. */
    record Row(String key, String outcome, double ratio, String kind) {
    }

    private Agreement() {
    }

    static Map<String, Row> read(Path file) throws IOException {
        Object doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(doc instanceof List<?> list)) {
            throw new IOException(file + ": not a verdicts.json (the top level is not an array)");
        }
        Map<String, Row> out = new LinkedHashMap<>();
        for (Object o : list) {
            Map<?, ?> m = (Map<?, ?>) o;
            String key = m.get("section") + " | " + m.get("measure") + " | " + side(m.get("a")) + " vs " + side(m.get("b"));
            Object r = m.get("ratio");
            out.put(key, new Row(key, (String) m.get("outcome"), r instanceof Double d ? d : Double.NaN,
                    (String) m.get("kind")));
        }
        return out;
    }

    private static String side(Object o) {
        Map<?, ?> s = (Map<?, ?>) o;
        return s.get("label") + " " + s.get("benchmark") + s.get("params") + " " + s.get("metric");
    }

    /** The report: a few lines, the table in Markdown. */
    static String compare(Map<String, Row> a, Map<String, Row> b) {
        List<String> outcomes = List.of("better", "worse", "equivalent", "undecided", "not-measured");
        int[][] table = new int[outcomes.size()][outcomes.size()];
        int both = 0;
        int agree = 0;
        List<String> flips = new ArrayList<>();
        List<String> big = new ArrayList<>();
        int bigDecided = 0;
        int bigAll = 0;
        for (Row ra : a.values()) {
            Row rb = b.get(ra.key());
            if (rb == null) {
                continue;
            }
            both++;
            int i = outcomes.indexOf(ra.outcome());
            int j = outcomes.indexOf(rb.outcome());
            table[i][j]++;
            if (i == j) {
                agree++;
            }
            if (i + j == 1 && i != j) {
                flips.add(ra.key());
            }
            if (ra.kind().equals("ratio") && beyond2x(ra.ratio()) && beyond2x(rb.ratio())) {
                bigAll++;
                boolean da = ra.outcome().equals("better") || ra.outcome().equals("worse");
                boolean db = rb.outcome().equals("better") || rb.outcome().equals("worse");
                if (da && db) {
                    bigDecided++;
                } else {
                    big.add(ra.key() + " (A " + ra.outcome() + " " + fmt(ra.ratio()) + ", B " + rb.outcome() + " "
                            + fmt(rb.ratio()) + ")");
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d comparisons in both; the same outcome in %d (%.1f%%); better in one and"
                + " worse in the other: %d%n", both, agree, both == 0 ? 0 : 100.0 * agree / both, flips.size()));
        s.append(String.format(Locale.ROOT, "beyond 2x in both runs: %d, decided in both: %d%n", bigAll, bigDecided));
        s.append("\n| A \\ B |");
        outcomes.forEach(o -> s.append(' ').append(o).append(" |"));
        s.append("\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < outcomes.size(); i++) {
            s.append("| ").append(outcomes.get(i)).append(" |");
            for (int j = 0; j < outcomes.size(); j++) {
                s.append(' ').append(table[i][j]).append(" |");
            }
            s.append('\n');
        }
        flips.forEach(f -> s.append("flip: ").append(f).append('\n'));
        big.forEach(f -> s.append("beyond 2x but not decided in both: ").append(f).append('\n'));
        return s.toString();
    }

    private static boolean beyond2x(double r) {
        return Double.isFinite(r) && r > 0 && (r >= 2 || r <= 0.5);
    }

    private static String fmt(double r) {
        return Fmt.num(r);
    }

    static final Spec SPEC = new Spec("agreement", "A/verdicts.json B/verdicts.json")
            .positional("A", Spec.Kind.path(), "one run's verdicts.json")
            .positional("B", Spec.Kind.path(), "the other run's");

    public static void main(String[] args) {
        Spec.Parsed a = SPEC.parseOrExit(args);
        try {
            System.out.print(compare(read(Path.of(a.string("A"))), read(Path.of(a.string("B")))));
        } catch (IOException | RuntimeException e) {
            System.err.println("agreement: " + e.getMessage());
            System.exit(2);
        }
    }
}

package io.chaching.gate;

import static io.chaching.report.VerdictsJson.num;
import static io.chaching.report.VerdictsJson.str;

import io.chaching.gate.AbJudge.Row;
import io.chaching.gate.AbJudge.Verdict;
import io.chaching.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ab.json}, what one {@code check-regression --ab} job decided: written by {@link AbRun},
 * read back by the report's gate section, so the page shows the verdicts and the threshold the
 * gate's exit code came from, not a second judgement of its own.
 */
public record AbFile(String ref, String refCommit, int runs, int confirmRuns, double threshold, String currentOpts,
                     List<Row> rows, List<CountGate.Row> counts, List<String> refOnly, List<String> currentOnly) {

    /** The parameter sets only one build has (a hand-off added or removed): run on neither side, not judged. */
    public AbFile {
        refOnly = List.copyOf(refOnly);
        currentOnly = List.copyOf(currentOnly);
    }

    /** An A/B of two builds with the same parameter sets. */
    public AbFile(String ref, String refCommit, int runs, int confirmRuns, double threshold, String currentOpts,
                  List<Row> rows, List<CountGate.Row> counts) {
        this(ref, refCommit, runs, confirmRuns, threshold, currentOpts, rows, counts, List.of(), List.of());
    }

    /**
     * REF as the page and the summary name it: the name given and the commit's first 12 digits
     * ("HEAD~1 (0123456789ab)"), or those digits alone when REF was the commit's own hash (as
     * .ci/baseline-ref gives it: 40 digits in a heading run past a phone's edge).
     */
    public String refName() {
        String shortSha = refCommit.substring(0, Math.min(12, refCommit.length()));
        boolean hash = ref.length() >= 7 && ref.matches("[0-9a-fA-F]+") && refCommit.startsWith(ref.toLowerCase());
        return hash ? shortSha : ref + " (" + shortSha + ")";
    }

    /** Whether the job exits 1: a benchmark decided slower by the threshold, or a count per coin that went up. */
    public boolean regressed() {
        return rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSION)
                || counts.stream().anyMatch(c -> c.verdict() == CountGate.Verdict.MORE);
    }

    public String json() {
        StringBuilder b = new StringBuilder("{\n  \"ref\": " + str(ref) + ",\n  \"refCommit\": " + str(refCommit)
                + ",\n  \"runs\": " + runs + ",\n  \"confirmRuns\": " + confirmRuns + ",\n  \"threshold\": " + threshold
                + ",\n  \"currentOpts\": " + str(currentOpts) + ",\n  \"benchmarks\": [");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"benchmark\": ").append(str(r.benchmark()))
                    .append(", \"params\": ").append(params(r.params())).append(", \"measure\": ")
                    .append(str(r.measure())).append(", \"unit\": ").append(str(r.unit())).append(", \"current\": ")
                    .append(num(r.current())).append(", \"ref\": ").append(num(r.ref())).append(", \"slowdown\": ")
                    .append(num(r.slowdown())).append(", \"low\": ").append(num(r.low())).append(", \"high\": ")
                    .append(num(r.high())).append(", \"mde\": ").append(num(r.mde())).append(", \"verdict\": ")
                    .append(str(r.verdict().name())).append(", \"method\": ").append(str(r.method())).append("}");
        }
        b.append("\n  ],\n  \"counts\": [");
        for (int i = 0; i < counts.size(); i++) {
            CountGate.Row c = counts.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"key\": ").append(str(c.key())).append(", \"count\": ")
                    .append(str(c.count())).append(", \"unit\": ").append(str(c.unit())).append(", \"ref\": ")
                    .append(num(c.baseline())).append(", \"current\": ").append(num(c.current())).append(", \"allowed\": ")
                    .append(num(c.allowed())).append(", \"verdict\": ").append(str(c.verdict().name())).append("}");
        }
        b.append("\n  ],\n  \"refOnly\": ").append(strings(refOnly)).append(",\n  \"currentOnly\": ")
                .append(strings(currentOnly));
        return b.append("\n}\n").toString();
    }

    /** Reads what {@link #json} wrote; an IOException naming the file when it is not that. */
    public static AbFile read(Path file) throws IOException {
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            for (Object o : (List<?>) m.get("benchmarks")) {
                Map<?, ?> r = (Map<?, ?>) o;
                Map<String, String> params = new TreeMap<>();
                ((Map<?, ?>) r.get("params")).forEach((k, v) -> params.put((String) k, (String) v));
                rows.add(new Row((String) r.get("benchmark"), params, (String) r.get("measure"), (String) r.get("unit"),
                        d(r.get("current")), d(r.get("ref")), d(r.get("slowdown")), d(r.get("low")), d(r.get("high")),
                        d(r.get("mde")), Verdict.valueOf((String) r.get("verdict")), (String) r.get("method")));
            }
            List<CountGate.Row> counts = new ArrayList<>();
            Object cs = m.get("counts");
            for (Object o : cs == null ? List.of() : (List<?>) cs) {
                Map<?, ?> c = (Map<?, ?>) o;
                counts.add(new CountGate.Row((String) c.get("key"), (String) c.get("count"), (String) c.get("unit"),
                        d(c.get("ref")), d(c.get("current")), d(c.get("allowed")),
                        CountGate.Verdict.valueOf((String) c.get("verdict"))));
            }
            Object confirm = m.get("confirmRuns");
            return new AbFile((String) m.get("ref"), (String) m.get("refCommit"), (int) d(m.get("runs")),
                    confirm == null ? 0 : (int) d(confirm), d(m.get("threshold")), (String) m.get("currentOpts"), rows,
                    counts, strings(m.get("refOnly")), strings(m.get("currentOnly")));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IOException(file + ": not an ab.json of check-regression --ab (" + e.getMessage() + ")");
        }
    }

    private static String strings(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(str(values.get(i)));
        }
        return b.append("]").toString();
    }

    /** A JSON list of strings as read (absent in an older ab.json: none). */
    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object v : o == null ? List.of() : (List<?>) o) {
            out.add((String) v);
        }
        return out;
    }

    private static double d(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static String params(Map<String, String> params) {
        StringBuilder p = new StringBuilder("{");
        params.forEach((k, v) -> p.append(p.length() == 1 ? "" : ", ").append(str(k)).append(": ").append(str(v)));
        return p.append('}').toString();
    }

}

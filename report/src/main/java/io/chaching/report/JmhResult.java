package io.chaching.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark's primary result from a JMH JSON file: name, parameters, score, its error and
 * confidence interval (NaN when JMH wrote "NaN": too few iterations), and unit.
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
                        double low, double high, String unit) {

    /** "RoundBenchmark.round handoff=epoll parent=jvm": the key two runs are matched on. */
    public String key() {
        String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        StringBuilder b = new StringBuilder(name);
        params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** Higher is better for throughput units (ops/time), lower for time units (time/op). */
    public boolean higherIsBetter() {
        if (unit.startsWith("ops/")) {
            return true;
        }
        if (unit.endsWith("/op")) {
            return false;
        }
        throw new IllegalArgumentException("unit with no known direction: unit=" + unit + " (" + key() + ")");
    }

    /** Reads a JMH JSON result file; IOException naming the file and what is wrong with it. */
    public static List<JmhResult> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            Object doc = Json.parse(text);
            if (!(doc instanceof List<?> list)) {
                throw new IllegalArgumentException("not a JMH result file: the top level is not an array");
            }
            List<JmhResult> out = new ArrayList<>();
            for (Object o : list) {
                out.add(of((Map<?, ?>) o));
            }
            return out;
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IOException(file + ": " + (e instanceof IllegalArgumentException ? e.getMessage()
                    : "not a JMH result file (" + e + ")"), e);
        }
    }

    private static JmhResult of(Map<?, ?> m) {
        Map<String, String> params = new TreeMap<>();
        if (m.get("params") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
        }
        Map<?, ?> primary = (Map<?, ?>) m.get("primaryMetric");
        double score = number(primary.get("score"));
        double error = number(primary.get("scoreError"));
        double low = Double.NaN;
        double high = Double.NaN;
        if (primary.get("scoreConfidence") instanceof List<?> ci && ci.size() == 2) {
            low = number(ci.get(0));
            high = number(ci.get(1));
        }
        return new JmhResult((String) m.get("benchmark"), (String) m.get("mode"), params, score, error, low, high,
                (String) primary.get("scoreUnit"));
    }

    /** JMH writes non-finite numbers as strings: "NaN", "Infinity", "-Infinity". */
    static double number(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof String s) {
            return switch (s) {
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        throw new IllegalArgumentException("expected a number, found " + v);
    }
}

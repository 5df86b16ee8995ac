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
 * One benchmark's result from a JMH JSON file: name, parameters, the primary score with its error
 * and confidence interval (NaN when JMH wrote "NaN": too few iterations) and unit, the secondary
 * results (profiler and aux counters) by name, and the run's settings (JVM, forks, iterations)
 * as JMH wrote them.
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
                        double low, double high, String unit, Map<String, Metric> secondary,
                        Map<String, String> settings, double[][] primaryRaw) {

    /** The prefix of every count per coin among the secondary results (RoundStatsProfiler's perCoin.*). */
    public static final String PER_COIN = "perCoin.";

    /** A result without JMH's iteration scores for the primary metric. */
    public JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
                     double low, double high, String unit, Map<String, Metric> secondary, Map<String, String> settings) {
        this(benchmark, mode, params, score, error, low, high, unit, secondary, settings, null);
    }

    /**
     * A score with its error and unit; the error NaN when JMH could not give one. {@code raw} holds
     * JMH's iteration scores per fork ({@code rawData}), null when the file has none.
     */
    public record Metric(double score, double error, double low, double high, String unit, double[][] raw) {
        public Metric(double score, double error, double low, double high, String unit) {
            this(score, error, low, high, unit, null);
        }

        /** True when the intervals of the two do not overlap (false when either has none). */
        public boolean disjointFrom(Metric o) {
            if (Double.isNaN(low) || Double.isNaN(o.low)) {
                return false;
            }
            return high < o.low || low > o.high;
        }
    }

    /** A primary-only result, as the regression gate's tests write them. */
    public JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
                     double low, double high, String unit) {
        this(benchmark, mode, params, score, error, low, high, unit, Map.of(), Map.of());
    }

    /** The primary score as a Metric. */
    public Metric primary() {
        return new Metric(score, error, low, high, unit, primaryRaw);
    }

    /** "RoundBenchmark" from "io.chaching.bench.RoundBenchmark.round". */
    public String className() {
        String noMethod = benchmark.substring(0, benchmark.lastIndexOf('.'));
        return noMethod.substring(noMethod.lastIndexOf('.') + 1);
    }

    /** "RoundBenchmark.round handoff=epoll parent=jvm": the key two runs are matched on. */
    public String key() {
        String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        StringBuilder b = new StringBuilder(name);
        params.forEach((k, v) -> {
            // binding=jna is what every run did before there was a binding: a key without it,
            // so that a stored baseline from then still pairs with today's JNA cell
            if (!(k.equals(Results.BINDING) && v.equals(Results.DEFAULT_BINDING))) {
                b.append(' ').append(k).append('=').append(v);
            }
        });
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
        Metric primary = metric((Map<?, ?>) m.get("primaryMetric"));
        Map<String, Metric> secondary = new TreeMap<>();
        if (m.get("secondaryMetrics") instanceof Map<?, ?> sec) {
            sec.forEach((k, v) -> secondary.put((String) k, metric((Map<?, ?>) v)));
        }
        Map<String, String> settings = new TreeMap<>();
        for (String k : new String[] {"jmhVersion", "jdkVersion", "vmName", "vmVersion", "jvm", "forks",
                "warmupIterations", "warmupTime", "measurementIterations", "measurementTime", "threads"}) {
            Object v = m.get(k);
            if (v != null) {
                settings.put(k, v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : v.toString());
            }
        }
        return new JmhResult((String) m.get("benchmark"), (String) m.get("mode"), params, primary.score(),
                primary.error(), primary.low(), primary.high(), primary.unit(), secondary, settings, primary.raw());
    }

    private static Metric metric(Map<?, ?> m) {
        double low = Double.NaN;
        double high = Double.NaN;
        if (m.get("scoreConfidence") instanceof List<?> ci && ci.size() == 2) {
            low = number(ci.get(0));
            high = number(ci.get(1));
        }
        double[][] raw = null;
        if (m.get("rawData") instanceof List<?> forks) {
            raw = new double[forks.size()][];
            for (int f = 0; f < raw.length; f++) {
                List<?> its = (List<?>) forks.get(f);
                raw[f] = new double[its.size()];
                for (int i = 0; i < its.size(); i++) {
                    raw[f][i] = number(its.get(i));
                }
            }
        }
        return new Metric(number(m.get("score")), number(m.get("scoreError")), low, high, (String) m.get("scoreUnit"), raw);
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

package io.chaching.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Hand-written JMH JSON and round traces with known answers, for the report's tests. */
final class SyntheticRun {
    private final List<String> results = new ArrayList<>();
    private final List<String> samples = new ArrayList<>();

    /**
     * One measure's synthetic samples: 2 trials x 3 iterations x 5 calls x {@code perCall} values,
     * log-normal about {@code center} with log spread {@code spread} (normal when {@code additive}).
     */
    record S(double center, double spread, int perCall, boolean additive) {
    }

    static S s(double center, double spread, int perCall) {
        return new S(center, spread, perCall, false);
    }

    /** A metric: score, error (null: JMH's "NaN"), unit. */
    record M(double score, Double error, String unit) {
        String json() {
            String err = error == null ? "\"NaN\"" : num(error);
            String ci = error == null ? "[\"NaN\",\"NaN\"]" : "[" + num(score - error) + "," + num(score + error) + "]";
            return "{\"score\":" + num(score) + ",\"scoreError\":" + err + ",\"scoreConfidence\":" + ci
                    + ",\"scoreUnit\":\"" + unit + "\",\"rawData\":[[1.0]]}";
        }
    }

    static M m(double score, Double error, String unit) {
        return new M(score, error, unit);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    SyntheticRun add(String cls, String method, Map<String, String> params, M primary, Map<String, M> secondary) {
        return add(cls, method, params, primary, secondary, Map.of());
    }

    /** A result and the samples the benchmarks would have written for it. */
    SyntheticRun add(String cls, String method, Map<String, String> params, M primary, Map<String, M> secondary,
                     Map<String, S> sampled) {
        if (!sampled.isEmpty()) {
            StringBuilder b = new StringBuilder("# format cha-ching-samples 1\n# benchmark io.chaching.bench." + cls + "."
                    + method + "\n");
            params.forEach((k, v) -> b.append("# param ").append(k).append(' ').append(v).append('\n'));
            java.util.Random r = new java.util.Random((cls + params).hashCode());
            StringBuilder[] trial = {new StringBuilder(), new StringBuilder()};
            for (int t = 0; t < 2; t++) {
                trial[t].append(b).append("# trial ").append(t + 1).append("\n# order ").append(samples.size() * 2 + t)
                        .append("\niteration,op,measure,unit,value\n");
                for (int i = 0; i < 3; i++) {
                    for (Map.Entry<String, S> e : sampled.entrySet()) {
                        S sp = e.getValue();
                        for (int o = 0; o < 5; o++) {
                            for (int v = 0; v < sp.perCall(); v++) {
                                double g = r.nextGaussian() * sp.spread();
                                double x = sp.additive() ? sp.center() + g : sp.center() * Math.exp(g);
                                trial[t].append(i).append(',').append(o).append(',').append(e.getKey()).append(",u,")
                                        .append(num(x)).append('\n');
                            }
                        }
                    }
                }
            }
            samples.add(trial[0].toString());
            samples.add(trial[1].toString());
        }
        StringJoiner p = new StringJoiner(",");
        params.forEach((k, v) -> p.add("\"" + k + "\":\"" + v + "\""));
        StringJoiner s = new StringJoiner(",");
        secondary.forEach((k, v) -> s.add("\"" + k + "\":" + v.json()));
        String mode = primary.unit().endsWith("/op") ? "avgt" : "thrpt";
        results.add("{\"jmhVersion\":\"1.37\",\"benchmark\":\"io.chaching.bench." + cls + "." + method + "\",\"mode\":\""
                + mode + "\",\"forks\":1,\"warmupIterations\":1,\"warmupTime\":\"1 s\",\"measurementIterations\":3,"
                + "\"measurementTime\":\"1 s\",\"jdkVersion\":\"17\",\"vmName\":\"OpenJDK\",\"params\":{" + p
                + "},\"primaryMetric\":" + primary.json() + ",\"secondaryMetrics\":{" + s + "}}");
        return this;
    }

    /** A RoundBenchmark result with the profiler's secondary metrics. */
    SyntheticRun round(String handoff, String parent, double makespanMs, double delayP50Us, double firstMs, double cpu,
                       double tau) {
        Map<String, M> sec = new LinkedHashMap<>();
        sec.put("delay.p50", m(delayP50Us, delayP50Us * 0.05, "us"));
        sec.put("delay.p99", m(delayP50Us * 3, delayP50Us * 0.15, "us"));
        sec.put("firstCoin.p50", m(firstMs, firstMs * 0.05, "ms"));
        sec.put("makespan.p50", m(makespanMs, makespanMs * 0.05, "ms"));
        sec.put("parentCpu", m(cpu, cpu * 0.05, "cpu/makespan"));
        sec.put("order.tau", m(tau, 0.02, "tau"));
        sec.put("burst.mean", m(1.5, 0.1, "coins"));
        Map<String, S> sampled = new LinkedHashMap<>();
        sampled.put("delay", s(delayP50Us, 0.05, 16));
        sampled.put("makespan", s(makespanMs, 0.01, 1));
        sampled.put("firstCoin", s(firstMs, 0.05, 1));
        sampled.put("parentCpu", s(cpu, 0.05, 1));
        sampled.put("tau", new S(tau, 0.02, 1, true));
        return add("RoundBenchmark", "round", params("handoff", handoff, "parent", parent, "miners", "16"),
                m(makespanMs, makespanMs * 0.05, "ms/op"), sec, sampled);
    }

    SyntheticRun stream(String handoff, String parent, int miners, int payload, double coinsPerS) {
        return add("StreamBenchmark", "stream", params("handoff", handoff, "parent", parent, "miners", "" + miners,
                "payload", "" + payload), m(coinsPerS / 1000, coinsPerS / 1000 * 0.03, "ops/s"),
                Map.of("coins", m(coinsPerS, coinsPerS * 0.03, "ops/s"),
                        "bytes", m(coinsPerS * (128 + payload), coinsPerS * (128 + payload) * 0.03, "ops/s")),
                Map.of("coins", s(coinsPerS, 0.01, 1), "bytes", s(coinsPerS * (128 + payload), 0.01, 1)));
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path p = dir.resolve("jmh-result.json");
        Files.writeString(p, "[" + String.join(",\n", results) + "]");
        Path sd = dir.resolve("samples");
        Files.createDirectories(sd);
        for (int i = 0; i < samples.size(); i++) {
            Files.writeString(sd.resolve(String.format(Locale.ROOT, "%04d.csv", i)), samples.get(i));
        }
        Files.writeString(dir.resolve("run.properties"), "cpu=Test CPU\ncores=2\nkernel=6.0\njvm=OpenJDK 17\n"
                + "date=2026-11-29\nprofile=quick\ncommand=mvn -B verify -Pbench\n");
        return p;
    }

    /**
     * A round trace: {@code rounds} rounds of {@code miners}; miner m mines {@code mined(m)} ns after
     * the round starts and cashIn gives its cash-in time (ns after the start) from its miner and mined
     * time; coins are written in cash-in order, as the bench writes them.
     */
    static void trace(Path dir, String handoff, String parent, int rounds, int miners,
                      java.util.function.LongUnaryOperator mined,
                      java.util.function.LongBinaryOperator cashIn) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder(Traces.HEADER + "\n");
        for (int r = 0; r < rounds; r++) {
            long start = 1_000_000_000L * (r + 1);
            List<long[]> coins = new ArrayList<>();
            for (int m = 0; m < miners; m++) {
                long rel = mined.applyAsLong(m);
                coins.add(new long[] {m, start + rel, start + cashIn.applyAsLong(m, rel)});
            }
            coins.sort((x, y) -> Long.compare(x[2], y[2]));
            for (long[] c : coins) {
                b.append(parent).append(',').append(handoff).append(',').append(c[0]).append(',').append(r).append(",1,")
                        .append("ab,").append(start).append(',').append(start).append(',').append(c[1]).append(',')
                        .append(c[2]).append('\n');
            }
        }
        Files.writeString(dir.resolve("round-" + handoff + "-" + parent + ".csv"), b.toString());
    }
}

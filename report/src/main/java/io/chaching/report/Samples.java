package io.chaching.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's samples ({@code samples/*.csv} next to the JMH JSON, written by the benchmarks'
 * SampleLog): for each benchmark and parameter set, each measure's values nested as they were
 * taken, values in calls ("ops") in iterations in trials. A run without them is empty, and the
 * report falls back to JMH's iteration scores.
 */
public final class Samples {
    /** Where a set of samples belongs: the benchmark's full name and every parameter. */
    public record Key(String benchmark, Map<String, String> params) {
        public Key {
            params = Map.copyOf(new TreeMap<>(params));
        }
    }

    /**
     * One measure's values: {@code data[trial][iteration][op][value]}, the unit as written. Every
     * level has at least one member.
     */
    public record Nested(String unit, double[][][][] data) {
        /** How many values in all. */
        public int size() {
            int n = 0;
            for (double[][][] t : data) {
                for (double[][] i : t) {
                    for (double[] o : i) {
                        n += o.length;
                    }
                }
            }
            return n;
        }

        public int trials() {
            return data.length;
        }

        /** Iterations summed over trials. */
        public int iterations() {
            int n = 0;
            for (double[][][] t : data) {
                n += t.length;
            }
            return n;
        }

        /** Calls (ops) summed over iterations and trials. */
        public int ops() {
            int n = 0;
            for (double[][][] t : data) {
                for (double[][] i : t) {
                    n += i.length;
                }
            }
            return n;
        }

        /** Every value of one iteration of one trial in one array. */
        public double[] pooled(int trial, int iteration) {
            double[][] calls = data[trial][iteration];
            int n = 0;
            for (double[] call : calls) {
                n += call.length;
            }
            double[] out = new double[n];
            int k = 0;
            for (double[] call : calls) {
                System.arraycopy(call, 0, out, k, call.length);
                k += call.length;
            }
            return out;
        }

        /** Every value in one array. */
        public double[] pooled() {
            double[] out = new double[size()];
            int k = 0;
            for (double[][][] t : data) {
                for (double[][] i : t) {
                    for (double[] o : i) {
                        System.arraycopy(o, 0, out, k, o.length);
                        k += o.length;
                    }
                }
            }
            return out;
        }
    }

    private final Map<Key, Map<String, Nested>> byKey;
    /** Keys whose every fork declared its calls paired across sides ({@code # pairs ...}). */
    private final java.util.Set<Key> paired = new java.util.HashSet<>();

    /** {@code pairs}: each key's promise of pairing, true when every fork of it made it. */
    private Samples(Map<Key, Map<String, Nested>> byKey, Map<Key, Boolean> pairs) {
        this.byKey = byKey;
        pairs.forEach((k, v) -> {
            if (v) {
                paired.add(k);
            }
        });
    }

    public static Samples none() {
        return new Samples(Map.of(), Map.of());
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** The samples of one measure, or null when the run has none. */
    public Nested get(Key key, String measure) {
        Map<String, Nested> m = byKey.get(key);
        return m == null ? null : m.get(measure);
    }

    /**
     * True when every fork of the key promised that its k-th call of iteration i of trial t does the
     * same work as on any other side (RoundBenchmark's numbered rounds).
     */
    public boolean paired(Key key) {
        return paired.contains(key);
    }

    /** Every benchmark and parameter set with samples. */
    public java.util.Set<Key> keys() {
        return byKey.keySet();
    }

    /** The measures of one key. */
    public java.util.Set<String> measures(Key key) {
        return byKey.getOrDefault(key, Map.of()).keySet();
    }

    /**
     * Several runs of the same benchmarks as one: each key's trials in the order of {@code runs}
     * (run r's trials after run r-1's), every key's parameters joined by {@code tag} (e.g.
     * build=current), so that two builds' runs can sit side by side in one {@link Judge}. A key is
     * paired when it is paired in every run that has it.
     */
    public static Samples combine(List<Samples> runs, Map<String, String> tag) {
        Map<Key, Map<String, List<Nested>>> parts = new java.util.LinkedHashMap<>();
        Map<Key, Boolean> pairs = new HashMap<>();
        for (Samples run : runs) {
            run.byKey.forEach((key, measures) -> {
                Map<String, String> params = new TreeMap<>(key.params());
                params.putAll(tag);
                Key k = new Key(key.benchmark(), params);
                pairs.merge(k, run.paired.contains(key), Boolean::logicalAnd);
                measures.forEach((m, n) -> parts.computeIfAbsent(k, x -> new TreeMap<>())
                        .computeIfAbsent(m, x -> new ArrayList<>()).add(n));
            });
        }
        Map<Key, Map<String, Nested>> byKey = new HashMap<>();
        parts.forEach((k, measures) -> {
            Map<String, Nested> out = new TreeMap<>();
            measures.forEach((m, ns) -> out.put(m, new Nested(ns.get(0).unit(),
                    ns.stream().flatMap(n -> java.util.Arrays.stream(n.data())).toArray(double[][][][]::new))));
            byKey.put(k, out);
        });
        return new Samples(byKey, pairs);
    }

    /** These samples with every key passed through {@code rekey} (two keys made one: an IllegalArgumentException). */
    public Samples rekeyed(java.util.function.UnaryOperator<Key> rekey) {
        Map<Key, Map<String, Nested>> out = new HashMap<>();
        Map<Key, Boolean> pairs = new HashMap<>();
        byKey.forEach((k, v) -> {
            Key to = rekey.apply(k);
            if (out.put(to, v) != null) {
                throw new IllegalArgumentException("two keys of samples become " + to);
            }
            pairs.put(to, paired.contains(k));
        });
        return new Samples(out, pairs);
    }

    /** Two sets of samples with no key in common, as one. */
    public static Samples union(Samples a, Samples b) {
        Map<Key, Map<String, Nested>> byKey = new HashMap<>(a.byKey);
        for (Key k : b.byKey.keySet()) {
            if (byKey.put(k, b.byKey.get(k)) != null) {
                throw new IllegalArgumentException("both sets of samples have " + k);
            }
        }
        Map<Key, Boolean> pairs = new HashMap<>();
        a.paired.forEach(k -> pairs.put(k, true));
        b.paired.forEach(k -> pairs.put(k, true));
        return new Samples(byKey, pairs);
    }

    /** Reads every {@code *.csv} in {@code dir}; an absent directory gives no samples. */
    public static Samples read(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return none();
        }
        // key -> measure -> trial -> iteration -> op -> values
        Map<Key, Map<String, TreeMap<Integer, TreeMap<Integer, TreeMap<Integer, List<Double>>>>>> raw = new HashMap<>();
        List<Path> files = new ArrayList<>();
        try (var s = Files.newDirectoryStream(dir, "*.csv")) {
            s.forEach(files::add);
        }
        files.sort(null);
        Map<String, String> unitOf = new HashMap<>();
        Map<Key, Boolean> pairs = new HashMap<>();
        for (Path f : files) {
            String benchmark = null;
            Map<String, String> params = new TreeMap<>();
            int order = 0;
            boolean header = false;
            boolean declaresPairs = false;
            int lineNo = 0;
            Key key = null;
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (line.startsWith("# ")) {
                        String[] kv = line.substring(2).split(" ", 3);
                        switch (kv[0]) {
                            case "format" -> {
                                if (!line.substring(9).startsWith("cha-ching-samples 1")) {
                                    throw new IOException(f + ": line " + lineNo + ": not a cha-ching samples file of"
                                            + " format 1: " + line);
                                }
                            }
                            case "benchmark" -> benchmark = kv[1];
                            case "param" -> params.put(kv[1], kv.length > 2 ? kv[2] : "");
                            case "order" -> order = parseInt(f, lineNo, kv[1]);
                            case "pairs" -> declaresPairs = true;
                            default -> { }
                        }
                        continue;
                    }
                    if (!header) {
                        if (!line.equals("iteration,op,measure,unit,value") || benchmark == null) {
                            throw new IOException(f + ": line " + lineNo + ": expected the header"
                                    + " 'iteration,op,measure,unit,value' after '# benchmark NAME', found: " + line);
                        }
                        header = true;
                        key = new Key(benchmark, params);
                        pairs.merge(key, declaresPairs, Boolean::logicalAnd);
                        continue;
                    }
                    String[] c = line.split(",", -1);
                    if (c.length != 5) {
                        throw new IOException(f + ": line " + lineNo + ": expected 5 fields, found " + c.length + ": " + line);
                    }
                    double v;
                    try {
                        v = Double.parseDouble(c[4]);
                    } catch (NumberFormatException e) {
                        throw new IOException(f + ": line " + lineNo + ": value is not a number: " + c[4]);
                    }
                    int it = parseInt(f, lineNo, c[0]);
                    int op = parseInt(f, lineNo, c[1]);
                    // forks of one key are told apart by their order: each becomes a trial
                    raw.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(c[2], k -> new TreeMap<>())
                            .computeIfAbsent(order, k -> new TreeMap<>()).computeIfAbsent(it, k -> new TreeMap<>())
                            .computeIfAbsent(op, k -> new ArrayList<>()).add(v);
                    unitOf.put(key + "\u0000" + c[2], c[3]);
                }
            }
        }
        Map<Key, Map<String, Nested>> byKey = new HashMap<>();
        raw.forEach((key, measures) -> {
            Map<String, Nested> out = new TreeMap<>();
            measures.forEach((measure, trials) -> {
                double[][][][] d = new double[trials.size()][][][];
                int t = 0;
                for (var its : trials.values()) {
                    d[t] = new double[its.size()][][];
                    int i = 0;
                    for (var ops : its.values()) {
                        d[t][i] = new double[ops.size()][];
                        int o = 0;
                        for (List<Double> vs : ops.values()) {
                            d[t][i][o++] = vs.stream().mapToDouble(Double::doubleValue).toArray();
                        }
                        i++;
                    }
                    t++;
                }
                out.put(measure, new Nested(unitOf.get(key + "\u0000" + measure), d));
            });
            byKey.put(key, out);
        });
        return new Samples(byKey, pairs);
    }

    private static int parseInt(Path f, int line, String s) throws IOException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IOException(f + ": line " + line + ": not a whole number: " + s);
        }
    }
}

package io.chaching.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Every measured call's own values, kept so the report can judge a comparison from samples
 * nested as they were taken (values in calls in iterations in trials) instead of from JMH's
 * three to five iteration means. A measured call adds its values with {@link #add}; after each
 * measured iteration {@link RoundStatsProfiler} writes them, outside the timed path, to one CSV
 * file per fork under {@code -Dchaching.bench.samples} (nothing when unset).
 *
 * <p>The file: comment lines {@code # key value} (format, benchmark, every parameter, trial,
 * order), then {@code iteration,op,measure,unit,value} rows. A call may add several values to one
 * measure (a round's 16 cash-in delays): they share its op number. At most {@link #MAX_OPS}
 * calls per measure and iteration are kept, a uniform random subset (reservoir, fixed seed)
 * beyond that, so a 50 us call does not write a million rows.
 */
public final class SampleLog {
    public static final String FORMAT = "cha-ching-samples 1";
    static final int MAX_OPS = 500;

    /** One measure's calls in the current iteration. */
    static final class Measure {
        final String unit;
        final List<double[]> ops = new ArrayList<>();
        long seen;

        Measure(String unit) {
            this.unit = unit;
        }
    }

    private static final Map<String, Measure> MEASURES = new LinkedHashMap<>();
    private static final Map<String, String> DECLARED = new LinkedHashMap<>();
    private static final SplittableRandom RESERVOIR = new SplittableRandom(20261201L);
    private static int iteration;

    private SampleLog() {
    }

    /** One call's values of {@code measure} (in {@code unit}). */
    public static synchronized void add(String measure, String unit, double... values) {
        Measure m = MEASURES.computeIfAbsent(measure, k -> new Measure(unit));
        m.seen++;
        if (m.ops.size() < MAX_OPS) {
            m.ops.add(values.clone());
        } else {
            long j = RESERVOIR.nextLong(m.seen);
            if (j < MAX_OPS) {
                m.ops.set((int) j, values.clone());
            }
        }
    }

    /** A header line {@code # key value} for this fork's file: what the benchmark promises about its calls. */
    public static synchronized void declare(String key, String value) {
        DECLARED.put(key, value);
    }

    /** Forget what a warm-up iteration or the setup added. */
    static synchronized void clear() {
        MEASURES.clear();
    }

    /**
     * Appends the iteration's values to this fork's file and starts empty again; the first call
     * writes the header. Does nothing when no directory is set or nothing was added.
     */
    static void flush(BenchmarkParams params) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        for (String k : params.getParamsKeys()) {
            p.put(k, params.getParam(k));
        }
        flush(params.getBenchmark(), p);
    }

    static synchronized void flush(String benchmark, Map<String, String> params) throws IOException {
        String dir = System.getProperty("chaching.bench.samples");
        if (dir == null || dir.isBlank() || MEASURES.isEmpty()) {
            MEASURES.clear();
            return;
        }
        String cell = System.getProperty("chaching.bench.cell", "pid" + ProcessHandle.current().pid());
        Path file = Path.of(dir, cell + ".csv");
        Files.createDirectories(file.getParent());
        boolean fresh = !Files.exists(file);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (fresh) {
                w.write("# format " + FORMAT + "\n");
                w.write("# benchmark " + benchmark + "\n");
                for (Map.Entry<String, String> e : params.entrySet()) {
                    w.write("# param " + e.getKey() + " " + e.getValue() + "\n");
                }
                w.write("# trial " + System.getProperty("chaching.bench.trial", "1") + "\n");
                w.write("# order " + System.getProperty("chaching.bench.order", "0") + "\n");
                for (Map.Entry<String, String> e : DECLARED.entrySet()) {
                    w.write("# " + e.getKey() + " " + e.getValue() + "\n");
                }
                w.write("iteration,op,measure,unit,value\n");
            }
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, Measure> e : MEASURES.entrySet()) {
                int op = 0;
                for (double[] values : e.getValue().ops) {
                    for (double v : values) {
                        b.setLength(0);
                        b.append(iteration).append(',').append(op).append(',').append(e.getKey()).append(',')
                                .append(e.getValue().unit).append(',').append(num(v)).append('\n');
                        w.write(b.toString());
                    }
                    op++;
                }
            }
        }
        iteration++;
        MEASURES.clear();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }
}

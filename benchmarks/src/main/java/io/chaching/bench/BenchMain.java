package io.chaching.bench;

import io.chaching.miners.NativeBinaries;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * What {@code mvn verify -Pbench} and {@code scripts/bench} run: the JMH benchmarks of a profile,
 * each class with its own iteration settings, all results in one JSON file so every JVM/C ratio
 * comes from one run. Says up front what it will run and about how long it will take.
 *
 * <pre>BenchMain [--profile smoke|quick|full] [--include REGEX] [--out DIR]</pre>
 *
 * <p>Next to the JSON it writes {@code run.properties}: the machine, the JVM, the date and the
 * command that reproduces the run, which the report prints with every number.
 */
public final class BenchMain {
    /** How one benchmark class runs in a profile. */
    record Plan(Class<?> benchmark, int forks, int warmups, int warmupSeconds, int measurements,
                int measurementSeconds, Map<String, String[]> params) {
        int combinations() {
            int n = 1;
            for (Field f : benchmark.getFields()) {
                Param p = f.getAnnotation(Param.class);
                if (p != null) {
                    n *= params.containsKey(f.getName()) ? params.get(f.getName()).length : p.value().length;
                }
            }
            return n;
        }

        /** Seconds: each fork starts a JVM and spawns miners (~3 s), then warms up and measures. */
        long estimateSeconds() {
            return (long) combinations() * forks * (3 + (long) warmups * warmupSeconds + (long) measurements * measurementSeconds);
        }
    }

    /** Payload bytes of the quick profile's shared-memory sweep: enough points to place a crossover. */
    static final String[] PAYLOAD_SWEEP = {"0", "1024", "4096", "16384", "65536", "262144", "1048576"};

    static List<Plan> plans(String profile) {
        List<Plan> plans = new ArrayList<>();
        if (profile.equals("quick")) {
            // At least 3 measured iterations everywhere: JMH gives no error for fewer, and the README
            // quotes every number with its error. 5 for rounds, whose iterations vary the most.
            plans.add(new Plan(RulerBenchmark.class, 1, 1, 1, 3, 1, Map.of()));
            plans.add(new Plan(RoundBenchmark.class, 1, 1, 2, 5, 1, Map.of()));
            plans.add(new Plan(StreamBenchmark.class, 1, 1, 1, 3, 1, Map.of("miners", new String[] {"4"},
                    "payload", new String[] {"0"})));
            // TODO 2's question, what shared memory saves as coins grow: one miner, a sleeping pipe
            // hand-off against a sleeping ring, payload from none to 1 MiB, in the JVM parent
            plans.add(new Plan(StreamBenchmark.class, 1, 1, 1, 3, 1, Map.of("miners", new String[] {"1"},
                    "handoff", new String[] {"epoll", "shm-futex"}, "parent", new String[] {"jvm"},
                    "payload", PAYLOAD_SWEEP)));
            plans.add(new Plan(PacedLatencyBenchmark.class, 1, 1, 1, 3, 1, Map.of("miners", new String[] {"1"})));
            plans.add(new Plan(SpawnBenchmark.class, 1, 1, 1, 3, 1, Map.of()));
            plans.add(new Plan(MultiplexerBenchmark.class, 1, 1, 1, 3, 1, Map.of("miners", new String[] {"16", "1024"},
                    "idle", new String[] {"watched"})));
            plans.add(new Plan(BogatyrsBenchmark.class, 1, 1, 1, 3, 1, Map.of("count", new String[] {"3", "8", "33"})));
        } else if (profile.equals("smoke")) {
            // CI's few minutes: the ruler, the lab's rounds and small-coin streams, every hand-off in
            // both parents. Enough iterations for the gate to see a real slowdown: with 3, JMH's
            // 99.9% interval is +-18 standard deviations of an iteration and a round 2.5x slower
            // stayed inside it; with 8 it is +-1.9.
            plans.add(new Plan(RulerBenchmark.class, 1, 1, 1, 5, 1, Map.of()));
            plans.add(new Plan(RoundBenchmark.class, 1, 1, 1, 8, 1, Map.of()));
            plans.add(new Plan(StreamBenchmark.class, 1, 1, 1, 5, 1, Map.of("miners", new String[] {"4"},
                    "payload", new String[] {"0"})));
        } else if (profile.equals("full")) {
            plans.add(new Plan(RulerBenchmark.class, 2, 1, 1, 5, 1, Map.of()));
            plans.add(new Plan(RoundBenchmark.class, 2, 2, 2, 5, 3, Map.of()));
            plans.add(new Plan(StreamBenchmark.class, 2, 2, 1, 5, 2, Map.of()));
            plans.add(new Plan(PacedLatencyBenchmark.class, 2, 1, 1, 5, 2, Map.of()));
            plans.add(new Plan(SpawnBenchmark.class, 2, 2, 1, 5, 2, Map.of()));
            plans.add(new Plan(MultiplexerBenchmark.class, 2, 1, 1, 3, 1, Map.of()));
            plans.add(new Plan(BogatyrsBenchmark.class, 2, 1, 2, 5, 2, Map.of()));
        } else {
            throw new IllegalArgumentException("bench profile must be smoke, quick or full: profile=" + profile);
        }
        return plans;
    }

    public static void main(String[] raw) throws Exception {
        // --name=value as well as --name value (Maven passes an empty include as --include=)
        List<String> split = new ArrayList<>();
        for (String a : raw) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                split.add(a.substring(0, eq));
                split.add(a.substring(eq + 1));
            } else {
                split.add(a);
            }
        }
        String[] argv = split.toArray(new String[0]);
        String profile = "quick";
        String include = "";
        Path out = Path.of("target", "bench");
        for (int i = 0; i < argv.length; i++) {
            String v = i + 1 < argv.length ? argv[i + 1] : null;
            switch (argv[i]) {
                case "--profile" -> { profile = v; i++; }
                case "--include" -> { include = v == null ? "" : v; i++; }
                case "--out" -> { out = Path.of(v); i++; }
                default -> {
                    System.err.println("bench: unknown argument: " + argv[i]
                            + " (usage: bench [--profile smoke|quick|full] [--include REGEX] [--out DIR])");
                    System.exit(2);
                }
            }
        }
        List<Plan> plans;
        Pattern filter;
        try {
            plans = plans(profile);
            filter = Pattern.compile(include == null ? "" : include);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        plans.removeIf(p -> !filter.matcher(p.benchmark().getName() + "." + benchmarkMethod(p.benchmark())).find());
        if (plans.isEmpty()) {
            System.err.println("bench: no benchmark matches --include " + include);
            System.exit(2);
        }
        Path nativeDir = NativeBinaries.dir().toAbsolutePath();
        NativeBinaries.program("cparent"); // fail now, with the fix, rather than in every fork
        Files.createDirectories(out.resolve("traces"));
        int cores = Runtime.getRuntime().availableProcessors();
        PrintStream o = System.out;
        long total = plans.stream().mapToLong(Plan::estimateSeconds).sum();
        o.printf("cha-ching bench: profile %s on %d cores (16 miners on %d cores are oversubscribed %dx)%n", profile,
                cores, cores, Math.max(1, 16 / cores));
        for (Plan p : plans) {
            o.printf("  %-22s %3d parameter sets x %d fork(s) x (%d x %d s warm-up + %d x %d s measured)  ~%d min%n",
                    p.benchmark().getSimpleName(), p.combinations(), p.forks(), p.warmups(), p.warmupSeconds(),
                    p.measurements(), p.measurementSeconds(), (p.estimateSeconds() + 59) / 60);
        }
        o.printf("  about %d min in all; results to %s%n%n", (total + 59) / 60, out.resolve("jmh-result.json"));
        o.flush();
        RunInfo.write(out.resolve("run.properties"), profile, include, cores);

        List<RunResult> results = new ArrayList<>();
        for (Plan p : plans) {
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .include(Pattern.quote(p.benchmark().getName()) + "\\.")
                    .forks(p.forks())
                    .warmupIterations(p.warmups()).warmupTime(TimeValue.seconds(p.warmupSeconds()))
                    .measurementIterations(p.measurements()).measurementTime(TimeValue.seconds(p.measurementSeconds()))
                    .addProfiler(RoundStatsProfiler.class)
                    // forks inherit this JVM's options (native dir, headless); only the trace dir is new
                    .jvmArgsAppend("-Dchaching.native.dir=" + nativeDir,
                            "-Dchaching.bench.traces=" + out.resolve("traces").toAbsolutePath());
            for (Map.Entry<String, String[]> e : new LinkedHashMap<>(p.params()).entrySet()) {
                b.param(e.getKey(), e.getValue());
            }
            Collection<RunResult> r;
            try {
                r = new Runner(b.build()).run();
            } catch (RunnerException e) {
                // e.g. another JMH run holds /tmp/jmh.lock: one line that says so, not a stack trace
                System.err.println("bench: " + p.benchmark().getSimpleName() + " did not run: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage().replaceFirst("^ERROR: ", "")));
                System.exit(1);
                return;
            }
            results.addAll(r);
        }
        Path json = out.resolve("jmh-result.json");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, "UTF-8")) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        o.println("bench: " + results.size() + " results in " + json.toAbsolutePath());
    }

    private static String benchmarkMethod(Class<?> c) {
        for (var m : c.getMethods()) {
            if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                return m.getName();
            }
        }
        return "";
    }
}

package io.chaching.bench;

import io.chaching.args.Spec;
import io.chaching.sys.Binding;
import io.chaching.sys.NativeBinaries;
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
 * <pre>BenchMain [--profile smoke|quick|full|ab] [--include REGEX] [--out DIR] [--seed N] [--lockstep]</pre> ({@link #SPEC})
 *
 * <p>Next to the JSON it writes {@code run.properties}: the machine, the JVM, the date and the
 * command that reproduces the run, which the report prints with every number.
 */
public final class BenchMain {
    /**
     * How one benchmark class runs in a profile: every parameter set runs {@code trials} times, each
     * trial in a fork of its own with its own warm-up, and the trials of all sets are interleaved
     * in a shuffled order (see {@link #schedule}), so that drift of a shared machine falls on every
     * side of a comparison instead of on whichever ran last.
     */
    record Plan(Class<?> benchmark, int trials, int warmups, int warmupMs, int measurements,
                int measurementMs, Map<String, String[]> params, Pattern only) {
        Plan(Class<?> benchmark, int trials, int warmups, int warmupMs, int measurements, int measurementMs,
             Map<String, String[]> params) {
            this(benchmark, trials, warmups, warmupMs, measurements, measurementMs, params, null);
        }

        /** This plan with only the parameter sets whose {@link Cell#key()} {@code only} finds. */
        Plan only(Pattern only) {
            return new Plan(benchmark, trials, warmups, warmupMs, measurements, measurementMs, params, only);
        }

        int combinations() {
            return cells().size();
        }

        /** Every parameter set of this plan, each a map from parameter to value, in name order, that its parent can run. */
        List<Map<String, String>> cells() {
            List<Map<String, String>> cells = new ArrayList<>();
            cells.add(new java.util.TreeMap<>());
            List<Field> fields = new ArrayList<>(List.of(benchmark.getFields()));
            fields.sort(java.util.Comparator.comparing(Field::getName));
            for (Field f : fields) {
                Param p = f.getAnnotation(Param.class);
                if (p == null) {
                    continue;
                }
                String[] values = params.containsKey(f.getName()) ? params.get(f.getName()) : p.value();
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> c : cells) {
                    for (String v : values) {
                        Map<String, String> m = new java.util.TreeMap<>(c);
                        m.put(f.getName(), v);
                        next.add(m);
                    }
                }
                cells = next;
            }
            // a hand-off only the JVM parent has has no parent=native fork
            cells.removeIf(c -> c.containsKey("handoff") && c.containsKey("parent")
                    && !io.chaching.handoff.Handoffs.runsIn(c.get("handoff"), c.get("parent")));
            // nor has the FFM binding: the C parent calls libc itself
            cells.removeIf(c -> Binding.FFM.equals(c.get("binding")) && "native".equals(c.get("parent")));
            if (only != null) {
                cells.removeIf(c -> !only.matcher(new Cell(this, c, 0).key()).find());
            }
            return cells;
        }

        /** Seconds: each fork starts a JVM and spawns miners (~1 s), then warms up and measures. */
        long estimateSeconds() {
            return (long) Math.ceil(combinations() * trials
                    * (1.0 + (warmups * (double) warmupMs + measurements * (double) measurementMs) / 1000));
        }
    }

    /** One fork to run: a plan's parameter set in one trial. */
    record Cell(Plan plan, Map<String, String> params, int trial) {
        String key() {
            return plan.benchmark().getSimpleName() + " " + params;
        }

        /**
         * The first of {@code cells} whose key is {@code key}, or else the first that is that key with
         * parameters the key lacks at their defaults (the first value of their {@code @Param}: a
         * parameter added since the build that gave the key, its first value what that build did);
         * null when none is.
         */
        static Cell find(List<Cell> cells, String key) {
            Cell exact = cells.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
            if (exact != null) {
                return exact;
            }
            int brace = key.indexOf(" {");
            if (brace < 0 || !key.endsWith("}")) {
                return null;
            }
            String name = key.substring(0, brace);
            Map<String, String> asked = new java.util.TreeMap<>();
            String body = key.substring(brace + 2, key.length() - 1);
            for (String kv : body.isEmpty() ? new String[0] : body.split(", ")) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    return null;
                }
                asked.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            for (Cell c : cells) {
                if (c.plan().benchmark().getSimpleName().equals(name) && c.extendsWithDefaults(asked)) {
                    return c;
                }
            }
            return null;
        }

        /** Whether this cell is {@code asked} plus parameters at their defaults. */
        private boolean extendsWithDefaults(Map<String, String> asked) {
            for (Map.Entry<String, String> e : asked.entrySet()) {
                if (!e.getValue().equals(params.get(e.getKey()))) {
                    return false;
                }
            }
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (!asked.containsKey(e.getKey())) {
                    try {
                        Param p = plan.benchmark().getField(e.getKey()).getAnnotation(Param.class);
                        if (p == null || p.value().length == 0 || !p.value()[0].equals(e.getValue())) {
                            return false;
                        }
                    } catch (NoSuchFieldException x) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * The order forks run in: trial 1 of every parameter set of every plan, shuffled, then trial 2
     * likewise, and so on (plans with fewer trials drop out). Randomized multiple interleaved trials
     * (Abedi and Brecht, ICPE 2017): a slow spell of the machine lands on one trial of many cells,
     * not on every trial of one.
     */
    static List<Cell> schedule(List<Plan> plans, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int most = plans.stream().mapToInt(Plan::trials).max().orElse(0);
        List<Cell> order = new ArrayList<>();
        for (int t = 1; t <= most; t++) {
            List<Cell> trial = new ArrayList<>();
            for (Plan p : plans) {
                if (p.trials() >= t) {
                    for (Map<String, String> c : p.cells()) {
                        trial.add(new Cell(p, c, t));
                    }
                }
            }
            java.util.Collections.shuffle(trial, random);
            order.addAll(trial);
        }
        return order;
    }

    /** Payload bytes of the quick profile's shared-memory sweep: enough points to place a crossover. */
    static final String[] PAYLOAD_SWEEP = {"0", "1024", "4096", "16384", "65536", "262144", "1048576"};
    /**
     * The smoke's hand-offs: those the C parent has too, but readers-1 and readers-4, whose family
     * readers-2 stands for there (K only changes how the pipes are shared out). The JVM-only ways
     * (jdk-*) are left out too: the smoke is the gate's fallback against a stored baseline, which
     * has none of them, and with them it would pass its few minutes' budget.
     */
    static final String[] SMOKE_HANDOFFS = io.chaching.handoff.Handoffs.inCParent().stream()
            .filter(h -> !h.equals("readers-1") && !h.equals("readers-4")).toArray(String[]::new);

    /**
     * The quick profile's hand-offs where one miner streams: all but readers-2 and readers-4, which
     * with one miner start one reader, as readers-1 does (K readers for at most as many miners).
     */
    static final String[] ONE_MINER_HANDOFFS = io.chaching.handoff.Handoffs.names().stream()
            .filter(h -> !h.equals("readers-2") && !h.equals("readers-4")).toArray(String[]::new);

    /**
     * The binding of every profile's cells but the FFM ones: JNA, as before there was a choice, so
     * a profile runs the same cells on every JDK and a result of before compares with one of now.
     */
    static final String[] JNA_ONLY = {Binding.JNA};
    /** The hand-offs whose binding cost the FFM cells measure: the pipes (blocking, epoll) and the rings. */
    static final String[] FFM_HANDOFFS = {"blocking", "epoll", "shm-spin", "shm-futex"};

    /** BindingBenchmark's calls in the quick profile: the spinning parents' read and the ring's doorbell. */
    static final String[] BINDING_CALLS = {"read-eagain", "futex-wake"};

    /**
     * The plans {@code --include} keeps: a plan whole when the regex finds its benchmark's name
     * ({@code io.chaching.bench.RoundBenchmark.round}), as before; otherwise only the parameter
     * sets whose key it finds ({@code RoundBenchmark {difficulty=16, handoff=epoll, ...}}), so that
     * {@code 'RoundBenchmark \{.*handoff=epoll,'} runs one hand-off's rounds; none, it is dropped.
     */
    static List<Plan> select(List<Plan> plans, Pattern filter) {
        List<Plan> kept = new ArrayList<>();
        for (Plan p : plans) {
            if (filter.matcher(p.benchmark().getName() + "." + benchmarkMethod(p.benchmark())).find()) {
                kept.add(p);
            } else {
                Plan some = p.only(filter);
                if (some.combinations() > 0) {
                    kept.add(some);
                }
            }
        }
        return kept;
    }

    static List<Plan> plans(String profile) {
        List<Plan> plans = new ArrayList<>();
        if (profile.equals("quick")) {
            // Three interleaved trials of every parameter set (four where runs drifted apart, below),
            // each a fork with a short warm-up and several short iterations. The verdicts judge from
            // every round, stream and spawn (samples/) nested in iterations in trials; what decides a
            // round is how many it has: BootstrapCoverageTest, on this machine's spreads, finds a 10%
            // slower paired round makespan in 92 of 100 runs with 3 trials of 5 iterations of 2 rounds,
            // 76 with 4 iterations, 71 with 2; so the rounds keep 5, and warm up one round (300 ms: a
            // quick fork's round code is interpreted however long it warms, README). The short
            // benchmarks' spreads are between trials and calls, not iterations (their shapes were
            // measured with 2 iterations a trial): 4 iterations of 120 ms, not 6.
            // 15 minutes for mvn -B verify -Pbench, tests included, is the budget (README: not met
            // since issue 17's six hand-offs, and why).
            plans.add(new Plan(RulerBenchmark.class, 3, 1, 250, 4, 120, Map.of()));
            plans.add(new Plan(RoundBenchmark.class, 3, 1, 300, 5, 600, Map.of("binding", JNA_ONLY)));
            // the summary's stream: one miner handing off coins it mined before, so that what bounds
            // it is the hand-off and the parent (issue 16), beside the producer's own ceiling
            plans.add(new Plan(StreamBenchmark.class, 3, 1, 250, 4, 120, Map.of("handoff", ONE_MINER_HANDOFFS,
                    "miners", new String[] {"1"}, "payload", new String[] {"0"}, "producer", new String[] {"premined"},
                    "verify", new String[] {"digests"}, "binding", JNA_ONLY)));
            plans.add(new Plan(ProducerBenchmark.class, 3, 1, 250, 4, 120, Map.of("payload", new String[] {"0"})));
            // TODO 2's question, what shared memory saves as coins grow: one miner, a sleeping pipe
            // hand-off against a sleeping ring, payload from none to 1 MiB, in the JVM parent. Four
            // trials: two runs' points of this sweep differed by more than either run's interval
            // (1.38x against 1.01x at 1 KiB), drift between trials that three cover too thinly
            plans.add(new Plan(StreamBenchmark.class, 4, 1, 250, 4, 120, Map.of("miners", new String[] {"1"},
                    "handoff", new String[] {"epoll", "shm-futex"}, "parent", new String[] {"jvm"},
                    "payload", PAYLOAD_SWEEP, "producer", new String[] {"mining"}, "verify", new String[] {"digests"},
                    "binding", JNA_ONLY)));
            // a paced stream's median spreads most between streams, not iterations (0 of 100 either
            // way): two longer iterations, as before, keep the budget
            plans.add(new Plan(PacedLatencyBenchmark.class, 3, 1, 250, 2, 350, Map.of("handoff", ONE_MINER_HANDOFFS,
                    "miners", new String[] {"1"}, "binding", JNA_ONLY)));
            plans.add(new Plan(SpawnBenchmark.class, 3, 1, 250, 4, 120, Map.of()));
            // the seminar's question, select and poll against epoll and io_uring as watched
            // descriptors grow: four points make a curve; four trials, as the sweep (epoll's growth
            // to 1024 watched was 1.78x in one run and 1.06x in the next)
            plans.add(new Plan(MultiplexerBenchmark.class, 4, 1, 250, 4, 120, Map.of("idle", new String[] {"watched"})));
            plans.add(new Plan(BogatyrsBenchmark.class, 3, 1, 250, 4, 120, Map.of("count", new String[] {"3", "33"})));
            // issue 17's question at its root, what one system call costs through JNA and in C: the
            // spinning parents' read and the ring's doorbell, 1000 calls a measured call; 4 sets x 3
            // trials, about 1.5 s a fork with its JVM start: 18 s (with the 6 FFM forks below, 18
            // forks took 28 s on Temurin 25 here, `--include BindingBenchmark`)
            plans.add(new Plan(BindingBenchmark.class, 3, 1, 250, 4, 120, Map.of("call", BINDING_CALLS,
                    "binding", JNA_ONLY)));
            if (Binding.ffmAvailable()) {
                // issue 17's question, what the binding costs: the summary's stream and the lab's
                // round for the pipe and ring hand-offs through FFM downcalls, beside their JNA cells
                // above (JVM parent; only where this JDK and build have FFM, so JDK 17 runs as before)
                String[] jvm = {"jvm"};
                String[] ffm = {Binding.FFM};
                plans.add(new Plan(RoundBenchmark.class, 3, 1, 300, 5, 600, Map.of("handoff", FFM_HANDOFFS,
                        "parent", jvm, "binding", ffm)));
                plans.add(new Plan(StreamBenchmark.class, 3, 1, 250, 4, 120, Map.of("miners", new String[] {"1"},
                        "payload", new String[] {"0"}, "producer", new String[] {"premined"},
                        "verify", new String[] {"digests"}, "handoff", FFM_HANDOFFS, "parent", jvm, "binding", ffm)));
                plans.add(new Plan(BindingBenchmark.class, 3, 1, 250, 4, 120, Map.of("call", BINDING_CALLS,
                        "parent", jvm, "binding", ffm)));
            }
        } else if (profile.equals("smoke")) {
            // CI's few minutes: the ruler, the lab's rounds and small-coin streams, every hand-off in
            // both parents, in three interleaved trials.
            plans.add(new Plan(RulerBenchmark.class, 3, 1, 500, 3, 500, Map.of()));
            plans.add(new Plan(RoundBenchmark.class, 3, 1, 1000, 2, 1000, Map.of("handoff", SMOKE_HANDOFFS, "binding", JNA_ONLY)));
            plans.add(new Plan(StreamBenchmark.class, 3, 1, 500, 2, 500, Map.of("handoff", SMOKE_HANDOFFS, "miners", new String[] {"4"},
                    "payload", new String[] {"0"}, "producer", new String[] {"mining"}, "verify", new String[] {"digests"},
                    "binding", JNA_ONLY)));
        } else if (profile.equals("ab")) {
            // check-regression --ab: rounds and small-coin streams of every hand-off in both parents,
            // one trial a run, since the gate alternates whole runs of two builds and each run is one
            // trial of its side. What it guards is the hand-off, so the rounds mine at difficulty 16
            // (some 20 ms a round, not 340: the parent's own work is a larger part of the makespan
            // and an iteration holds some 25 rounds, not 2) and the stream has one miner (the miner
            // on one core, the parent on the other, instead of four miners crowding both)
            plans.add(new Plan(RoundBenchmark.class, 1, 1, 600, 5, 600, Map.of("difficulty", new String[] {"16"},
                    "binding", JNA_ONLY)));
            // (premined since issue 16: the miner no longer bounds it, so the stream times the hand-off;
            // a REF from before has no premined sets: its streams are then not compared, as the job says)
            plans.add(new Plan(StreamBenchmark.class, 1, 1, 250, 5, 200, Map.of("miners", new String[] {"1"},
                    "payload", new String[] {"0"}, "producer", new String[] {"premined"}, "verify", new String[] {"digests"},
                    "binding", JNA_ONLY)));
        } else if (profile.equals("full")) {
            // 5 trials: with this machine's spreads, the paired round makespan needs 5 to decide a
            // 10% difference in 90 of 100 runs (BootstrapCoverageTest); 3 trials decide it in 71
            plans.add(new Plan(RulerBenchmark.class, 5, 1, 1000, 3, 1000, Map.of()));
            plans.add(new Plan(RoundBenchmark.class, 5, 1, 2000, 3, 2000, Map.of("binding", JNA_ONLY)));
            plans.add(new Plan(StreamBenchmark.class, 5, 1, 1000, 3, 1000, Map.of("binding", JNA_ONLY)));
            plans.add(new Plan(ProducerBenchmark.class, 5, 1, 1000, 3, 1000, Map.of()));
            plans.add(new Plan(PacedLatencyBenchmark.class, 5, 1, 1000, 3, 1000, Map.of("binding", JNA_ONLY)));
            plans.add(new Plan(SpawnBenchmark.class, 5, 1, 1000, 3, 1000, Map.of()));
            plans.add(new Plan(MultiplexerBenchmark.class, 5, 1, 1000, 3, 1000, Map.of()));
            plans.add(new Plan(BogatyrsBenchmark.class, 5, 1, 2000, 3, 2000, Map.of()));
            plans.add(new Plan(BindingBenchmark.class, 5, 1, 1000, 3, 1000, Map.of("binding", JNA_ONLY)));
        } else {
            throw new IllegalArgumentException("bench profile must be smoke, quick, full or ab: profile=" + profile);
        }
        return plans;
    }

    static final List<String> PROFILES = List.of("smoke", "quick", "full", "ab");

    /**
     * The prefix of the lines {@code --lockstep} speaks: {@code READY k/N KEY} before fork k (then
     * one line on stdin starts it, or skips it when the line is {@code skip}) and {@code END} once
     * the results are written.
     */
    static final String LOCKSTEP = "LOCKSTEP ";

    static final Spec SPEC = new Spec("bench", "[--profile smoke|quick|full|ab] [--include REGEX] [--out DIR] [--seed N] [--lockstep]")
            .option("profile", String.join("|", PROFILES), Spec.Kind.oneOf(PROFILES), "quick",
                    "what to run: smoke is CI's few minutes, full the whole matrix")
            .option("include", "REGEX", Spec.Kind.regex(), Pattern.compile(""),
                    "only the benchmark classes whose name the regex finds, or else their parameter sets whose"
                            + " key it finds ('RoundBenchmark \\{.*handoff=epoll,' is epoll's rounds)")
            .option("out", "DIR", Spec.Kind.path(), "target/bench",
                    "where jmh-result.json, samples/, traces/, run-order.csv and run.properties go")
            .option("seed", "N", Spec.Kind.integer(Long.MIN_VALUE, Long.MAX_VALUE), null,
                    "the seed of the forks' shuffled order, to repeat one (default the clock)")
            .flag("lockstep", "before each fork print '" + LOCKSTEP + "READY k/N KEY' and wait for a line on stdin:"
                    + " 'skip' skips the fork, 'run KEY' runs the fork of that key instead ('" + LOCKSTEP + "NOCELL KEY'"
                    + " if there is none), 'has KEY' names the fork that stands for KEY ('" + LOCKSTEP + "HAS KEY2', or"
                    + " '-'), 'end' ends the run, anything else runs it (check-regression --ab alternates"
                    + " two builds fork by fork this way)");

    public static void main(String[] argv) throws Exception {
        Spec.Parsed a = SPEC.parseOrExit(argv);
        String profile = a.string("profile");
        Pattern filter = a.get("include");
        String include = filter.pattern();
        long seed = a.has("seed") ? a.integer("seed") : System.nanoTime();
        boolean lockstep = a.flag("lockstep");
        java.io.BufferedReader go = lockstep ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8)) : null;
        // Maven passes an empty --out= when none is set: the default then
        Path out = Path.of(a.string("out").isEmpty() ? "target/bench" : a.string("out"));
        List<Plan> plans = select(plans(profile), filter);
        if (plans.isEmpty()) {
            System.err.println("bench: no benchmark matches --include " + include);
            System.exit(2);
        }
        Path nativeDir = NativeBinaries.dir().toAbsolutePath();
        NativeBinaries.program("cparent"); // fail now, with the fix, rather than in every fork
        Files.createDirectories(out.resolve("traces"));
        Path samples = out.resolve("samples");
        Files.createDirectories(samples);
        try (var old = Files.newDirectoryStream(samples, "*.csv")) {
            for (Path f : old) {
                Files.delete(f); // an earlier run's samples would join this run's
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        PrintStream o = System.out;
        long total = plans.stream().mapToLong(Plan::estimateSeconds).sum();
        o.printf("cha-ching bench: profile %s on %d cores (16 miners on %d cores are oversubscribed %dx)%n", profile,
                cores, cores, Math.max(1, 16 / cores));
        for (Plan p : plans) {
            o.printf(java.util.Locale.ROOT, "  %-22s %3d parameter sets x %d trial(s) x (%d x %.1f s warm-up + %d x %.1f s measured)  ~%d min%n",
                    p.benchmark().getSimpleName(), p.combinations(), p.trials(), p.warmups(), p.warmupMs() / 1000.0,
                    p.measurements(), p.measurementMs() / 1000.0, (p.estimateSeconds() + 59) / 60);
        }
        List<Cell> order = schedule(plans, seed);
        o.printf("  %d forks in a shuffled, interleaved order (seed %d, in %s); about %d min in all; results to %s%n%n",
                order.size(), seed, out.resolve("run-order.csv"), (total + 59) / 60, out.resolve("jmh-result.json"));
        o.flush();
        RunInfo.write(out.resolve("run.properties"), profile, include, cores, seed);

        Map<String, List<RunResult>> byCell = new LinkedHashMap<>();
        for (Plan p : plans) {
            for (Map<String, String> c : p.cells()) {
                byCell.put(new Cell(p, c, 0).key(), new ArrayList<>());
            }
        }
        long started = System.nanoTime();
        try (PrintStream log = new PrintStream(Files.newOutputStream(out.resolve("run-order.csv")), true, "UTF-8")) {
            log.println("order,trial,benchmark,params,startMs,endMs");
            List<Cell> pending = new ArrayList<>(order);
            if (lockstep) {
                // what this build can run, so that a build leading it asks only for those
                for (String key : byCell.keySet()) {
                    o.println(LOCKSTEP + "CELL " + key);
                }
            }
            for (int k = 0; !pending.isEmpty(); k++) {
                Cell cell = pending.get(0);
                if (lockstep) {
                    // the other build's fork of the same cell runs while this one waits
                    o.println(LOCKSTEP + "READY " + (k + 1) + "/" + order.size() + " " + cell.key());
                    o.flush();
                    String word = go.readLine();
                    if (word == null) {
                        System.err.println("bench: --lockstep: stdin closed before fork " + (k + 1) + "; stopping");
                        System.exit(1);
                    }
                    if (word.equals("end")) {
                        break; // the leading build has no more forks: the rest of this one's have no pair
                    }
                    if (word.equals("skip")) {
                        pending.remove(0);
                        continue; // the job needs this parameter set no more (check-regression --ab's confirm runs)
                    }
                    if (word.startsWith("has ")) {
                        // which of this build's forks stands for the other build's KEY (exactly, or with
                        // parameters it lacks at their defaults); then wait for the command again
                        Cell c = Cell.find(pending, word.substring(4));
                        o.println(LOCKSTEP + "HAS " + (c == null ? "-" : c.key()));
                        k--;
                        continue;
                    }
                    if (word.startsWith("run ")) {
                        // follow the other build: its next fork, found by key among this build's left
                        cell = Cell.find(pending, word.substring(4));
                        if (cell == null) {
                            o.println(LOCKSTEP + "NOCELL " + word.substring(4));
                            k--;
                            continue; // that build has a parameter set this one has not
                        }
                    }
                }
                pending.remove(cell);
                Plan p = cell.plan();
                String name = String.format(java.util.Locale.ROOT, "%04d-t%d-%s", k, cell.trial(),
                        p.benchmark().getSimpleName());
                ChainedOptionsBuilder b = new OptionsBuilder()
                        .include(Pattern.quote(p.benchmark().getName()) + "\\.")
                        .forks(1)
                        .warmupIterations(p.warmups()).warmupTime(TimeValue.milliseconds(p.warmupMs()))
                        .measurementIterations(p.measurements()).measurementTime(TimeValue.milliseconds(p.measurementMs()))
                        .addProfiler(RoundStatsProfiler.class)
                        .verbosity(org.openjdk.jmh.runner.options.VerboseMode.NORMAL)
                        // forks inherit this JVM's options (native dir, headless); the rest is this fork's
                        // (--enable-native-access: JNA's and FFM's native calls without JDK 24+'s
                        // warnings; JDK 17 accepts it and it changes nothing there)
                        .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Dchaching.native.dir=" + nativeDir,
                                "-Dchaching.bench.traces=" + out.resolve("traces").toAbsolutePath(),
                                "-Dchaching.bench.samples=" + samples.toAbsolutePath(),
                                "-Dchaching.bench.cell=" + name, "-Dchaching.bench.trial=" + cell.trial(),
                                "-Dchaching.bench.order=" + k);
                for (Map.Entry<String, String> e : cell.params().entrySet()) {
                    b.param(e.getKey(), e.getValue());
                }
                long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
                long left = k == 0 ? total : elapsed * (order.size() - k) / k;
                o.printf("[%d/%d, %d:%02d elapsed, ~%d min left] trial %d: %s%n", k + 1, order.size(), elapsed / 60,
                        elapsed % 60, (left + 59) / 60, cell.trial(), cell.key());
                o.flush();
                long t0 = System.currentTimeMillis();
                Collection<RunResult> r;
                try {
                    r = new Runner(b.build()).run();
                } catch (RunnerException e) {
                    // e.g. another JMH run holds /tmp/jmh.lock: one line that says so, not a stack trace
                    System.err.println("bench: " + cell.key() + " did not run: "
                            + (e.getMessage() == null ? e.toString() : e.getMessage().replaceFirst("^ERROR: ", "")));
                    System.exit(1);
                    return;
                }
                if (r.isEmpty()) {
                    System.err.println("bench: " + cell.key() + " gave no result (its fork failed: see above)");
                    System.exit(1);
                }
                log.println(k + "," + cell.trial() + "," + p.benchmark().getSimpleName() + ",\"" + cell.params() + "\","
                        + t0 + "," + System.currentTimeMillis());
                byCell.get(cell.key()).addAll(r);
            }
        }
        List<RunResult> results = new ArrayList<>();
        for (List<RunResult> trials : byCell.values()) {
            if (!trials.isEmpty()) { // a cell skipped in lockstep has none
                results.add(merge(trials));
            }
        }
        Path json = out.resolve("jmh-result.json");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, "UTF-8")) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        o.println("bench: " + results.size() + " results in " + json.toAbsolutePath() + ", their samples in " + samples);
        if (lockstep) {
            o.println(LOCKSTEP + "END");
            o.flush();
        }
    }

    /** One parameter set's trials as one result, each trial a fork of it (JMH's rawData keeps them apart). */
    static RunResult merge(List<RunResult> trials) {
        List<org.openjdk.jmh.results.BenchmarkResult> forks = new ArrayList<>();
        for (RunResult t : trials) {
            forks.addAll(t.getBenchmarkResults());
        }
        return new RunResult(trials.get(0).getParams(), forks);
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

package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.handoff.Handoffs;
import io.chaching.rounds.RoundSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.Result;

/** The pieces the benchmarks stand on, checked for behaviour (not speed). */
class BenchPlumbingTest {
    @Test
    @Timeout(60)
    void nativeSessionRunsRoundsAndStreamsThenLeavesNothing() throws Exception {
        Leaks before = Leaks.snapshot();
        try (NativeSession s = NativeSession.start("epoll", 4, 6, 11, 0)) {
            for (long r = 0; r < 3; r++) {
                RoundSample round = s.round(r, 6);
                assertEquals(4, round.miner().length);
                int[] miners = round.miner().clone();
                Arrays.sort(miners);
                assertEquals("[0, 1, 2, 3]", Arrays.toString(miners), "one coin per miner");
                for (int i = 0; i < 4; i++) {
                    assertTrue(round.minedNs()[i] >= round.startNs() && round.cashedNs()[i] >= round.minedNs()[i]);
                }
                assertEquals(round.cashedNs()[3], round.endNs());
            }
            Map<String, Long> stream = s.stream(3, 1000, 0, 32, 0);
            assertEquals(4000L, stream.get("coins"));
            assertTrue(stream.get("delay_p50") <= stream.get("delay_p99"));
            IOException e = assertThrows(IOException.class, () -> s.round(4, 99));
            assertTrue(e.getMessage().startsWith("cparent: "), e.getMessage());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void aTailPercentileOnlyWhereTheIterationHasTheCoinsForOne() {
        assertEquals(Set.of("delay.p50", "delay.max"), tails(roundsOf(3, 16)), "48 coins: a maximum, no p90 or p99");
        assertEquals(Set.of("delay.p50", "delay.p90", "delay.max"), tails(roundsOf(7, 16)));
        assertEquals(Set.of("delay.p50", "delay.p90", "delay.p99", "delay.max"), tails(roundsOf(63, 16)));
        List<Result> out = new ArrayList<>();
        RoundStatsProfiler.latency(List.of(LatencyRecorder.StreamDelays.raw(new long[1000])), out);
        assertTrue(out.stream().noneMatch(r -> r.getLabel().equals("latency.p99.9")), "1000 coins: no 99.9th");
        assertTrue(out.stream().anyMatch(r -> r.getLabel().equals("latency.p99")));
        out.clear();
        RoundStatsProfiler.latency(List.of(LatencyRecorder.StreamDelays.raw(new long[10000])), out);
        assertTrue(out.stream().anyMatch(r -> r.getLabel().equals("latency.p99.9")));
    }

    private static List<RoundSample> roundsOf(int rounds, int coins) {
        List<RoundSample> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long[] mined = new long[coins];
            long[] cashed = new long[coins];
            for (int c = 0; c < coins; c++) {
                mined[c] = 1000L * c;
                cashed[c] = mined[c] + 500 + c;
            }
            out.add(new RoundSample(r, 0, cashed[coins - 1], 0, new int[coins], mined, cashed, new long[coins],
                    new long[coins], new String[coins]));
        }
        return out;
    }

    private static Set<String> tails(List<RoundSample> rounds) {
        List<Result> out = new ArrayList<>();
        RoundStatsProfiler.rounds(rounds, out, false, "parentCpu");
        Set<String> delays = new TreeSet<>();
        out.stream().map(Result::getLabel).filter(l -> l.startsWith("delay.")).forEach(delays::add);
        return delays;
    }

    @Test
    void plansCountTheirParameterSets() {
        // every hand-off in the JVM, those the C parent has in it too
        int handoffs = Handoffs.names().size();
        int cells = handoffs + Handoffs.inCParent().size();
        assertEquals(RulerBenchmark.class, BenchMain.plans("quick").get(0).benchmark(), "the gate's ruler runs first");
        BenchMain.Plan round = BenchMain.plans("quick").get(1);
        assertEquals(RoundBenchmark.class, round.benchmark());
        assertEquals(cells, round.combinations(), "every hand-off, both parents");
        BenchMain.Plan stream = BenchMain.plans("quick").get(2);
        assertEquals(cells - 4, stream.combinations(), "one miner count and payload in the quick set; with one miner,"
                + " readers-1 stands for readers-2 and readers-4 (one reader each), both parents");
        assertEquals(cells * 4 * 4 * 2 * 2, BenchMain.plans("full").get(2).combinations(),
                "mined and premined, digests and headers");
        assertEquals(ProducerBenchmark.class, BenchMain.plans("quick").get(3).benchmark());
        assertEquals(2, BenchMain.plans("quick").get(3).combinations(), "the producer premined and mining, no payload");
        BenchMain.Plan sweep = BenchMain.plans("quick").get(4);
        assertEquals(StreamBenchmark.class, sweep.benchmark());
        assertEquals(2 * BenchMain.PAYLOAD_SWEEP.length, sweep.combinations(), "epoll and shm-futex, JVM, every payload");
        java.util.List<BenchMain.Plan> smoke = BenchMain.plans("smoke");
        assertEquals(RulerBenchmark.class, smoke.get(0).benchmark(), "CI's gate needs its ruler too");
        assertTrue(smoke.stream().allMatch(p -> p.measurements() * p.trials() >= 3), "fewer than 3 iterations give JMH no error");
        assertTrue(smoke.stream().mapToLong(BenchMain.Plan::estimateSeconds).sum() < 8 * 60, "a smoke stays a few minutes");
        assertTrue(BenchMain.plans("quick").stream().allMatch(p -> p.trials() >= 3), "every quick set runs in 3 trials");
        assertEquals(4 * 4, BenchMain.plans("quick").get(7).combinations(), "4 multiplexers at 16, 64, 256, 1024 watched");
        // the binding's calls: both calls, JNA in the JVM and in C, in quick and full; not in the smoke or the gate's ab
        BenchMain.Plan calls = BenchMain.plans("quick").get(9);
        assertEquals(BindingBenchmark.class, calls.benchmark());
        assertEquals(List.of("futex-wake/jvm", "futex-wake/native", "read-eagain/jvm", "read-eagain/native"),
                calls.cells().stream().map(c -> c.get("call") + "/" + c.get("parent")).sorted().toList());
        assertEquals(3 * 2, BenchMain.plans("full").stream().filter(p -> p.benchmark() == BindingBenchmark.class)
                .mapToInt(BenchMain.Plan::combinations).sum(), "full: every call, both parents");
        for (String profile : List.of("smoke", "ab")) {
            assertTrue(BenchMain.plans(profile).stream().noneMatch(p -> p.benchmark() == BindingBenchmark.class), profile);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchMain.plans("medium"));
        assertTrue(e.getMessage().contains("smoke, quick, full or ab") && e.getMessage().contains("medium"), e.getMessage());
    }

    @Test
    void everyProfileBindsJnaAndQuickAddsFfmCellsOnlyWhereFfmRuns() {
        Set<Class<?>> bound = Set.of(RoundBenchmark.class, StreamBenchmark.class, PacedLatencyBenchmark.class,
                BindingBenchmark.class);
        for (String profile : BenchMain.PROFILES) {
            for (BenchMain.Plan p : BenchMain.plans(profile)) {
                for (Map<String, String> c : p.cells()) {
                    if (bound.contains(p.benchmark())) {
                        assertTrue(c.containsKey("binding"), profile + ": " + c);
                    }
                    if (!"jna".equals(c.get("binding")) && c.containsKey("binding")) {
                        assertEquals("quick", profile, "only quick has FFM cells: " + c);
                        assertEquals("ffm", c.get("binding"), c.toString());
                        assertEquals("jvm", c.get("parent"), c.toString());
                        if (p.benchmark() == BindingBenchmark.class) {
                            assertTrue(List.of(BenchMain.BINDING_CALLS).contains(c.get("call")), c.toString());
                        } else {
                            assertTrue(List.of(BenchMain.FFM_HANDOFFS).contains(c.get("handoff")), c.toString());
                        }
                    }
                }
            }
        }
        List<BenchMain.Plan> quick = BenchMain.plans("quick");
        long ffmCells = quick.stream().flatMap(p -> p.cells().stream()).filter(c -> "ffm".equals(c.get("binding"))).count();
        boolean ffm = io.chaching.sys.Binding.ffmAvailable();
        assertEquals(ffm ? 2 * BenchMain.FFM_HANDOFFS.length + BenchMain.BINDING_CALLS.length : 0, ffmCells,
                "a round and a premined stream per pipe and ring hand-off and each call, where FFM runs (ffmAvailable="
                        + ffm + ")");
        assertEquals(ffm ? 13 : 10, quick.size(), "the quick plans, and the three FFM ones where FFM runs");
        // binding=ffm has no parent=native cell, whatever a plan asks
        BenchMain.Plan both = new BenchMain.Plan(RoundBenchmark.class, 1, 1, 1, 1, 1, Map.of("handoff",
                new String[] {"epoll"}, "binding", new String[] {"jna", "ffm"}));
        assertEquals(List.of("jna/jvm", "jna/native", "ffm/jvm"), both.cells().stream()
                .map(c -> c.get("binding") + "/" + c.get("parent")).toList());
        // a key from before there was a binding finds the JNA cell: jna is @Param's first value
        List<BenchMain.Cell> ab = BenchMain.schedule(BenchMain.plans("ab"), 1);
        BenchMain.Cell old = BenchMain.Cell.find(ab, "RoundBenchmark {difficulty=16, handoff=epoll, miners=16, parent=jvm, payload=0}");
        assertTrue(old != null && old.params().get("binding").equals("jna"), String.valueOf(old));
    }

    @Test
    void includeKeepsAClassWholeByNameOrElseTheParameterSetsItsKeyFinds() {
        List<BenchMain.Plan> ab = BenchMain.plans("ab");
        java.util.function.Function<String, List<String>> keys = regex -> BenchMain.schedule(
                BenchMain.select(ab, java.util.regex.Pattern.compile(regex)), 1).stream().map(BenchMain.Cell::key)
                .sorted().toList();
        int rounds = ab.get(0).combinations();
        assertEquals(rounds, keys.apply("RoundBenchmark").size(), "by name: every round, as before");
        assertEquals(rounds, keys.apply("io\\.chaching\\.bench\\.RoundBenchmark\\.round").size(), "the full name too");
        List<String> epoll = keys.apply("RoundBenchmark \\{.*handoff=epoll,");
        assertEquals(2, epoll.size(), "epoll's rounds in both parents: " + epoll);
        assertTrue(epoll.get(0).contains("parent=jvm") && epoll.get(1).contains("parent=native"), epoll.toString());
        List<String> jvmEpoll = keys.apply("handoff=epoll, .*parent=jvm");
        assertEquals(2, jvmEpoll.size(), "the JVM parent's epoll round and stream: " + jvmEpoll);
        assertTrue(jvmEpoll.stream().anyMatch(k -> k.startsWith("RoundBenchmark"))
                && jvmEpoll.stream().anyMatch(k -> k.startsWith("StreamBenchmark")), jvmEpoll.toString());
        assertEquals(List.of(), keys.apply("handoff=carrier-pigeon"), "nothing matched: main refuses it");
    }

    @Test
    void theScheduleInterleavesShuffledTrials() {
        java.util.List<BenchMain.Plan> plans = BenchMain.plans("smoke");
        java.util.List<BenchMain.Cell> order = BenchMain.schedule(plans, 42);
        int cells = plans.stream().mapToInt(BenchMain.Plan::combinations).sum();
        int trials = plans.get(0).trials();
        assertTrue(plans.stream().allMatch(p -> p.trials() == trials) && trials >= 2);
        assertEquals(cells * trials, order.size(), "every parameter set once per trial");
        for (int k = 0; k < order.size(); k++) {
            assertEquals(k / cells + 1, order.get(k).trial(), "trial 1 of everything before any trial 2, and so on");
        }
        java.util.Set<String> first = new java.util.HashSet<>();
        order.subList(0, cells).forEach(c -> first.add(c.key()));
        assertEquals(cells, first.size(), "no set twice within a trial");
        java.util.List<String> t1 = order.subList(0, cells).stream().map(BenchMain.Cell::key).toList();
        java.util.List<String> t2 = order.subList(cells, 2 * cells).stream().map(BenchMain.Cell::key).toList();
        assertTrue(!t1.equals(t2), "each trial shuffled on its own");
        assertTrue(!t1.equals(plans.stream().flatMap(p -> p.cells().stream().map(c -> new BenchMain.Cell(p, c, 1).key()))
                .toList()), "not the plans' own order");
        assertEquals(order.stream().map(BenchMain.Cell::key).toList(), BenchMain.schedule(plans, 42).stream()
                .map(BenchMain.Cell::key).toList(), "the same seed, the same order");
    }

    @Test
    void runInfoRecordsTheMachineAndTheCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("run.properties");
        RunInfo.write(f, "smoke", "Round", 2, 7);
        java.util.Properties p = new java.util.Properties();
        try (var r = java.nio.file.Files.newBufferedReader(f)) {
            p.load(r);
        }
        assertEquals("2", p.getProperty("cores"));
        assertEquals(RunInfo.cpuModel(), p.getProperty("cpu"));
        assertTrue(!p.getProperty("kernel").isBlank() && p.getProperty("jvm").contains(System.getProperty("java.runtime.version")));
        assertEquals("mvn -B verify -Pbench -Dbench.profile=smoke -Dbench.include='Round'", p.getProperty("command"));
    }

    @Test
    void closingATrialClosesEverythingAndLosesNoFailure() {
        List<String> closed = new ArrayList<>();
        IOException first = assertThrows(IOException.class, () -> Trials.closeInOrder(
                () -> {
                    closed.add("handoff");
                    throw new IOException("handoff failed");
                },
                null,
                () -> {
                    closed.add("pool");
                    throw new IllegalStateException("pool failed");
                },
                () -> closed.add("native")));
        assertEquals(List.of("handoff", "pool", "native"), closed);
        assertEquals("handoff failed", first.getMessage(), "the first failure is the one thrown");
        assertEquals(1, first.getSuppressed().length);
        assertEquals("pool failed", first.getSuppressed()[0].getMessage());
    }

    /** Benchmarks that measure some hand-offs on purpose, and which. */
    private static final Map<Class<?>, String> HANDOFF_SUBSETS = Map.of(MultiplexerBenchmark.class, "the multiplexers");

    @Test
    void benchmarkParamsNameEveryHandoff() {
        // The @Param lists are constants (an annotation cannot call Handoffs.names()); they must
        // not drift from the registry: every benchmark class's @Param("handoff"), found in the
        // compiled classes, is the registry in its order, or a subset of it declared above.
        List<Class<?>> checked = new ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass jc : new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BenchMain.class.getPackageName())) {
            Class<?> c = jc.reflect();
            java.lang.reflect.Field f = Arrays.stream(c.getDeclaredFields()).filter(x -> x.getName().equals("handoff"))
                    .findFirst().orElse(null);
            org.openjdk.jmh.annotations.Param param = f == null ? null : f.getAnnotation(org.openjdk.jmh.annotations.Param.class);
            if (param == null) {
                continue;
            }
            List<String> names = Arrays.asList(param.value());
            if (HANDOFF_SUBSETS.containsKey(c)) {
                List<String> inOrder = Handoffs.names().stream().filter(names::contains).toList();
                assertEquals(inOrder, names, c.getSimpleName() + "'s @Param handoff: " + HANDOFF_SUBSETS.get(c)
                        + ", registry names in the registry's order");
            } else {
                assertEquals(Handoffs.names(), names, c.getSimpleName() + "'s @Param handoff");
            }
            checked.add(c);
        }
        assertTrue(checked.containsAll(List.of(RoundBenchmark.class, StreamBenchmark.class, PacedLatencyBenchmark.class,
                MultiplexerBenchmark.class)), "found " + checked);
    }

    @Test
    @Timeout(60)
    void theCParentKnowsTheSameHandoffsInTheSameOrder() throws Exception {
        // cparent's table (HANDOFFS in native/src/parent_args.c) must not drift from the registry
        // either: its refusal of an unknown name, printed from that table, lists the names it has
        Process p = new ProcessBuilder(io.chaching.sys.NativeBinaries.program("cparent").toString(), "--miner",
                io.chaching.sys.NativeBinaries.program("miner").toString(), "--handoff", "no-such-handoff")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("must be one of ([^:]+):").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(Handoffs.inCParent(), Arrays.asList(m.group(1).trim().split("[,| ]+")), out);
    }
}

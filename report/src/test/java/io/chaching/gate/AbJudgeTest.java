package io.chaching.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.gate.AbJudge.Row;
import io.chaching.gate.AbJudge.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The A/B judgement on synthetic runs with known answers: rounds whose mining (shared by both
 * builds, round by round) spreads 25% and whose builds add 3% of their own, streams that spread
 * 3%; a slowed current build is found, an unchanged one is not, and the threshold tells a small
 * decided slowdown from a regression.
 */
class AbJudgeTest {
    static final int RUNS = 3;
    static final int ITERATIONS = 5;
    static final int ROUNDS = 2;
    static final List<String> HANDOFFS = List.of("blocking", "nonblocking", "select", "poll", "epoll", "io_uring",
            "aio", "shm-spin", "shm-futex", "threads");

    @TempDir
    Path dir;

    /** Per hand-off, the current build's factor on a round's makespan and on a stream's coins/s. */
    record Change(Map<String, Double> round, Map<String, Double> stream) {
    }

    /**
     * Writes RUNS runs of each build, the rounds of run r mining the same coins in both builds, and
     * the streams of run r under the same spell of the machine (a factor of some ±30% from run to
     * run, shared by both builds' run r, as the lockstep pairs share it).
     */
    List<List<Path>> runs(Change change, long seed) throws Exception {
        Random work = new Random(seed);
        double[][][][] shared = new double[RUNS][HANDOFFS.size()][ITERATIONS][ROUNDS];
        for (double[][][] r : shared) {
            for (double[][] h : r) {
                for (double[] i : h) {
                    for (int k = 0; k < ROUNDS; k++) {
                        i[k] = work.nextGaussian() * 0.25;
                    }
                }
            }
        }
        double[] spell = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            spell[r] = work.nextGaussian() * 0.3;
        }
        List<Path> ref = new ArrayList<>();
        List<Path> cur = new ArrayList<>();
        Random noise = new Random(seed * 7 + 1);
        for (int run = 0; run < RUNS; run++) {
            ref.add(run("ref-" + run, shared[run], spell[run], null, noise));
            cur.add(run("current-" + run, shared[run], spell[run], change, noise));
        }
        return List.of(ref, cur);
    }

    private Path run(String name, double[][][] shared, double spell, Change change, Random noise) throws Exception {
        Path out = dir.resolve(name);
        Path samples = out.resolve("samples");
        Files.createDirectories(samples);
        List<String> json = new ArrayList<>();
        int order = 0;
        for (int h = 0; h < HANDOFFS.size(); h++) {
            String ho = HANDOFFS.get(h);
            double rf = change == null ? 1 : change.round().getOrDefault(ho, 1.0);
            double sf = change == null ? 1 : change.stream().getOrDefault(ho, 1.0);
            StringBuilder round = header("RoundBenchmark.round", ho, order).append("# pairs same seed, same rounds\n")
                    .append("iteration,op,measure,unit,value\n");
            StringBuilder stream = header("StreamBenchmark.stream", ho, order + 1).append("iteration,op,measure,unit,value\n");
            for (int i = 0; i < ITERATIONS; i++) {
                for (int k = 0; k < ROUNDS; k++) {
                    double ms = 300 * rf * Math.exp(shared[h][i][k] + noise.nextGaussian() * 0.03);
                    round.append(i).append(',').append(k).append(",makespan,ms,").append(num(ms)).append('\n');
                }
                for (int c = 0; c < 4; c++) {
                    double coins = 2.5e6 * sf * Math.exp(spell + noise.nextGaussian() * 0.03);
                    stream.append(i).append(',').append(c).append(",coins,ops/s,").append(num(coins)).append('\n');
                }
            }
            Files.writeString(samples.resolve(String.format(Locale.ROOT, "%04d-t1-RoundBenchmark.csv", order)), round,
                    StandardCharsets.UTF_8);
            Files.writeString(samples.resolve(String.format(Locale.ROOT, "%04d-t1-StreamBenchmark.csv", order + 1)), stream,
                    StandardCharsets.UTF_8);
            order += 2;
            json.add(result("RoundBenchmark.round", ho, 300 * rf, "ms/op", ""));
            json.add(result("StreamBenchmark.stream", ho, 2500 * sf, "ops/s",
                    "\"coins\":" + metric(2.5e6 * sf, "ops/s")));
        }
        Files.writeString(out.resolve("jmh-result.json"), "[" + String.join(",", json) + "]", StandardCharsets.UTF_8);
        return out;
    }

    private static StringBuilder header(String benchmark, String handoff, int order) {
        return new StringBuilder("# format cha-ching-samples 1\n# benchmark io.chaching.bench." + benchmark + "\n"
                + "# param handoff " + handoff + "\n# param parent jvm\n# trial 1\n# order " + order + "\n");
    }

    private static String result(String benchmark, String handoff, double score, String unit, String secondary) {
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"io.chaching.bench." + benchmark + "\",\"mode\":\""
                + (unit.endsWith("/op") ? "avgt" : "thrpt") + "\",\"forks\":1,\"warmupIterations\":1,"
                + "\"warmupTime\":\"1 s\",\"measurementIterations\":5,\"measurementTime\":\"1 s\",\"jdkVersion\":\"17\","
                + "\"vmName\":\"OpenJDK\",\"params\":{\"handoff\":\"" + handoff + "\",\"parent\":\"jvm\"},"
                + "\"primaryMetric\":" + metric(score, unit) + ",\"secondaryMetrics\":{" + secondary + "}}";
    }

    private static String metric(double score, String unit) {
        return "{\"score\":" + num(score) + ",\"scoreError\":\"NaN\",\"scoreConfidence\":[\"NaN\",\"NaN\"],"
                + "\"scoreUnit\":\"" + unit + "\",\"rawData\":[[" + num(score) + "]]}";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    private static List<Row> judge(List<List<Path>> runs, double threshold) throws Exception {
        return AbJudge.judge(runs.get(0), runs.get(1), threshold);
    }

    private static Row row(List<Row> rows, String cls, String handoff) {
        return rows.stream().filter(r -> r.benchmark().equals(cls) && r.params().get("handoff").equals(handoff))
                .findFirst().orElseThrow();
    }

    @Test
    void anUnchangedBuildIsNoRegressionAndEveryBenchmarkIsJudged() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            List<Row> rows = judge(runs(new Change(Map.of(), Map.of()), seed), 0.05);
            assertEquals(2 * HANDOFFS.size(), rows.size(), "every round and stream of both builds");
            for (Row r : rows) {
                assertTrue(r.verdict() != Verdict.REGRESSION, "seed " + seed + ": " + r);
                assertTrue(r.mde() > 0 && r.mde() < 0.10, "a 10% change must be visible here: " + r);
                // a stream's run r of both builds ran fork next to fork: paired too, the spell falls out
                assertTrue(r.method().startsWith("paired"), r.method());
            }
        }
    }

    @Test
    void aSlowerRoundAndASlowerStreamAreRegressionsAndNothingElseIs() throws Exception {
        List<Row> rows = judge(runs(new Change(Map.of("epoll", 1.15), Map.of("select", 1 / 1.15)), 11), 0.05);
        Row round = row(rows, "RoundBenchmark", "epoll");
        assertEquals(Verdict.REGRESSION, round.verdict(), round.toString());
        assertEquals(1.15, round.slowdown(), 0.04);
        assertTrue(round.low() > 1 && round.high() > round.slowdown(), round.toString());
        Row stream = row(rows, "StreamBenchmark", "select");
        assertEquals(Verdict.REGRESSION, stream.verdict(), "fewer coins per second is worse: " + stream);
        assertEquals(1.15, stream.slowdown(), 0.04);
        assertEquals(2, rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).count(), rows.toString());
    }

    @Test
    void aFasterBuildIsFasterAndASmallDecidedSlowdownIsUnderTheThreshold() throws Exception {
        List<Row> rows = judge(runs(new Change(Map.of("poll", 0.85), Map.of("aio", 1.04)), 12), 0.10);
        assertEquals(Verdict.FASTER, row(rows, "RoundBenchmark", "poll").verdict());
        Row small = row(rows, "StreamBenchmark", "aio");
        assertTrue(small.verdict() == Verdict.SLOWER_WITHIN_THRESHOLD || small.verdict() == Verdict.FASTER
                || small.verdict() == Verdict.UNDECIDED, small.toString());
        assertTrue(small.slowdown() < 1, "4% more coins per second is a speed-up: " + small);
        List<Row> slower = judge(runs(new Change(Map.of(), Map.of("aio", 1 / 1.05)), 13), 0.10);
        Row s = row(slower, "StreamBenchmark", "aio");
        assertEquals(Verdict.SLOWER_WITHIN_THRESHOLD, s.verdict(), "decided 5% slower, under a 10% threshold: " + s);
    }

    @Test
    void aParameterOnlyThisTreeHasIsLeftOutOfTheKeys() throws Exception {
        // this tree's benchmarks gained a parameter; AbRun ran its forks at the default against REF's
        List<List<Path>> runs = runs(new Change(Map.of("epoll", 1.15), Map.of()), 14);
        for (Path cur : runs.get(1)) {
            Path json = cur.resolve("jmh-result.json");
            Files.writeString(json, Files.readString(json).replace("\"parent\":\"jvm\"}", "\"parent\":\"jvm\",\"verify\":\"digests\"}"));
            try (var csvs = Files.list(cur.resolve("samples"))) {
                for (Path csv : csvs.toList()) {
                    Files.writeString(csv, Files.readString(csv).replace("# param parent jvm\n",
                            "# param parent jvm\n# param verify digests\n"));
                }
            }
        }
        List<Row> rows = judge(runs, 0.05);
        assertEquals(2 * HANDOFFS.size(), rows.size(), "every round and stream judged against REF's: " + rows);
        assertEquals(Verdict.REGRESSION, row(rows, "RoundBenchmark", "epoll").verdict());
        assertTrue(rows.stream().noneMatch(r -> r.params().containsKey("verify")), rows.toString());
    }
}

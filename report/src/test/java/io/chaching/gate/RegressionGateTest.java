package io.chaching.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate on hand-written JMH JSON with known answers. */
class RegressionGateTest {
    @TempDir
    Path dir;

    /** One JMH result object; error null writes JMH's "NaN" (and a NaN interval). */
    static String result(String name, String handoff, double score, Double error, String unit) {
        String mode = unit.endsWith("/op") ? "avgt" : "thrpt";
        String err = error == null ? "\"NaN\"" : String.format(Locale.ROOT, "%s", error);
        String ci = error == null ? "[\"NaN\", \"NaN\"]"
                : String.format(Locale.ROOT, "[%s, %s]", score - error, score + error);
        return String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"io.chaching.bench.%s","mode":"%s","params":{"handoff":"%s"},
                 "primaryMetric":{"score":%s,"scoreError":%s,"scoreConfidence":%s,"scoreUnit":"%s","rawData":[[1.0]]},
                 "secondaryMetrics":{}}""", name, mode, handoff, score, err, ci, unit);
    }

    Path file(String name, String... results) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "[" + String.join(",", results) + "]");
        return p;
    }

    record Out(int status, String out, String err) {
    }

    Out gate(Path base, Path cur, String... more) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] args = new String[2 + more.length];
        args[0] = base.toString();
        args[1] = cur.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        int status = CheckRegression.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Out(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void slowerTimeBeyondThresholdAndOutsideTheNoiseIsARegression() throws Exception {
        Out r = gate(file("b.json", result("RoundBenchmark.round", "epoll", 100, 5.0, "ms/op")),
                file("c.json", result("RoundBenchmark.round", "epoll", 130, 5.0, "ms/op")));
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("REGRESSED") && r.out().contains("+30.0%"), r.out());
    }

    @Test
    void fasterIsAnImprovementNotARegression() throws Exception {
        Out r = gate(file("b.json", result("RoundBenchmark.round", "epoll", 100, 5.0, "ms/op")),
                file("c.json", result("RoundBenchmark.round", "epoll", 70, 5.0, "ms/op")));
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("IMPROVED"), r.out());
    }

    @Test
    void aBigChangeInsideOverlappingIntervalsIsNoise() throws Exception {
        Out r = gate(file("b.json", result("RoundBenchmark.round", "epoll", 100, 40.0, "ms/op")),
                file("c.json", result("RoundBenchmark.round", "epoll", 130, 40.0, "ms/op")));
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("WITHIN_NOISE"), r.out());
    }

    @Test
    void aCertainButSmallChangeIsNotARegression() throws Exception {
        Out r = gate(file("b.json", result("RoundBenchmark.round", "epoll", 100, 0.5, "ms/op")),
                file("c.json", result("RoundBenchmark.round", "epoll", 105, 0.5, "ms/op")));
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("UNCHANGED"), r.out());
    }

    @Test
    void throughputDirectionIsHigherIsBetter() throws Exception {
        Out worse = gate(file("b.json", result("StreamBenchmark.stream", "poll", 1000, 10.0, "ops/s")),
                file("c.json", result("StreamBenchmark.stream", "poll", 700, 10.0, "ops/s")));
        assertEquals(1, worse.status(), worse.out());
        Out better = gate(file("b2.json", result("StreamBenchmark.stream", "poll", 1000, 10.0, "ops/s")),
                file("c2.json", result("StreamBenchmark.stream", "poll", 1300, 10.0, "ops/s")));
        assertEquals(0, better.status(), better.out());
        assertTrue(better.out().contains("IMPROVED"), better.out());
    }

    @Test
    void unitsAreConvertedBeforeComparing() throws Exception {
        // 100 ms/op against 100000 us/op: the same
        Out r = gate(file("b.json", result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op")),
                file("c.json", result("RoundBenchmark.round", "epoll", 100_000, 1000.0, "us/op")));
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("WITHIN_NOISE"), r.out());
    }

    @Test
    void nanErrorsAreNeverJudged() throws Exception {
        Out r = gate(file("b.json", result("StreamBenchmark.stream", "poll", 1000, null, "ops/s")),
                file("c.json", result("StreamBenchmark.stream", "poll", 100, null, "ops/s")));
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("NO_CONFIDENCE_INTERVAL"), r.out());
    }

    @Test
    void aBenchmarkInOneFileOnlyIsListedNotFailed() throws Exception {
        Out r = gate(file("b.json", result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"),
                        result("RoundBenchmark.round", "poll", 100, 1.0, "ms/op")),
                file("c.json", result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"),
                        result("RoundBenchmark.round", "select", 100, 1.0, "ms/op")));
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("ONLY_IN_BASELINE") && r.out().contains("handoff=poll"), r.out());
        assertTrue(r.out().contains("ONLY_IN_CURRENT") && r.out().contains("handoff=select"), r.out());
    }

    @Test
    void theRulerDividesMachineSpeedOut() throws Exception {
        // the whole current machine is 30% slower: ruler and benchmark alike; no regression
        Path b = file("b.json", result("RulerBenchmark.sha512", "none", 10, 0.1, "us/op"),
                result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"));
        Path c = file("c.json", result("RulerBenchmark.sha512", "none", 13, 0.1, "us/op"),
                result("RoundBenchmark.round", "epoll", 130, 1.0, "ms/op"));
        Out r = gate(b, c);
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("current machine 30.0% slower"), r.out());
        // without the ruler the same files regress
        Out noRuler = gate(b, c, "--ruler", "NoSuchRuler");
        assertEquals(1, noRuler.status(), noRuler.out());
    }

    @Test
    void unreadableInputExitsTwoNamingTheFile() throws Exception {
        Path good = file("b.json", result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[{\"benchmark\": ");
        Out r = gate(good, broken);
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("check-regression: " + broken), r.err());
        Out missing = gate(good, dir.resolve("missing.json"));
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("missing.json") && missing.err().contains("cannot read"), missing.err());
        Files.writeString(dir.resolve("object.json"), "{\"a\": 1}");
        Out object = gate(good, dir.resolve("object.json"));
        assertEquals(2, object.status());
        assertTrue(object.err().contains("not a JMH result file"), object.err());
        Out badThreshold = gate(good, good, "--threshold", "lots");
        assertEquals(2, badThreshold.status());
        assertTrue(badThreshold.err().contains("--threshold=lots"), badThreshold.err());
    }

    @Test
    void bothFormsOfEveryOptionAndHelpOnBothNames() throws Exception {
        Path b = file("b.json", result("RoundBenchmark.round", "epoll", 100, 5.0, "ms/op"));
        Path c = file("c.json", result("RoundBenchmark.round", "epoll", 130, 5.0, "ms/op"));
        for (String[] more : new String[][] {{"--threshold=0.5"}, {"--threshold", "0.5"}, {"--threshold=0.5", "--ruler=Ruler"}}) {
            Out r = gate(b, c, more);
            assertEquals(0, r.status(), String.join(" ", more) + ": " + r.err());
            assertTrue(r.out().startsWith("threshold 50% "), r.out());
        }
        for (String help : new String[] {"-h", "--help"}) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            assertEquals(0, CheckRegression.run(new String[] {help}, new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8)));
            assertTrue(o.toString(StandardCharsets.UTF_8).startsWith("usage: check-regression BASELINE.json CURRENT.json"));
            assertEquals("", e.toString(StandardCharsets.UTF_8));
        }
        assertBadInput(gate(b, c, "--ruler", "["), "--ruler must be a regular expression: --ruler=[ (Unclosed character class");
        assertBadInput(gate(b, c, "--threshold"), "--threshold needs a value");
        assertBadInput(gate(b, c, "--treshold=0.5"), "unknown option: --treshold=0.5");
    }

    /** Bad input: exit 2, one line on stderr naming the file, nothing on stdout. */
    static void assertBadInput(Out r, String... mentions) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("check-regression: "), r.err());
        for (String m : mentions) {
            assertTrue(r.err().contains(m), m + ": " + r.err());
        }
    }

    @Test
    void anEmptyOrForeignRunIsBadInputNotAPass() throws Exception {
        Path good = file("b.json", result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"));
        Path empty = file("empty.json");
        assertBadInput(gate(good, empty), empty.toString(), "no cha-ching benchmark");
        assertBadInput(gate(empty, good), empty.toString(), "no cha-ching benchmark");
        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, "[" + result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op")
                .replace("io.chaching.bench.", "org.example.bench.") + "]");
        assertBadInput(gate(good, foreign), foreign.toString(), "no cha-ching benchmark");
    }

    @Test
    void runsWithNoBenchmarkInCommonAreBadInput() throws Exception {
        Path b = file("b.json", result("RulerBenchmark.sha512", "none", 10, 0.1, "us/op"),
                result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"));
        Path c = file("c.json", result("RulerBenchmark.sha512", "none", 10, 0.1, "us/op"),
                result("StreamBenchmark.stream", "epoll", 100, 1.0, "ops/s"));
        assertBadInput(gate(b, c), "no benchmark in common besides the ruler");
        Path d = file("d.json", result("StreamBenchmark.stream", "poll", 100, 1.0, "ops/s"));
        assertBadInput(gate(b, d), "no benchmark in common");
    }

    @Test
    void aRulerOfZeroIsBadInputNotInfinitelyFaster() throws Exception {
        Path b = file("b.json", result("RulerBenchmark.sha512", "none", 10, 0.1, "us/op"),
                result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"));
        Path c = file("c.json", result("RulerBenchmark.sha512", "none", 0, 0.0, "us/op"),
                result("RoundBenchmark.round", "epoll", 100, 1.0, "ms/op"));
        assertBadInput(gate(b, c), c.toString(), "RulerBenchmark.sha512", "score 0.0", "positive");
        assertBadInput(gate(c, b), c.toString(), "score 0.0");
    }
}

package io.chaching.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report of nothing is refused: one line, exit 2, no index.html of "not measured" sections. */
class ReportInputTest {
    /** A run of one ruler result: a cha-ching run, but of nothing to gate. */
    static final String RULER = """
            [{"jmhVersion":"1.37","benchmark":"io.chaching.bench.RulerBenchmark.sha512","mode":"avgt","params":{},
              "primaryMetric":{"score":250.0,"scoreError":5.0,"scoreConfidence":[245.0,255.0],"scoreUnit":"ns/op",
              "rawData":[[250.0]]},"secondaryMetrics":{}}]""";

    @TempDir
    Path dir;

    int report(Path json, ByteArrayOutputStream err, String... more) {
        String[] args = new String[1 + more.length];
        args[0] = json.toString();
        System.arraycopy(more, 0, args, 1, more.length);
        return ReportMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyOrForeignRunIsRefused() throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "[]");
        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, """
                [{"jmhVersion":"1.37","benchmark":"org.example.Foo.bar","mode":"avgt","params":{},
                  "primaryMetric":{"score":1.0,"scoreError":0.1,"scoreConfidence":[0.9,1.1],"scoreUnit":"ms/op",
                  "rawData":[[1.0]]},"secondaryMetrics":{}}]""");
        for (Path p : new Path[] {empty, foreign}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = report(p, err, "--out", dir.resolve("out").toString());
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, e);
            assertEquals(1, e.strip().lines().count(), e);
            assertTrue(e.startsWith("report: " + p + ": no cha-ching benchmark"), e);
            assertFalse(Files.exists(dir.resolve("out/index.html")), "no report of nothing");
        }
    }

    @Test
    void aBaselineOfNothingIsRefused() throws Exception {
        Path json = dir.resolve("run.json");
        Files.writeString(json, RULER);
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "[]");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = report(json, err, "--baseline", empty.toString(), "--out", dir.resolve("out").toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, e);
        assertTrue(e.startsWith("report: " + empty + ": no cha-ching benchmark"), e);
    }

    @Test
    void aBaselineAndAnAbJobAtOnceOrAForeignAbFileAreRefused() throws Exception {
        Path json = dir.resolve("run.json");
        Files.writeString(json, RULER);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = report(json, err, "--baseline", json.toString(), "--ab", json.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, e);
        assertEquals("report: --baseline and --ab both give the gate section: pass one", e.strip());
        err.reset();
        status = report(json, err, "--ab", json.toString(), "--out", dir.resolve("out").toString());
        e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.startsWith("report: " + json + ": not an ab.json of check-regression --ab"), e);
    }

    @Test
    void aThresholdOutsideItsRangeIsOneLineAndHelpIsUsage() throws Exception {
        Path json = dir.resolve("run.json");
        Files.writeString(json, "[]");
        for (String bad : new String[] {"abc", "0", "-0.1", "12"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = report(json, err, "--threshold=" + bad);
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, e);
            assertEquals("report: --threshold must be a fraction in (0, 10), e.g. 0.10: --threshold=" + bad, e.strip());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ReportMain.run(new String[] {"-h"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(ReportMain.USAGE), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpOnBothNamesReadsNoFileAndBadOptionsAreOneLine() throws Exception {
        for (String[] line : new String[][] {{"-h"}, {"--help"}, {"no-such.json", "-h"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, ReportMain.run(line, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(ReportMain.USAGE + "\n"));
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        }
        Path json = dir.resolve("run.json");
        Files.writeString(json, "[]");
        for (String[] bad : new String[][] {{"--out"}, {"--traces", "--out", "x"}, {"--colour=red"}, {"JMH.json"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = report(json, err, bad);
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, e);
            assertEquals(1, e.strip().lines().count(), e);
            assertTrue(e.startsWith("report: "), e);
            assertTrue(e.contains(bad[0].replaceFirst("=.*", "")), e);
        }
    }
}

package io.chaching.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The count gate on hand-written JMH JSON: one extra system call per coin in one hand-off (what
 * {@code -Dchaching.extrasyscall.handoff} does: "otherSyscalls" and "syscalls" up by 1.0) fails it
 * whatever the times did; the same counts, or counts within their tolerance, pass; a spinning
 * parent's calls are listed, never judged. Nothing here depends on timing.
 */
class CountGateTest {
    @TempDir
    Path dir;

    /** A RoundBenchmark result with an unchanged time and the given counts per coin. */
    static String round(String handoff, Map<String, Double> counts) {
        StringBuilder sec = new StringBuilder();
        counts.forEach((k, v) -> sec.append(sec.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                "\"perCoin.%s\":{\"score\":%s,\"scoreError\":0.0,\"scoreConfidence\":[%s,%s],\"scoreUnit\":\"calls/coin\"}",
                k, v, v, v)));
        return String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"io.chaching.bench.RoundBenchmark.round","mode":"avgt",
                 "params":{"handoff":"%s","parent":"jvm"},
                 "primaryMetric":{"score":400.0,"scoreError":40.0,"scoreConfidence":[360.0,440.0],"scoreUnit":"ms/op",
                 "rawData":[[400.0]]},
                 "secondaryMetrics":{%s}}""", handoff, sec);
    }

    /** epoll's counts in a round: a command write, a read and about one wait per coin. */
    static Map<String, Double> epoll(double other, double waits) {
        Map<String, Double> m = new TreeMap<>();
        m.put("writes", 1.0);
        m.put("reads", 1.0);
        m.put("waits", waits);
        m.put("otherSyscalls", other);
        m.put("syscalls", 2.0 + waits + other);
        m.put("bytesRead", 128.0);
        m.put("voluntaryCs", 1.1);
        return m;
    }

    String gate(int expectStatus, String base, String cur) throws Exception {
        Path b = dir.resolve("b.json");
        Path c = dir.resolve("c.json");
        Files.writeString(b, "[" + base + "]");
        Files.writeString(c, "[" + cur + "]");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int status = CheckRegression.run(new String[] {b.toString(), c.toString(), "--threshold", "0.5"},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        String out = o.toString(StandardCharsets.UTF_8);
        assertEquals(expectStatus, status, out);
        return out;
    }

    @Test
    void oneExtraSystemCallPerCoinInOneHandoffFailsTheGate() throws Exception {
        String out = gate(1, round("epoll", epoll(0, 0.9)) + "," + round("poll", epoll(0, 0.9)),
                round("epoll", epoll(1.0, 0.9)) + "," + round("poll", epoll(0, 0.9)));
        assertTrue(out.contains("WITHIN_NOISE"), "the time did not move: " + out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("MORE") && l.contains("otherSyscalls RoundBenchmark.round"
                + " handoff=epoll")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("MORE") && l.contains("syscalls RoundBenchmark.round handoff=epoll")),
                out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("MORE") && l.contains("handoff=poll")),
                "poll's counts did not move: " + out);
        assertTrue(out.contains("2 counts went up"), out);
    }

    @Test
    void countsWithinTheirToleranceAndContextSwitchesPass() throws Exception {
        Map<String, Double> moved = epoll(0, 1.3);
        moved.put("voluntaryCs", 9.0); // load-dependent: listed, not judged
        String out = gate(0, round("epoll", epoll(0, 0.9)), round("epoll", moved));
        assertTrue(out.contains("no count went up"), out);
    }

    @Test
    void aSpinningParentsCallsAreNotGated() throws Exception {
        Map<String, Double> base = epoll(0, 0);
        base.put("reads", 2000.0);
        Map<String, Double> cur = epoll(0, 0);
        cur.put("reads", 5000.0);
        String out = gate(0, round("nonblocking", base), round("nonblocking", cur));
        assertTrue(out.contains("no count went up"), out);
        assertEquals(CountGate.Verdict.NOT_GATED, CountGate.compare(
                io.chaching.report.JmhResult.read(dir.resolve("b.json")),
                io.chaching.report.JmhResult.read(dir.resolve("c.json"))).stream()
                .filter(r -> r.count().equals("reads")).findFirst().orElseThrow().verdict());
    }

    @Test
    void toleranceFollowsTheBenchmarkAndWhatTheCountFollows() {
        assertEquals(0.5, CountGate.tolerance("RoundBenchmark", "syscalls", "epoll").allowed(3));
        assertEquals(0.05, CountGate.tolerance("StreamBenchmark", "waits", "epoll").allowed(0.003), 1e-12);
        assertEquals(1.6, CountGate.tolerance("StreamBenchmark", "reads", "epoll").allowed(16), 1e-12);
        assertEquals(null, CountGate.tolerance("RoundBenchmark", "otherSyscalls", "shm-futex"));
        assertEquals(0.5, CountGate.tolerance("RoundBenchmark", "writes", "shm-spin").allowed(1));
        assertEquals(null, CountGate.tolerance("StreamBenchmark", "reads", "nonblocking"));
        assertEquals(null, CountGate.tolerance("RoundBenchmark", "voluntaryCs", "epoll"));
        assertEquals(1.28, CountGate.tolerance("RoundBenchmark", "bytesRead", "nonblocking").allowed(128), 1e-12);
    }

    @Test
    void aRunWithoutCountsHasNoCountGate() throws Exception {
        String out = gate(0, round("epoll", Map.of()), round("epoll", Map.of()));
        assertFalse(out.contains("count gate"), out);
    }
}

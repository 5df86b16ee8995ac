package io.chaching.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.gate.RegressionGate;
import io.chaching.report.JmhResult.Metric;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The counts' table per hand-off and parent, and the count gate's part of the gate section. */
class CountsReportTest {
    static JmhResult round(String handoff, String parent, double other) {
        Map<String, Metric> sec = new TreeMap<>();
        double[] v = {3 + other, 1, 1, 1, other, 1.1, 0.2, 128, 37.5};
        List<String> names = List.of("syscalls", "reads", "writes", "waits", "otherSyscalls", "voluntaryCs",
                "involuntaryCs", "bytesRead", "processCpu");
        for (int i = 0; i < v.length; i++) {
            sec.put("perCoin." + names.get(i), new Metric(v[i], 0.01, v[i] - 0.01, v[i] + 0.01, "calls/coin"));
        }
        return new JmhResult("io.chaching.bench.RoundBenchmark.round", "avgt", Map.of("handoff", handoff, "parent", parent,
                "miners", "16", "difficulty", "20", "payload", "0"), 400, 40, 360, 440, "ms/op", sec, Map.of());
    }

    static JmhResult bound(JmhResult r, String binding) {
        Map<String, String> params = new TreeMap<>(r.params());
        params.put("binding", binding);
        return new JmhResult(r.benchmark(), r.mode(), params, r.score(), r.error(), r.low(), r.high(), r.unit(),
                r.secondary(), Map.of());
    }

    @Test
    void anFfmResultIsFoundOnlyWhenAskedForAndNamedInTheCounts() {
        JmhResult jna = bound(round("epoll", "jvm", 0), "jna");
        JmhResult ffm = bound(round("epoll", "jvm", 2), "ffm");
        Results results = new Results(List.of(jna, ffm));
        assertEquals(jna, results.find("RoundBenchmark", Map.of("handoff", "epoll", "parent", "jvm")).orElseThrow(),
                "the JVM-against-C lookups stay JNA's, though the FFM result comes last");
        assertEquals(List.of(jna), results.findAll("RoundBenchmark", Map.of("handoff", "epoll")));
        assertEquals(ffm, results.find("RoundBenchmark", Map.of("handoff", "epoll", "binding", "ffm")).orElseThrow());
        assertEquals(round("epoll", "jvm", 0).params(), new Results(List.of(round("epoll", "jvm", 0)))
                .find("RoundBenchmark", Map.of("handoff", "epoll")).orElseThrow().params(), "a result from before binds nothing");
        String html = Report.render(results, Traces.none(), props(), Optional.empty());
        assertTrue(html.contains("<td>epoll</td><td>jvm (ffm)</td><td>5</td>"), html);
        assertTrue(html.contains("<td>epoll</td><td>jvm</td><td>3</td>"), html);
    }

    static Properties props() {
        Properties p = new Properties();
        p.setProperty("cores", "2");
        return p;
    }

    @Test
    void everyHandoffAndParentGetsItsCountsPerCoin() {
        Results results = new Results(List.of(round("epoll", "jvm", 0), round("epoll", "native", 0)));
        String html = Report.render(results, Traces.none(), props(), Optional.empty());
        assertTrue(html.contains("id=\"counts\""), "a counts section");
        assertTrue(html.contains("<td>epoll</td><td>native</td><td>3</td><td>1</td><td>1</td><td>1</td><td>0</td>"
                + "<td>1.1 / 0.2</td><td>128 B</td><td>37.5 µs</td>"), html);
        assertEquals(List.of(), PageFacts.problems(html));
    }

    @Test
    void aTinyCountIsWrittenWithoutAnExponent() {
        assertEquals("0.000004", Fmt.plain(4e-6));
        assertEquals("0.000000822", Fmt.plain(8.22e-7));
        assertEquals("0.00998", Fmt.plain(0.00998));
        assertEquals("3", Fmt.plain(3));
    }

    @Test
    void theGateSectionNamesACountThatWentUp() {
        List<JmhResult> base = List.of(round("epoll", "jvm", 0));
        List<JmhResult> cur = List.of(round("epoll", "jvm", 1));
        RegressionGate.Report g = RegressionGate.compare(base, cur, 0.5, null);
        assertTrue(g.regressed(), "one more system call per coin fails the gate");
        String html = Report.render(new Results(cur), Traces.none(), props(), Optional.of(io.chaching.gate.GateSection.stored(g)));
        assertTrue(html.contains("2 count(s) per coin went up"), html);
        assertTrue(html.contains("<td>otherSyscalls</td><td>MORE</td><td>0</td><td>1</td><td>±0.5</td>"), html);
        assertFalse(RegressionGate.compare(base, base, 0.5, null).regressed());
    }
}

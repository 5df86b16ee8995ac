package io.chaching.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.gate.AbJudge.Row;
import io.chaching.gate.AbJudge.Verdict;
import io.chaching.report.Html;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ab.json as the A/B job writes it and the report's gate section reads it: the same verdicts and threshold back. */
class AbFileTest {
    @TempDir
    Path dir;

    static Row row(String handoff, double slowdown, double low, double high, Verdict v) {
        Map<String, String> p = new TreeMap<>(Map.of("handoff", handoff, "parent", "jvm", "miners", "16"));
        return new Row("RoundBenchmark", p, "makespan", "ms/op", 40 * slowdown, 40, slowdown, low, high,
                Double.NaN, v, "paired: \"median\" of ratios");
    }

    static AbFile file(Verdict v, CountGate.Verdict count) {
        return new AbFile("HEAD~1", "0123456789abcdef0123", 3, v == Verdict.REGRESSION ? 2 : 0, 0.05, "-Dx=\"y\"\t-Dz=1",
                List.of(row("epoll", 1.12, 1.06, 1.19, v), row("poll", 0.99, 0.95, 1.04, Verdict.UNDECIDED)),
                List.of(new CountGate.Row("RoundBenchmark {handoff=epoll}", "syscalls", "calls/coin", 3, 4, 0.5, count)),
                List.of(), List.of("RoundBenchmark {handoff=uds, parent=jvm}", "RoundBenchmark {handoff=\"q\"}"));
    }

    @Test
    void whatIsWrittenIsReadBack() throws IOException {
        AbFile f = file(Verdict.REGRESSION, CountGate.Verdict.SAME);
        Path p = dir.resolve("ab.json");
        Files.writeString(p, f.json());
        AbFile back = AbFile.read(p);
        assertEquals(f.ref(), back.ref());
        assertEquals(f.threshold(), back.threshold());
        assertEquals(2, back.confirmRuns());
        assertEquals(f.currentOpts(), back.currentOpts(), "a quote and a tab in the options, escaped as JSON wants");
        assertEquals(f.rows().get(0).params(), back.rows().get(0).params());
        assertEquals(f.rows().get(0).slowdown(), back.rows().get(0).slowdown());
        assertTrue(Double.isNaN(back.rows().get(0).mde()), "a NaN MDE is null in the file and NaN again");
        assertEquals(f.rows().get(0).method(), back.rows().get(0).method());
        assertEquals(f.counts(), back.counts());
        assertEquals(f.currentOnly(), back.currentOnly(), "the sets only this build has, a quote escaped");
        assertEquals(List.of(), back.refOnly());
        assertTrue(back.regressed());
    }

    @Test
    void anOlderFileWithoutOneSidedSetsReadsAsNone() throws IOException {
        String json = file(Verdict.UNDECIDED, CountGate.Verdict.SAME).json();
        String older = json.substring(0, json.indexOf(",\n  \"refOnly\"")) + "\n}\n";
        Path p = dir.resolve("old.json");
        Files.writeString(p, older);
        AbFile back = AbFile.read(p);
        assertEquals(List.of(), back.refOnly());
        assertEquals(List.of(), back.currentOnly());
    }

    @Test
    void aRefGivenAsItsHashIsNamedByTwelveDigitsOnce() {
        String sha = "cf6bff9cd61ae253715b6e833f00451e7291a90c";
        AbFile byHash = new AbFile(sha, sha, 3, 0, 0.05, "", List.of(), List.of());
        assertEquals("cf6bff9cd61a", byHash.refName(), "40 digits in a heading run past a phone's edge");
        assertEquals("cf6bff9cd61a", new AbFile("CF6BFF9", sha, 3, 0, 0.05, "", List.of(), List.of()).refName());
        assertEquals("HEAD~1 (cf6bff9cd61a)", new AbFile("HEAD~1", sha, 3, 0, 0.05, "", List.of(), List.of()).refName());
        assertEquals("main (cf6bff9cd61a)", new AbFile("main", sha, 3, 0, 0.05, "", List.of(), List.of()).refName());
    }

    @Test
    void aCountThatWentUpFailsTheJobAsASlowerBenchmarkDoes() {
        assertFalse(file(Verdict.SLOWER_WITHIN_THRESHOLD, CountGate.Verdict.SAME).regressed());
        assertTrue(file(Verdict.UNDECIDED, CountGate.Verdict.MORE).regressed());
    }

    @Test
    void somethingElseIsRefusedNamingTheFile() throws IOException {
        Path p = dir.resolve("jmh-result.json");
        Files.writeString(p, "[{\"benchmark\": \"x\"}]");
        IOException e = assertThrows(IOException.class, () -> AbFile.read(p));
        assertTrue(e.getMessage().startsWith(p + ": not an ab.json"), e.getMessage());
    }

    @Test
    void theGateSectionShowsTheJobsVerdictsAndThreshold() {
        Html h = new Html();
        GateSection.ab(file(Verdict.REGRESSION, CountGate.Verdict.MORE)).write(h);
        String html = h.toString();
        assertTrue(html.contains("1 regression: decided slower than HEAD~1 (0123456789ab) by 5% or more"), html);
        assertTrue(html.contains("<td>epoll</td><td>1.12 [1.06, 1.19]</td><td>REGRESSION</td>"), html);
        assertTrue(html.contains("RoundBenchmark, makespan (miners 16, parent jvm)"), "what every row shares, once: " + html);
        assertTrue(html.contains("1 count(s) per coin went up"), html);
        assertTrue(html.contains("then 2 more pairs of the parameter sets flagged or undecided beyond the threshold"), html);
        assertTrue(html.contains("Not judged, run on neither side: 2 parameter sets only this build has and HEAD~1"
                + " (0123456789ab) has not (new): RoundBenchmark {handoff=uds, parent=jvm}; "), html);
        assertTrue(!html.contains("has and this build has not"), "no sets only REF has: no sentence for them");
        Html quiet = new Html();
        GateSection.ab(file(Verdict.UNDECIDED, CountGate.Verdict.SAME)).write(quiet);
        assertTrue(quiet.toString().contains("No regression: no benchmark was decided slower than HEAD~1"), quiet.toString());
    }
}

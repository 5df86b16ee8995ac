package io.chaching.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on synthetic runs with known answers: verdicts computed, gaps said, images real. */
class ReportTest {
    static final List<String> HANDOFFS = List.of("blocking", "nonblocking", "epoll", "shm-spin", "shm-futex");

    @TempDir
    Path dir;

    /** Every hand-off in both parents; nonblocking's delay and first coin are set by the caller. */
    static SyntheticRun run(double nonblockingDelayUs, double blockingDelayUs) {
        SyntheticRun r = new SyntheticRun();
        for (String h : HANDOFFS) {
            for (String p : List.of("jvm", "native")) {
                double delay = h.equals("nonblocking") ? nonblockingDelayUs : h.equals("blocking") ? blockingDelayUs : 20;
                double first = h.equals("nonblocking") ? nonblockingDelayUs / 100 : h.equals("blocking") ? blockingDelayUs / 100 : 15;
                double cpu = h.equals("nonblocking") || h.equals("shm-spin") ? 0.4 : 0.01;
                r.round(h, p, 180, delay, first, cpu, h.equals("blocking") ? 0.05 : 0.98);
                r.stream(h, p, 4, 0, 3e6);
            }
        }
        return r;
    }

    static Results results(SyntheticRun r, Path dir) throws Exception {
        return new Results(JmhResult.read(r.write(dir)));
    }

    static Report.Ctx ctx(Results r) {
        return new Report.Ctx(r, Traces.none(), props(), List.copyOf(r.values("RoundBenchmark", "handoff")), 2,
                Optional.empty());
    }

    static Properties props() {
        Properties p = new Properties();
        p.setProperty("cores", "2");
        return p;
    }

    @Test
    void theVerdictsFlipWhenTheResultsDo() throws Exception {
        Report.Ctx fast = ctx(results(run(20, 50_000), dir.resolve("a")));
        Report.Ctx slow = ctx(results(run(50_000, 20), dir.resolve("b")));
        String a = Questions.fasterSummary(fast, "nonblocking", "blocking");
        String b = Questions.fasterSummary(slow, "nonblocking", "blocking");
        assertTrue(a.contains("better in cash-in delay, median, cash-in delay, 99th percentile, time to first coin"), a);
        assertTrue(a.contains("worse in parent CPU"), a);
        assertTrue(b.contains("worse in cash-in delay, median, cash-in delay, 99th percentile, time to first coin"), b);
        assertTrue(b.contains("no difference this run can show in makespan, stream throughput, 4 miners"), b);
        assertTrue(a.contains("16 miners on 2 cores (8 to 1 oversubscribed)"), "the core count goes with the verdict: " + a);
        List<String> va = Questions.fasterVerdicts(fast, "nonblocking", "blocking");
        List<String> vb = Questions.fasterVerdicts(slow, "nonblocking", "blocking");
        assertTrue(va.get(0).startsWith("cash-in delay, median: nonblocking lower than blocking, 20 ± 1 us against 50000 ± 2500 us"),
                va.get(0));
        assertTrue(vb.get(0).startsWith("cash-in delay, median: nonblocking higher than blocking"), vb.get(0));
        // and the page carries them
        String html = Report.render(fast.results(), Traces.none(), props(), Optional.empty());
        assertTrue(html.contains(a), "the rendered page holds the computed summary");
    }

    @Test
    void aVerdictWithoutErrorsOrInsideTheNoiseClaimsNothing() {
        JmhResult.Metric a = new JmhResult.Metric(10, 5, 5, 15, "us");
        JmhResult.Metric b = new JmhResult.Metric(12, 5, 7, 17, "us");
        JmhResult.Metric none = new JmhResult.Metric(10, Double.NaN, Double.NaN, Double.NaN, "us");
        assertEquals(Verdicts.Outcome.SAME_WITHIN_ERROR, Verdicts.compare(a, b, true));
        assertEquals(Verdicts.Outcome.NO_ERROR, Verdicts.compare(none, b, true));
        assertEquals(Verdicts.Outcome.NOT_MEASURED, Verdicts.compare(null, b, true));
        JmhResult.Metric far = new JmhResult.Metric(100, 5, 95, 105, "us");
        assertEquals(Verdicts.Outcome.BETTER, Verdicts.compare(a, far, true));
        assertEquals(Verdicts.Outcome.WORSE, Verdicts.compare(a, far, false), "higher is better flips it");
    }

    @Test
    void aMissingBenchmarkSaysNotMeasuredNeverANumber() throws Exception {
        SyntheticRun r = new SyntheticRun();
        r.round("blocking", "jvm", 180, 50_000, 90, 0.01, 0.05);
        r.round("nonblocking", "jvm", 190, 2_000, 15, 0.4, 0.9);
        Results res = results(r, dir);
        String html = Report.render(res, Traces.none(), props(), Optional.empty());
        for (String section : List.of("shm", "multiplexers", "bogatyrs", "summary", "faster", "bursts")) {
            assertTrue(section(html, section).contains(Fmt.NOT_MEASURED), "section " + section + " says what is missing");
        }
        assertFalse(html.contains("NaN"), "no NaN stands in for a number");
        String summary = Questions.fasterSummary(ctx(res), "nonblocking", "blocking");
        assertTrue(summary.contains(Fmt.NOT_MEASURED + ": stream throughput, 4 miners, cash-in delay of a paced miner"),
                summary);
        assertTrue(Questions.fasterSummary(ctx(res), "epoll", "blocking").contains("better in no measured way"));
    }

    @Test
    void everyImageIsARealPngAndNoSectionIsEmpty() throws Exception {
        SyntheticRun r = run(2_000, 50_000);
        for (String h : List.of("epoll", "shm-futex")) {
            for (int payload : new int[] {0, 4096, 65536, 1 << 20}) {
                // the pipe wins at 0 B, the ring from 4 KiB on
                double coins = h.equals("epoll") ? 1e9 / (300 + payload * 0.5) : 1e9 / (900 + payload * 0.05);
                r.stream(h, "jvm", 1, payload, coins);
            }
        }
        for (String transport : List.of("pipe", "shm")) {
            for (int n : new int[] {3, 8, 33}) {
                r.add("BogatyrsBenchmark", "speak", SyntheticRun.params("count", "" + n, "transport", transport),
                        SyntheticRun.m(n * 0.15, n * 0.01, "ms/op"), java.util.Map.of("agreement",
                                SyntheticRun.m(n * 0.05, n * 0.004, "ms"), "lastLetter", SyntheticRun.m(n * 0.15, n * 0.01, "ms")));
            }
        }
        Path json = r.write(dir);
        Path traces = dir.resolve("traces");
        SyntheticRun.trace(traces, "blocking", "jvm", 5, 16, m -> (16 - m) * 1_000_000L, (m, mined) -> 16_000_000L + m * 1_000L);
        SyntheticRun.trace(traces, "epoll", "jvm", 5, 16, m -> (m + 1) * 1_000_000L, (m, mined) -> mined + 20_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReportMain.run(new String[] {json.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String html = Files.readString(dir.resolve("report").resolve("index.html"));
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertNotNull(img, "image " + images + " decodes as PNG");
            assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
            images++;
        }
        assertTrue(images >= 10, "timelines, ranks, CDF, bars, sweep: " + images);
        assertEquals(images, html.split("<img ", -1).length - 1, "every img is an embedded PNG: nothing to fetch");
        for (String id : List.of("run", "summary", "bursts", "order", "faster", "shm", "multiplexers", "bogatyrs")) {
            String s = section(html, id).replaceAll("<h2[^>]*>.*?</h2>", "").replaceAll("<[^>]+>", "").trim();
            assertTrue(s.length() > 40, "section " + id + " has content: " + s);
        }
        assertTrue(html.contains("Crossover: shared memory is cheaper per coin than the pipe from 4 KiB"), section(html, "shm"));
        assertTrue(html.contains("Head-of-line blocking: 94% of coins"), "blocking's trace explains itself");
        assertTrue(section(html, "bogatyrs").contains("pipe: to the last letter: 33 bogatyrs later than 3 bogatyrs, 4.95 ± 0.33 ms"
                + " against 0.45 ± 0.03 ms (11x;"), section(html, "bogatyrs"));
    }

    @Test
    void burstExplanationsFollowTheTrace() throws Exception {
        Path traces = dir.resolve("t");
        // the parent blocked on miner 0, which finished last: everyone else queued behind it
        SyntheticRun.trace(traces, "blocking", "jvm", 4, 16, m -> (16 - m) * 1_000_000L, (m, mined) -> 16_000_000L + m * 1_000L);
        // a busy parent that runs every 4 ms: coins swept up together
        SyntheticRun.trace(traces, "nonblocking", "jvm", 4, 16, m -> (m + 1) * 1_000_000L,
                (m, mined) -> (mined / 4_000_000L + 1) * 4_000_000L + m * 100L);
        // a sleeping parent woken once per coin
        SyntheticRun.trace(traces, "epoll", "jvm", 4, 16, m -> (m + 1) * 1_000_000L, (m, mined) -> mined + 20_000);
        Traces t = Traces.read(traces);
        Report.Ctx c = ctx(results(run(2_000, 50_000), dir.resolve("r")));
        TraceStats blocking = new TraceStats(t.rounds("blocking", "jvm"));
        assertEquals(15 * 4, blocking.overtaken);
        assertTrue(Questions.explainBursts(c, blocking, null).startsWith("Head-of-line blocking"));
        TraceStats spin = new TraceStats(t.rounds("nonblocking", "jvm"));
        assertEquals(4, spin.maxBurst(), "coins mined 1 ms apart, swept every 4 ms");
        assertTrue(Questions.explainBursts(c, spin, new JmhResult.Metric(0.4, 0.01, 0.39, 0.41, "cpu")).startsWith(
                "A busy parent descheduled"));
        assertTrue(Questions.explainBursts(c, spin, new JmhResult.Metric(0.01, 0.001, 0.009, 0.011, "cpu")).startsWith(
                "One wake-up, several coins"), "the same trace from a sleeping parent");
        TraceStats epoll = new TraceStats(t.rounds("epoll", "jvm"));
        assertEquals(1.0, epoll.meanBurst());
        assertEquals(20_000, epoll.delayPercentile(50));
        assertTrue(Questions.explainBursts(c, epoll, null).startsWith("No bursts to speak of"));
        assertTrue(blocking.delayMinerCorrelation > 0.9, "miner 0 mined last and waited least: " + blocking.delayMinerCorrelation);
    }

    @Test
    void crossoverIsPlacedBetweenMeasuredPayloads() {
        List<Costs.Point> pipe = new ArrayList<>();
        List<Costs.Point> shm = new ArrayList<>();
        long[] payloads = {0, 4096, 65536};
        double[] pipeUs = {1, 3, 30};
        double[] shmUs = {2, 3, 5};
        for (int i = 0; i < payloads.length; i++) {
            pipe.add(new Costs.Point(payloads[i], new JmhResult.Metric(pipeUs[i], 0.1, pipeUs[i] - 0.1, pipeUs[i] + 0.1, "us"), null));
            shm.add(new Costs.Point(payloads[i], new JmhResult.Metric(shmUs[i], 0.1, shmUs[i] - 0.1, shmUs[i] + 0.1, "us"), null));
        }
        String s = Costs.crossover(pipe, shm);
        assertTrue(s.contains("from 64 KiB") && s.contains("at 4 KiB it was not distinguishable"), s);
        String none = Costs.crossover(shm, pipe);
        assertTrue(none.contains("no crossover"), none);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path missing = dir.resolve("nope.json");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"not\": \"an array\"}");
        for (String[] args : new String[][] {{missing.toString()}, {broken.toString()}, {}, {broken.toString(), "--frobnicate"},
                {broken.toString(), "--traces", dir.resolve("none").toString()}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = ReportMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, String.join(" ", args) + ": " + e);
            assertEquals(1, e.strip().lines().count(), "one line: " + e);
            assertTrue(e.startsWith("report: "), e);
        }
    }

    /** The HTML of one section, from its h2 to the next. */
    static String section(String html, String id) {
        int from = html.indexOf("<h2 id=\"" + id + "\"");
        assertTrue(from >= 0, "section " + id + " exists");
        int to = html.indexOf("<h2 ", from + 1);
        return html.substring(from, to < 0 ? html.length() : to);
    }
}

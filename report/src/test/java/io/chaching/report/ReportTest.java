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

    /** A synthetic run's results with its samples. */
    record Run(Results results, Samples samples) {
    }

    static Run results(SyntheticRun r, Path dir) throws Exception {
        Path json = r.write(dir);
        return new Run(new Results(JmhResult.read(json)), Samples.read(dir.resolve("samples")));
    }

    static Report.Ctx ctx(Run r) {
        return new Report.Ctx(r.results(), Traces.none(), props(), List.copyOf(r.results().values("RoundBenchmark",
                "handoff")), 2, Optional.empty(), r.samples());
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
        assertTrue(a.contains("better in cash-in delay, median, cash-in delay, 90th percentile, time to first coin"), a);
        assertTrue(a.contains("worse in parent CPU"), a);
        assertTrue(b.contains("worse in cash-in delay, median, cash-in delay, 90th percentile, time to first coin"), b);
        assertTrue(b.contains("equivalent within ±5% in makespan, stream throughput, small coins"), b);
        assertTrue(a.contains("16 miners on 2 cores (8 to 1 oversubscribed)"), "the core count goes with the verdict: " + a);
        List<String> va = Questions.fasterVerdicts(fast, "nonblocking", "blocking");
        List<String> vb = Questions.fasterVerdicts(slow, "nonblocking", "blocking");
        assertTrue(va.get(0).matches("cash-in delay, median: nonblocking lower than blocking, (19|20)\\.?\\d* µs \\[.*\\] against"
                + " \\d\\d\\.?\\d* ms \\[.*\\]: ratio 0\\.000\\d+ \\[.*\\]"), va.get(0));
        assertTrue(vb.get(0).startsWith("cash-in delay, median: nonblocking higher than blocking"), vb.get(0));
        // and the page carries them
        String html = Report.render(fast.results(), Traces.none(), samplesOf(dir.resolve("a")),
                props(), Optional.empty()).html();
        assertTrue(html.contains(a), "the rendered page holds the computed summary");
    }

    static Samples samplesOf(Path d) throws Exception {
        return Samples.read(d.resolve("samples"));
    }

    @Test
    void aVerdictInsideTheNoiseIsUndecidedAndSaysWhatTheRunCouldSee() throws Exception {
        // two hand-offs 2% apart, with 5% spread: undecided, or equivalent, never better or worse
        SyntheticRun r = new SyntheticRun();
        r.round("epoll", "jvm", 180, 20, 15, 0.01, 0.98);
        r.round("select", "jvm", 180, 20.4, 15, 0.01, 0.98);
        r.add("PacedLatencyBenchmark", "pacedStream", SyntheticRun.params("handoff", "epoll", "parent", "jvm", "miners", "1"),
                SyntheticRun.m(100, 1.0, "ms/op"), java.util.Map.of("latency.p50", SyntheticRun.m(22, 1.0, "us")),
                java.util.Map.of("delay.p50", new SyntheticRun.S(22, 0.5, 1, false)));
        r.add("PacedLatencyBenchmark", "pacedStream", SyntheticRun.params("handoff", "select", "parent", "jvm", "miners", "1"),
                SyntheticRun.m(100, 1.0, "ms/op"), java.util.Map.of("latency.p50", SyntheticRun.m(22, 1.0, "us")),
                java.util.Map.of("delay.p50", new SyntheticRun.S(23, 0.5, 1, false)));
        Report.Ctx c = ctx(results(r, dir));
        Judge.Comparison d = c.compare("t", Questions.DELAY_P50, c.roundSide("select", "select", "jvm", "delay.p50"),
                c.roundSide("epoll", "epoll", "jvm", "delay.p50"));
        assertTrue(d.outcome() == Judge.Outcome.UNDECIDED || d.outcome() == Judge.Outcome.EQUIVALENT, d.toString());
        Judge.Comparison p = c.compare("t", Questions.PACED, c.pacedSide("select", "select", "jvm", "latency.p50"),
                c.pacedSide("epoll", "epoll", "jvm", "latency.p50"));
        assertEquals(Judge.Outcome.UNDECIDED, p.outcome(), "log spread 0.5 over 30 streams cannot place 4.5%: " + p);
        String said = Verdicts.sentence(Questions.PACED, p);
        assertTrue(said.contains("undecided between select and epoll") && said.matches(".*could have seen a difference of"
                + " about \\d+% or more"), said);
        assertTrue(p.mde() > 0.1 && p.low() < 1 && p.high() > 1, p.toString());
        Judge.Comparison missing = c.compare("t", Questions.PACED, c.pacedSide("aio", "aio", "jvm", "latency.p50"),
                c.pacedSide("epoll", "epoll", "jvm", "latency.p50"));
        assertEquals(Judge.Outcome.NOT_MEASURED, missing.outcome());
        assertTrue(Verdicts.sentence(Questions.PACED, missing).contains(Fmt.NOT_MEASURED + " (aio)"));
    }

    @Test
    void theJdkWaysTheReadersAndTheBindingAreJudgedAndAJvmOnlyHandoffHasNoCRow() throws Exception {
        SyntheticRun r = new SyntheticRun();
        r.round("threads", "jvm", 180, 100, 15, 0.05, 0.9);
        r.round("jdk-process", "jvm", 180, 300, 15, 0.05, 0.9);
        r.round("epoll", "jvm", 180, 20, 15, 0.01, 0.98);
        r.round("jdk-selector", "jvm", 180, 20, 15, 0.01, 0.98);
        for (String p : List.of("jvm", "native")) {
            r.round("blocking", p, 180, 40, 15, 0.01, 0.05);
            r.round("readers-2", p, 180, 80, 15, 0.01, 0.5);
        }
        for (String[] b : new String[][] {{"jna", "3e6"}, {"ffm", "6e6"}}) {
            double coins = Double.parseDouble(b[1]);
            r.add("StreamBenchmark", "stream", SyntheticRun.params("handoff", "blocking", "parent", "jvm", "miners", "4",
                    "payload", "0", "binding", b[0]), SyntheticRun.m(coins / 1000, coins / 1000 * 0.03, "ops/s"),
                    java.util.Map.of("coins", SyntheticRun.m(coins, coins * 0.03, "ops/s"),
                            JmhResult.PER_COIN + "syscalls", SyntheticRun.m(0.05, 0.001, "#/coin")),
                    java.util.Map.of("coins", SyntheticRun.s(coins, 0.01, 1)));
        }
        // the calls on their own: read-eagain through JNA, FFM and in C; futex-wake as on JDK 17, no FFM
        for (String[] b : new String[][] {{"read-eagain", "jvm", "jna", "480"}, {"read-eagain", "jvm", "ffm", "300"},
                {"read-eagain", "native", "jna", "290"}, {"futex-wake", "jvm", "jna", "570"},
                {"futex-wake", "native", "jna", "340"}}) {
            double ns = Double.parseDouble(b[3]);
            r.add("BindingBenchmark", "calls", SyntheticRun.params("binding", b[2], "call", b[0], "parent", b[1]),
                    SyntheticRun.m(ns, ns * 0.02, "ns/op"), java.util.Map.of(),
                    java.util.Map.of("op", SyntheticRun.s(ns, 0.02, 1)));
        }
        Run run = results(r, dir);
        Report.Ctx c = ctx(run);
        // a lookup that does not name the binding is the JNA one, whichever came last
        assertEquals(3e6, c.stream("blocking", "jvm").orElseThrow().score(), 3e6 * 0.05);
        List<Judge.Comparison> process = Questions.fasterComparisons(c, "jdk", "jdk-process", "threads").stream()
                .map(Questions.Judged::comparison).toList();
        assertEquals(Judge.Outcome.WORSE, process.get(0).outcome(), "3x the median delay: " + process.get(0));
        String html = Report.render(run.results(), Traces.none(), run.samples(), props(), Optional.empty()).html();
        assertTrue(html.contains("9. What a Java programmer would write instead"), "the section is there");
        assertTrue(html.contains("jdk-process (JVM)"), "a JVM row");
        assertTrue(!html.contains("jdk-process (C)"), "no C row for a JVM-only hand-off");
        assertTrue(html.contains("readers-2 (C)"), "the readers run in both parents");
        String section = html.substring(html.indexOf("id=\"jdk\""));
        assertTrue(section.contains("cash-in delay, median: readers-2 higher than blocking"), section);
        assertTrue(section.contains("stream throughput, small coins: blocking FFM higher than blocking JNA"), section);
        assertTrue(section.contains("<th>JNA, ns a call</th>") && section.contains("<td>read-eagain</td>"), section);
        assertTrue(section.contains("time a system call takes: read-eagain FFM cheaper than read-eagain JNA, 2"), section);
        assertTrue(section.contains("time a system call takes: read-eagain C cheaper than read-eagain JNA"), section);
        assertTrue(section.contains("time a system call takes: read-eagain FFM and read-eagain C equivalent within ±5%")
                || section.contains("time a system call takes: undecided between read-eagain FFM and read-eagain C"),
                "FFM against no binding, 300 against 290 ns: " + section);
        assertTrue(section.contains("time a system call takes: futex-wake C cheaper than futex-wake JNA"), section);
        assertTrue(section.contains("time a system call takes: " + Fmt.NOT_MEASURED + " (futex-wake FFM)"), section);
        // per coin, derived: 0.05 calls a coin x (300 - 480) ns and x (480 - 290) ns
        Matcher perCoin = Pattern.compile("<td>blocking</td><td>0.05</td><td>(-[0-9.]+) \\[[^]]+\\]</td>"
                + "<td>\\+([0-9.]+) \\[[^]]+\\]</td>").matcher(section);
        assertTrue(perCoin.find(), section);
        assertEquals(-9, Double.parseDouble(perCoin.group(1)), 1, perCoin.group());
        assertEquals(9.5, Double.parseDouble(perCoin.group(2)), 1, perCoin.group());
        assertEquals(List.of(), PageFacts.problems(html), "the page keeps its own rules, a negative difference too");
        assertTrue(section.contains("jdk-mapped") && !section.contains("jdk-mapped against"), "not measured, not judged");
    }

    @Test
    void onJdk17TheCallsAreJudgedJnaAgainstCAndFfmSaysNotMeasured() throws Exception {
        SyntheticRun r = new SyntheticRun();
        r.round("blocking", "jvm", 180, 40, 15, 0.01, 0.05);
        for (String[] b : new String[][] {{"jvm", "480"}, {"native", "290"}}) {
            double ns = Double.parseDouble(b[1]);
            r.add("BindingBenchmark", "calls", SyntheticRun.params("binding", "jna", "call", "read-eagain", "parent", b[0]),
                    SyntheticRun.m(ns, ns * 0.02, "ns/op"), java.util.Map.of(),
                    java.util.Map.of("op", SyntheticRun.s(ns, 0.02, 1)));
        }
        Run run = results(r, dir);
        String html = Report.render(run.results(), Traces.none(), run.samples(), props(), Optional.empty()).html();
        String section = html.substring(html.indexOf("id=\"jdk\""));
        assertTrue(section.contains("<td>read-eagain</td><td>4") && section.contains("<td class=\"missing\">"
                + Fmt.NOT_MEASURED + "</td><td>2"), "JNA and C figures, FFM missing: " + section);
        assertTrue(section.contains("time a system call takes: read-eagain C cheaper than read-eagain JNA"), section);
        assertTrue(section.contains("time a system call takes: " + Fmt.NOT_MEASURED + " (read-eagain FFM)"), section);
        assertTrue(section.contains("The binding's cost a coin: " + Fmt.NOT_MEASURED), section);
        assertTrue(section.contains("FFM streams and rounds: " + Fmt.NOT_MEASURED + " (FFM runs only on a JDK 22"), section);
        assertEquals(List.of(), PageFacts.problems(html));
    }

    @Test
    void aMissingBenchmarkSaysNotMeasuredNeverANumber() throws Exception {
        SyntheticRun r = new SyntheticRun();
        r.round("blocking", "jvm", 180, 50_000, 90, 0.01, 0.05);
        r.round("nonblocking", "jvm", 190, 2_000, 15, 0.4, 0.9);
        Run res = results(r, dir);
        String html = Report.render(res.results(), Traces.none(), res.samples(), props(), Optional.empty()).html();
        for (String section : List.of("shm", "multiplexers", "bogatyrs", "summary", "faster", "bursts")) {
            assertTrue(section(html, section).contains(Fmt.NOT_MEASURED), "section " + section + " says what is missing");
        }
        assertFalse(html.contains("NaN"), "no NaN stands in for a number");
        String summary = Questions.fasterSummary(ctx(res), "nonblocking", "blocking");
        assertTrue(summary.contains(Fmt.NOT_MEASURED + ": stream throughput, small coins, cash-in delay of a paced miner"),
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
                                SyntheticRun.m(n * 0.05, n * 0.004, "ms"), "lastLetter", SyntheticRun.m(n * 0.15, n * 0.01, "ms")),
                        java.util.Map.of("agreement", SyntheticRun.s(n * 0.05, 0.05, 1), "lastLetter",
                                SyntheticRun.s(n * 0.15, 0.05, 1)));
            }
        }
        Path json = r.write(dir);
        Path traces = dir.resolve("traces");
        SyntheticRun.trace(traces, "blocking", "jvm", 5, 16, m -> (16 - m) * 1_000_000L, (m, mined) -> 16_000_000L + m * 1_000L);
        SyntheticRun.trace(traces, "epoll", "jvm", 5, 16, m -> (m + 1) * 1_000_000L, (m, mined) -> mined + 20_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = io.chaching.cmd.ReportMain.run(new String[] {json.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
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
        assertTrue(html.contains("Crossover: shared memory becomes cheaper per coin than the pipe at about"), section(html, "shm"));
        String verdicts = Files.readString(dir.resolve("report").resolve("verdicts.json"));
        assertTrue(verdicts.startsWith("[\n{\"section\":") && verdicts.contains("\"outcome\":\"better\"")
                && verdicts.contains("\"kind\":\"crossover\""), verdicts.substring(0, Math.min(400, verdicts.length())));
        assertTrue(html.contains("Head-of-line blocking: 94% of coins"), "blocking's trace explains itself");
        assertTrue(section(html, "bogatyrs").contains("pipe: to the last letter: 33 bogatyrs later than 3 bogatyrs, 4.9"),
                section(html, "bogatyrs"));
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
    void crossoverIsPlacedBetweenMeasuredPayloadsWithItsInterval() throws Exception {
        SyntheticRun r = new SyntheticRun();
        long[] payloads = {0, 4096, 65536, 1 << 20};
        double[] pipeUs = {1, 3, 30, 400};
        double[] shmUs = {2, 6, 5, 40};
        for (int i = 0; i < payloads.length; i++) {
            r.stream("epoll", "jvm", 1, (int) payloads[i], 1e6 / pipeUs[i]);
            r.stream("shm-futex", "jvm", 1, (int) payloads[i], 1e6 / shmUs[i]);
        }
        Report.Ctx c = ctx(results(r, dir));
        String s = Costs.crossover(c, Costs.sweep(c, "epoll"), Costs.sweep(c, "shm-futex"));
        // the log cost ratio goes from ln 2 at 4 KiB to ln(1/6) at 64 KiB: it crosses 1 at 4 KiB * 16^(ln2/ln12)
        double expected = 4096 * Math.pow(16, Math.log(2) / Math.log(12));
        Matcher m = Pattern.compile("at about ([\\d.]+) KiB of payload, 99% interval ([\\d.]+) KiB to ([\\d.]+) KiB").matcher(s);
        assertTrue(m.find(), s);
        double mid = Double.parseDouble(m.group(1)) * 1024;
        assertEquals(expected, mid, expected * 0.1, s);
        assertTrue(Double.parseDouble(m.group(2)) * 1024 <= mid && Double.parseDouble(m.group(3)) * 1024 >= mid, s);
        String none = Costs.crossover(c, Costs.sweep(c, "shm-futex"), Costs.sweep(c, "epoll"));
        assertTrue(none.contains("none in this run's range") || none.contains("undecided"), none);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path missing = dir.resolve("nope.json");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"not\": \"an array\"}");
        for (String[] args : new String[][] {{missing.toString()}, {broken.toString()}, {}, {broken.toString(), "--frobnicate"},
                {broken.toString(), "--traces", dir.resolve("none").toString()}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = io.chaching.cmd.ReportMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, status, String.join(" ", args) + ": " + e);
            assertEquals(1, e.strip().lines().count(), "one line: " + e);
            assertTrue(e.startsWith("report: "), e);
        }
    }

    @Test
    void aBytecoinTraceIsReadAsTracesAndAnOldOneIsNamed() throws Exception {
        Path json = run(2_000, 50_000).write(dir);
        Path t = Files.createDirectories(dir.resolve("cli"));
        // what bytecoin --trace writes from either parent: the one format the bench's traces use too
        StringBuilder b = new StringBuilder(Traces.HEADER + "\n");
        for (int m = 0; m < 4; m++) {
            b.append("native,epoll,").append(m).append(",7,5,ab,1000,1100,").append(2000 + m * 100).append(',')
                    .append(2050 + m * 100).append('\n');
        }
        Files.writeString(t.resolve("x.csv"), b.toString());
        Traces read = Traces.read(t);
        assertEquals(1, read.rounds("epoll", "native").size());
        assertEquals(4, read.rounds("epoll", "native").get(0).coins());
        assertEquals(1000, read.rounds("epoll", "native").get(0).startNs());
        Files.writeString(t.resolve("old.csv"), Traces.OLD_BYTECOIN_HEADER + "\nepoll,0,0,5,ab,1,2,3,4\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = io.chaching.cmd.ReportMain.run(new String[] {json.toString(), "--traces", t.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains("old.csv: a bytecoin --trace from before traces named their parent")
                && e.contains(Traces.HEADER), e);
    }

    /** The HTML of one section, from its h2 to the next. */
    static String section(String html, String id) {
        int from = html.indexOf("<h2 id=\"" + id + "\"");
        assertTrue(from >= 0, "section " + id + " exists");
        int to = html.indexOf("<h2 ", from + 1);
        return html.substring(from, to < 0 ? html.length() : to);
    }

    @Test
    void theSyntheticPageKeepsItsOwnRulesAboutNumbers() throws Exception {
        Report.Ctx fast = ctx(results(run(20, 50_000), dir.resolve("facts")));
        String html = Report.render(fast.results(), Traces.none(), samplesOf(dir.resolve("facts")), props(),
                Optional.empty()).html();
        assertEquals(List.of(), PageFacts.problems(html));
        assertTrue(html.contains("<meta name=\"viewport\""), "a phone gets a viewport");
        assertTrue(html.indexOf("id=\"answers\"") < html.indexOf("id=\"run\""), "the answers come first");
        assertTrue(html.contains("Choosing a hand-off"), "the choosing table is there");
    }

    @Test
    void everyHandoffOfARunGetsItsOwnColour() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            names.add("handoff-" + i);
        }
        java.util.Set<java.awt.Color> seen = new java.util.HashSet<>();
        for (String n : names) {
            assertTrue(seen.add(Charts.colour(n, names)), n + " shares a colour with an earlier hand-off");
        }
        // and the 11th (uds) is not a near twin of one of the ten: far from each in RGB
        java.awt.Color eleventh = Charts.colour(10);
        for (int i = 0; i < 10; i++) {
            java.awt.Color c = Charts.colour(i);
            double d = Math.sqrt(Math.pow(c.getRed() - eleventh.getRed(), 2) + Math.pow(c.getGreen() - eleventh.getGreen(), 2)
                    + Math.pow(c.getBlue() - eleventh.getBlue(), 2));
            assertTrue(d > 150, "colour 10 is " + Math.round(d) + " from colour " + i);
        }
    }

    /** A wide chart's one-row legend: the ten hand-offs fit below it, as before; with an eleventh it is stacked at the right. */
    @Test
    void aLegendTooWideForItsChartIsStackedBesideIt() {
        List<String> names = new ArrayList<>(List.of("blocking", "nonblocking", "select", "poll", "epoll", "io_uring",
                "aio", "shm-spin", "shm-futex", "threads"));
        org.knowm.xchart.XYChart ten = lines(names);
        Charts.png2x(ten);
        assertTrue(Charts.legendWidth(ten) < Charts.WIDE - 40, "ten fit with room: " + Charts.legendWidth(ten));
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.OutsideS, ten.getStyler().getLegendPosition());
        names.add("uds");
        org.knowm.xchart.XYChart eleven = lines(names);
        Charts.png2x(eleven);
        assertTrue(Charts.legendWidth(eleven) > Charts.WIDE, "eleven do not: " + Charts.legendWidth(eleven));
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.OutsideE, eleven.getStyler().getLegendPosition());
        assertEquals(org.knowm.xchart.style.Styler.LegendLayout.Vertical, eleven.getStyler().getLegendLayout());
    }

    private static org.knowm.xchart.XYChart lines(List<String> names) {
        org.knowm.xchart.XYChart ch = Charts.xy(Charts.WIDE, 420, "t", "x", "y");
        for (String n : names) {
            ch.addSeries(n, new double[] {1, 2}, new double[] {1, 2}).setLineColor(Charts.colour(n, names));
        }
        return ch;
    }

    @Test
    void thePageChecksCatchWhatTheyAreFor() {
        List<String> p = PageFacts.problems("<table><tr><td>119259 us</td><td>12 ms/op</td><td>1E5</td>"
                + "<td>3 ms [2 µs, 4 ms]</td></tr></table><p>makespan 188 ms [-167, 543]</p>"
                + "<p>difference -0.2 [-0.3, -0.1]</p><p>99th percentile of 48 values</p>");
        assertEquals(6, p.size(), String.join("\n", p));
        assertTrue(p.get(0).contains("us"), p.get(0));
        assertTrue(p.stream().anyMatch(x -> x.contains("below zero") && x.contains("188")), p.toString());
        assertTrue(p.stream().noneMatch(x -> x.contains("difference")), "a difference may be negative: " + p);
        assertTrue(p.stream().anyMatch(x -> x.contains("from 48 values (it needs 1000)")), p.toString());
    }

    @Test
    void unitsAreScaledToTheNumber() {
        assertEquals("119 ms", Fmt.quantity(119259, "us"));
        assertEquals("434 ms", Fmt.quantity(434210, "us/op"));
        assertEquals("782 ns", Fmt.quantity(782, "ns"));
        assertEquals("1.32 µs", Fmt.quantity(1.32, "us"));
        assertEquals("2.34 GB/s", Fmt.quantity(2.34e9, "B/s"));
        assertEquals("0% <1% 1% >99% 100%", String.join(" ", Fmt.percent(0), Fmt.percent(0.003), Fmt.percent(0.006),
                Fmt.percent(0.996), Fmt.percent(1)));
        assertEquals("0.241 µs [0.127, 91.5]", Fmt.metric(new JmhResult.Metric(241, 0, 127, 91457, "ns"), 1, "ns"));
        assertEquals("0.586 s [0, 1.23]", Fmt.metric(new JmhResult.Metric(586, 641, -55, 1226, "ms/op"), 1, "ms"),
                "JMH's own interval of a time is cut at 0 too");
        assertEquals("0.1 tau [-0.1, 0.3]", Fmt.metric(new JmhResult.Metric(0.1, 0.2, -0.1, 0.3, "tau"), 1, "tau"),
                "a tau may be below 0");
        assertEquals("119 ms [35.9, 199]", Fmt.metric(new JmhResult.Metric(119259, 80000, 35895.7, 198847, "us"), 1, "us"));
        assertEquals("188 ms [0, 543]", Fmt.metric(new JmhResult.Metric(188, 355, Double.NaN, Double.NaN, "ms"), 1, "ms"),
                "JMH's error is cut at zero for a time");
    }

    @Test
    void everyIterationIsItsOwnDot() throws Exception {
        Report.Ctx c = ctx(results(run(20, 50_000), dir.resolve("dots")));
        Judge.Side side = c.roundSide("epoll", "epoll", "jvm", "delay.p50");
        List<Double> dots = c.judge().iterations(side);
        Judge.Estimate e = c.judge().estimate(side).orElseThrow();
        Matcher m = Pattern.compile("(\\d+) iterations").matcher(e.method());
        assertTrue(m.find(), e.method());
        assertEquals(Integer.parseInt(m.group(1)), dots.size(), "one dot per iteration: " + e.method());
        double lo = dots.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = dots.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(lo <= e.point() && e.point() <= hi, "the figure lies among its iterations: " + dots + " " + e);
        assertEquals(List.of(), c.judge().iterations(c.roundSide("nowhere", "nowhere", "jvm", "delay.p50")));
    }

    @Test
    void aFigureIsTheSameFigureWhateverOrderItsParametersCameIn() {
        Judge.Side a = new Judge.Side("33 bogatyrs", "BogatyrsBenchmark", java.util.Map.of("transport", "shm", "count", "33"), "");
        Judge.Side b = new Judge.Side("shm", "BogatyrsBenchmark", java.util.Map.of("count", "33", "transport", "shm"), "");
        assertEquals("BogatyrsBenchmark/{count=33, transport=shm}/", Judge.id(a));
        assertEquals(Judge.id(a), Judge.id(b));
    }
}

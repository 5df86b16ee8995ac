package io.chaching.report;

import io.chaching.report.JmhResult.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The HTML report: one self-contained page that answers the lab's questions from one run's JMH
 * results and round traces. Sections: the run, a summary, the three questions, shared memory,
 * multiplexers and spawning, the bogatyrs, and the regression gate when a baseline is given.
 * Every verdict comes from {@link Verdicts}; every missing number reads "not measured in this run".
 */
public final class Report {
    /** Everything a section needs: the results, the traces, the machine and the hand-offs in play. */
    record Ctx(Results results, Traces traces, Properties run, List<String> handoffs, int cores,
               Optional<Section> gate, Map<Traces.Key, Optional<TraceStats>> traceStats, Judge judge) {

        Ctx(Results results, Traces traces, Properties run, List<String> handoffs, int cores,
            Optional<Section> gate, Samples samples) {
            this(results, traces, run, handoffs, cores, gate, new HashMap<>(), new Judge(results, samples));
        }

        Judge.Side roundSide(String label, String handoff, String parent, String metric) {
            return new Judge.Side(label, "RoundBenchmark", Map.of("handoff", handoff, "parent", parent), metric);
        }

        /**
         * The small-coin stream of the summary: one miner handing off premined coins (what bounds it
         * is the hand-off), else 4 miners mining as they go (runs before the premined producer), else
         * any with no payload.
         */
        Judge.Side streamSide(String label, String handoff, String parent) {
            return new Judge.Side(label, "StreamBenchmark", streamParams(handoff, parent), "coins");
        }

        private Map<String, String> streamParams(String handoff, String parent) {
            Map<String, String> premined = Map.of("handoff", handoff, "parent", parent, "miners", "1", "payload", "0",
                    "producer", "premined");
            Map<String, String> four = Map.of("handoff", handoff, "parent", parent, "miners", "4", "payload", "0");
            return results.find("StreamBenchmark", premined).isPresent() ? premined
                    : results.find("StreamBenchmark", four).isPresent() ? four
                    : Map.of("handoff", handoff, "parent", parent, "payload", "0");
        }

        /** The producer's own ceiling, coins/s with the hand-off taken out (ProducerBenchmark), if measured. */
        Optional<Metric> producer(String producer) {
            return judge.metric(new Judge.Side(producer, "ProducerBenchmark", Map.of("producer", producer, "payload", "0"),
                    "coins"));
        }

        /** What the summary's stream is, in words: "1 miner, premined coins" or "4 miners". */
        String streamShape() {
            return !results.findAll("StreamBenchmark", Map.of("miners", "1", "payload", "0", "producer", "premined"))
                    .isEmpty() ? "1 miner handing off premined coins" : "4 miners mining as they go";
        }

        Judge.Side pacedSide(String label, String handoff, String parent, String metric) {
            return new Judge.Side(label, "PacedLatencyBenchmark", Map.of("handoff", handoff, "parent", parent,
                    "miners", "1"), metric);
        }

        Optional<Metric> round(String handoff, String parent, String metric) {
            return judge.metric(roundSide(handoff, handoff, parent, metric));
        }

        Optional<Metric> stream(String handoff, String parent) {
            return judge.metric(streamSide(handoff, handoff, parent));
        }

        Optional<Metric> paced(String handoff, String parent, String metric) {
            return judge.metric(pacedSide(handoff, handoff, parent, metric));
        }

        /** Judges A against B on measure {@code m} (recorded for verdicts.json) and says it in a sentence. */
        String say(String section, Verdicts.Measure m, Judge.Side a, Judge.Side b) {
            return Verdicts.sentence(m, compare(section, m, a, b));
        }

        Judge.Comparison compare(String section, Verdicts.Measure m, Judge.Side a, Judge.Side b) {
            return judge.compare(section, m.name(), m.lowerIsBetter(), a, b);
        }

        /** The statistics of one trace, computed once per report: every section asks for them. */
        TraceStats trace(String handoff, String parent) {
            return traceStats.computeIfAbsent(new Traces.Key(handoff, parent), k -> {
                List<Traces.Round> r = traces.rounds(handoff, parent);
                return r.isEmpty() ? Optional.empty() : Optional.of(new TraceStats(r));
            }).orElse(null);
        }

        /**
         * The parents a hand-off has rows for: both, unless the run measured it in the JVM only (the
         * JDK's own ways have no C parent), so that no row is a line of "not measured" by design.
         */
        List<String> parents(String handoff) {
            for (String cls : List.of("RoundBenchmark", "StreamBenchmark", "PacedLatencyBenchmark")) {
                if (!results.findAll(cls, Map.of("handoff", handoff, "parent", "native")).isEmpty()) {
                    return List.of("jvm", "native");
                }
            }
            return results.findAll("RoundBenchmark", Map.of("handoff", handoff)).isEmpty()
                    && results.findAll("StreamBenchmark", Map.of("handoff", handoff)).isEmpty()
                    && results.findAll("PacedLatencyBenchmark", Map.of("handoff", handoff)).isEmpty()
                    ? List.of("jvm", "native") : List.of("jvm");
        }

        /** Miners of the lab's rounds, as the run's parameters say. */
        int roundMiners() {
            List<String> v = results.values("RoundBenchmark", "miners");
            return v.isEmpty() ? 16 : Integer.parseInt(v.get(0));
        }

        /** "2 cores", or that the run did not record them. */
        String coresClause() {
            return cores <= 0 ? "an unrecorded number of cores" : cores + " core" + (cores == 1 ? "" : "s");
        }

        /** "16 miners on 2 cores (8 to 1 oversubscribed)": said next to every conclusion. */
        String machineClause() {
            int m = roundMiners();
            if (cores > 0 && m > cores) {
                return m + " miners on " + coresClause() + " (" + Fmt.num((double) m / cores) + " to 1 oversubscribed)";
            }
            return m + " miners on " + coresClause();
        }
    }

    private Report() {
    }

    public static String render(Results results, Traces traces, Properties run, Optional<Section> gate) {
        return render(results, traces, Samples.none(), run, gate).html();
    }

    /** The page and the comparisons it was written from (verdicts.json). */
    public record Rendered(String html, List<Judge.Comparison> comparisons) {
    }

    public static Rendered render(Results results, Traces traces, Samples samples, Properties run,
                                  Optional<Section> gate) {
        return render(results, traces, samples, run, gate, Optional.empty());
    }

    /** Another run to set beside this one ({@code --compare}): its name (the JSON's path) and its data. */
    public record Other(String name, String self, Results results, Traces traces, Samples samples, Properties run) {
    }

    /** The hand-offs a run measured, in the order its results name them. */
    static List<String> handoffs(Results results) {
        List<String> handoffs = new ArrayList<>();
        for (String cls : List.of("RoundBenchmark", "StreamBenchmark", "PacedLatencyBenchmark")) {
            for (String h : results.values(cls, "handoff")) {
                if (!handoffs.contains(h)) {
                    handoffs.add(h);
                }
            }
        }
        return handoffs;
    }

    /** Every section but the answers, into {@code h}; the comparisons land in {@code c}'s judge. */
    private static void sections(Ctx c, Html h) {
        run(c, h);
        summary(c, h);
        Questions.bursts(c, h);
        Questions.order(c, h);
        Questions.faster(c, h);
        Costs.sharedMemory(c, h);
        Costs.multiplexersAndSpawn(c, h);
        Costs.bogatyrs(c, h);
        JdkWays.section(c, h);
        Counts.section(c, h);
        c.gate().ifPresent(g -> g.write(h));
    }

    public static Rendered render(Results results, Traces traces, Samples samples, Properties run,
                                  Optional<Section> gate, Optional<Other> other) {
        Ctx c = new Ctx(results, traces, run, handoffs(results), cores(run), gate, samples);
        // the sections first, so that the answers on top are the same comparisons they make
        Html body = new Html();
        sections(c, body);
        Html top = new Html();
        Answers.write(c, top);
        Html against = new Html();
        other.ifPresent(o -> {
            Ctx b = new Ctx(o.results(), o.traces(), o.run(), handoffs(o.results()), cores(o.run()), Optional.empty(),
                    o.samples());
            Html unread = Html.unread();
            sections(b, unread);
            Answers.write(b, unread);
            Compare.section(c, b, o.self(), o.name(), c.judge().comparisons(), b.judge().comparisons(), against);
        });
        Html h = new Html();
        h.raw(head());
        h.raw("<h1>cha-ching: handing coins from forked miners back to a parent</h1>\n");
        h.raw(top.toString());
        h.raw("<nav><a href=\"#answers\">Answers</a>" + (other.isPresent() ? " <a href=\"#compare\">Run against run</a>" : "")
                + " <a href=\"#run\">1 Run</a> <a href=\"#summary\">2 Summary</a>"
                + " <a href=\"#bursts\">3 Bursts</a> <a href=\"#order\">4 Any order</a>"
                + " <a href=\"#faster\">5 Is non-blocking faster?</a> <a href=\"#shm\">6 Shared memory</a>"
                + " <a href=\"#multiplexers\">7 Multiplexers and spawning</a> <a href=\"#bogatyrs\">8 Bogatyrs</a>"
                + " <a href=\"#jdk\">9 What a Java programmer would write</a>"
                + gate.map(g -> " <a href=\"#" + g.id() + "\">" + Html.esc(g.nav()) + "</a>").orElse("") + "</nav>\n");
        h.raw(against.toString());
        h.raw(body.toString());
        h.raw("</body></html>\n");
        return new Rendered(h.toString(), c.judge().comparisons());
    }

    private static int cores(Properties run) {
        return Integer.parseInt(run.getProperty("cores", "0"));
    }

    private static String head() {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>cha-ching report</title>
                <style>
                body { font-family: DejaVu Sans, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 10px; color: #222; line-height: 1.45; }
                h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #ccc; margin-top: 2em; } h3 { margin-top: 1.4em; }
                nav a { margin-right: 0.8em; }
                table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.86em; }
                th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
                th { background: #f2f2f2; } td:first-child, th:first-child { text-align: left; }
                td.missing { color: #a33; font-style: italic; }
                .verdict { background: #eef6ee; border-left: 4px solid #4a4; padding: 0.4em 0.8em; }
                .note { color: #555; font-size: 0.92em; }
                .grid { display: flex; flex-wrap: wrap; gap: 8px; }
                img { max-width: 100%; height: auto; }
                .scroll { overflow-x: auto; max-width: 100%; }
                dl.answers dt { font-weight: bold; margin-top: 0.8em; }
                dl.answers dd { margin: 0.2em 0 0 1.2em; }
                nav { line-height: 1.9; }
                @media (max-width: 600px) { body { margin: 0.6em auto; } h1 { font-size: 1.25em; } table { font-size: 0.8em; } }
                </style></head><body>
                """;
    }

    private static void run(Ctx c, Html h) {
        h.h2("run", "1. Run");
        Properties p = c.run();
        JmhResult first = c.results().all().isEmpty() ? null : c.results().all().get(0);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("CPU", p.getProperty("cpu", "not recorded (no run.properties next to the JSON)")));
        rows.add(List.of("cores", c.cores() > 0 ? Integer.toString(c.cores()) : "not recorded"));
        rows.add(List.of("kernel", p.getProperty("kernel", "not recorded")));
        rows.add(List.of("JVM", p.getProperty("jvm", first == null ? "not recorded"
                : first.settings().getOrDefault("vmName", "?") + " " + first.settings().getOrDefault("jdkVersion", "?"))));
        rows.add(List.of("JMH", first == null ? "not recorded" : first.settings().getOrDefault("jmhVersion", "?")));
        rows.add(List.of("date", p.getProperty("date", "not recorded")));
        rows.add(List.of("profile", p.getProperty("profile", "not recorded")));
        rows.add(List.of("reproduce with", p.getProperty("command", "not recorded")));
        rows.add(List.of("results", c.results().all().size() + " JMH results, " + (c.traces().isEmpty() ? "no round traces"
                : "round traces")));
        h.table(List.of("", ""), rows);
        List<List<String>> plans = new ArrayList<>();
        for (String cls : c.results().classes()) {
            List<JmhResult> rs = c.results().findAll(cls, Map.of());
            JmhResult r = rs.get(0);
            String trials = r.primary().raw() != null ? Integer.toString(r.primary().raw().length)
                    : r.settings().getOrDefault("forks", "?");
            plans.add(List.of(cls, Integer.toString(rs.size()), trials,
                    r.settings().getOrDefault("warmupIterations", "?") + " x " + r.settings().getOrDefault("warmupTime", "?"),
                    r.settings().getOrDefault("measurementIterations", "?") + " x "
                            + r.settings().getOrDefault("measurementTime", "?")));
        }
        h.table(List.of("benchmark", "parameter sets", "trials (a fork each)", "warm-up", "measured, per trial"), plans);
        h.note(method(c));
    }

    /** How every figure and verdict is made, once, in plain words. */
    static String method(Ctx c) {
        return "How the figures and verdicts are made. The run keeps every value it measured: each round's makespan and"
                + " its coins' cash-in delays, each stream's coins per second, each paced stream's percentiles, each"
                + " spawn, each bogatyrs' run. These sit inside calls, calls inside iterations, iterations inside trials"
                + " (separate JVM forks, run in a shuffled, interleaved order so that a slow spell of the shared machine"
                + " falls on both sides of a comparison). A figure is the median (or 90th percentile, or for Kendall tau"
                + " the mean) of all its values; its interval in brackets comes from a hierarchical bootstrap (Kalibera"
                + " and Jones, 2013): resample the trials, then the iterations within each, then the calls within each,"
                + " then the values within each, " + Bootstrap.REPLICATES + " times, and keep the middle "
                + Fmt.percent(Bootstrap.CONFIDENCE) + " of the results. So the interval carries the spread between trials and"
                + " iterations as well as within them. A comparison is the ratio of two figures (for tau, their"
                + " difference) with the middle " + Fmt.percent(Bootstrap.CONFIDENCE) + " of the replicates' ratios: better or"
                + " worse when that interval excludes 1, equivalent when it lies wholly within ±" + Fmt.percent(Judge.BAND)
                + ", otherwise undecided, and an undecided comparison says the smallest difference this run could have"
                + " seen (half the interval's width). Where both sides mined the same coins (the rounds, numbered alike in"
                + " every trial), they are compared pair by pair: the two rounds or calls that did the same work are drawn"
                + " together, so the mining both share falls out; a makespan by the median of the pairs' ratios, a cash-in"
                + " delay by the ratio of the two sides' medians of every coin in the rounds drawn (a round's own median of 16"
                + " coins leaps between the two modes of a spinning parent's delays). A percentile needs at least 10 values beyond it (100"
                + " for the 90th, 1000 for the 99th), or it is a maximum by another name. How often such"
                + " intervals are right was measured on synthetic samples shaped like this machine's (BootstrapCoverageTest"
                + " in the sources). The lab's rounds run " + c.machineClause() + ".";
    }

    private static void summary(Ctx c, Html h) {
        h.h2("summary", "2. Summary: one row per hand-off and parent");
        Metric ceiling = c.producer("premined").orElse(null);
        Metric mining = c.producer("mining").orElse(null);
        h.p("Rounds: " + c.machineClause() + ", one coin each. Stream: " + c.streamShape() + ", 128-byte coins"
                + (ceiling == null ? "" : "; the producer alone, the hand-off taken out, makes "
                + Fmt.metric(ceiling, 1e-6, "M coins/s") + " premined" + (mining == null ? "" : " and "
                + Fmt.metric(mining, 1e-6, "M coins/s") + " mining as it goes") + ", the ceiling no stream of it"
                + " passes") + "."
                + " JVM/C: the JVM"
                + " parent's figure over the C reference parent's, same hand-off, same run.");
        List<List<String>> rows = new ArrayList<>();
        for (String ho : c.handoffs()) {
            for (String parent : c.parents(ho)) {
                Metric p50 = c.round(ho, parent, "delay.p50").orElse(null);
                Metric stream = c.stream(ho, parent).orElse(null);
                String ratio = "";
                if (parent.equals("native")) {
                    Metric jp50 = c.round(ho, "jvm", "delay.p50").orElse(null);
                    Metric js = c.stream(ho, "jvm").orElse(null);
                    List<String> parts = new ArrayList<>();
                    if (jp50 != null && p50 != null) {
                        parts.add("delay JVM/C " + Fmt.num(jp50.score() / p50.score()));
                    }
                    if (js != null && stream != null) {
                        parts.add("throughput C/JVM " + Fmt.num(stream.score() / js.score()));
                    }
                    ratio = parts.isEmpty() ? Fmt.NOT_MEASURED : String.join(", ", parts);
                }
                rows.add(List.of(ho + (parent.equals("jvm") ? " (JVM)" : " (C)"),
                        Fmt.metric(p50, 1, "us"),
                        Fmt.metric(c.round(ho, parent, "delay.p90").orElse(null), 1, "us"),
                        Fmt.metric(c.round(ho, parent, "firstCoin.p50").orElse(null), 1, "ms"),
                        Fmt.metric(c.round(ho, parent, "").orElse(null), 1, "ms"),
                        Fmt.metric(c.round(ho, parent, "parentCpu").orElse(null), 1, ""),
                        Fmt.metric(stream, 1e-6, "M/s"),
                        ratio));
            }
        }
        h.table(List.of("hand-off", "cash-in delay p50", "p90", "first coin", "makespan", "parent CPU, share of a core",
                "stream coins/s", "ratios"), rows);
        h.note("Parent CPU is the parent's CPU time over the makespan (1 = one whole core). The ratios sit on the C"
                + " row: delay JVM/C is the JVM's median cash-in delay over C's (above 1: the JVM is slower); throughput"
                + " C/JVM is how many times more coins per second C moved."
                + (c.handoffs().contains("readers-2") && c.stream("readers-2", "jvm").isEmpty()
                        && c.stream("readers-1", "jvm").isPresent()
                        ? " readers-2 and readers-4 have no one-miner stream in this run: with one miner they start one"
                        + " reader each, as readers-1 does." : ""));
    }
}

package io.chaching.report;

import io.chaching.report.JmhResult.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 9: what a Java programmer would write instead of the JNA hand-offs (the JDK's own
 * ways, each set against the JNA hand-off over the same kernel object), the seminar's reader
 * processes against one parent reading alone, and what the binding itself costs (JNA against
 * FFM against C). Every sentence is a comparison of this run's samples; a hand-off the run did
 * not measure says so.
 */
final class JdkWays {
    /** Each JDK way and the JNA hand-off over the same kernel object it is read against. */
    static final String[][] PAIRS = {{"jdk-process", "threads"}, {"jdk-selector", "epoll"}, {"jdk-selector", "uds"},
            {"jdk-mapped", "shm-spin"}};
    /** The reader counts the seminar's hand-off runs with, and what one parent reading alone does. */
    static final int[] READERS = {1, 2, 4};
    static final String[] ALONE = {"blocking", "epoll"};
    /** The pipe and ring hand-offs the FFM binding is measured on. */
    static final String[] BOUND = {"blocking", "epoll", "shm-spin", "shm-futex"};

    /** BindingBenchmark's calls, in its order: the read the spinning parents make, the rings' doorbell, a poll. */
    static final String[] CALLS = {"read-eagain", "futex-wake", "poll-0"};
    /** What one system call takes, through a binding or in C (BindingBenchmark: ns a call). */
    static final Verdicts.Measure CALL = new Verdicts.Measure("time a system call takes", 1, "ns", true, "cheaper",
            "costlier");

    /** CPU a coin of every process the hand-off runs but the miners: the parent and its readers. */
    static final Verdicts.Measure ALL_CPU = new Verdicts.Measure("CPU a coin, parent and readers together", 1, "us", true,
            "cheaper", "costlier");

    private JdkWays() {
    }

    static void section(Report.Ctx c, Html h) {
        h.h2("jdk", "9. What a Java programmer would write instead");
        jdkOwn(c, h);
        readers(c, h);
        binding(c, h);
    }

    private static boolean measured(Report.Ctx c, String handoff) {
        return c.handoffs().contains(handoff);
    }

    private static void jdkOwn(Report.Ctx c, Html h) {
        h.h3("The JDK's own ways, against JNA over the same kernel object");
        h.p("jdk-process starts the miners with ProcessBuilder and reads each one's coins from Process.getInputStream()"
                + " on a thread of its own, as most Java code reads a child; threads is the same shape over JNA reads of"
                + " the coin pipes. jdk-selector waits in a java.nio Selector over Unix-domain SocketChannels (the JDK's"
                + " own epoll); epoll is the same wait through JNA over pipes, uds through JNA over the same kind of"
                + " socket. jdk-mapped reads the shared-memory ring through a MappedByteBuffer the JDK mapped, with"
                + " VarHandle acquire loads and no JNA call while it spins; shm-spin is the same loop over JNA's mapping."
                + " JVM parent only: there is no C to set these beside. " + c.machineClause() + ".");
        boolean any = false;
        for (String[] pair : PAIRS) {
            if (!measured(c, pair[0]) || !measured(c, pair[1])) {
                continue;
            }
            any = true;
            h.raw("<p><b>" + Html.esc(pair[0] + " against " + pair[1]) + "</b> (JVM parent)</p>\n");
            List<Questions.Judged> judged = Questions.fasterComparisons(c, "jdk", pair[0], pair[1]);
            h.list(judged.stream().map(Questions.Judged::sentence).toList());
            h.verdict(Questions.fasterSummary(c, pair[0], pair[1], judged));
        }
        if (!any) {
            h.p("The JDK's own hand-offs: " + Fmt.NOT_MEASURED + ".");
        }
    }

    private static void readers(Report.Ctx c, Html h) {
        h.h3("The seminar's reader processes: K readers, one coordinator");
        h.p("readers-K puts K reader processes between the miners and the parent: reader r reads the coin pipes of"
                + " miners r, r + K, ... and forwards every coin, whole, over one pipe the parent (the coordinator) reads."
                + " What it could buy: the parent makes one read where it made one per miner. What it costs: K more"
                + " processes on " + c.coresClause() + ", and every coin crosses a second pipe. Parent CPU counts the"
                + " coordinator alone; the readers' CPU (their run time from /proc, per coin) is its own column, and"
                + " \"parent and readers together\" sets their sum against a parent reading alone.");
        List<String> present = new ArrayList<>();
        for (int k : READERS) {
            if (measured(c, "readers-" + k)) {
                present.add("readers-" + k);
            }
        }
        if (present.isEmpty()) {
            h.p("The reader processes: " + Fmt.NOT_MEASURED + ".");
            return;
        }
        int miners = c.roundMiners();
        List<List<String>> rows = new ArrayList<>();
        List<String> shown = new ArrayList<>(present);
        for (String a : ALONE) {
            shown.add(a);
        }
        for (String ho : shown) {
            for (String parent : List.of("jvm", "native")) {
                if (c.round(ho, parent, "").isEmpty()) {
                    continue;
                }
                int readers = ho.startsWith("readers-") ? Integer.parseInt(ho.substring("readers-".length())) : 0;
                rows.add(List.of(ho + " (" + Questions.label(parent) + ")",
                        Integer.toString(1 + miners + readers),
                        Fmt.metric(c.round(ho, parent, "delay.p50").orElse(null), 1, "us"),
                        Fmt.metric(c.round(ho, parent, "delay.p90").orElse(null), 1, "us"),
                        Fmt.metric(c.round(ho, parent, "").orElse(null), 1, "ms"),
                        Fmt.metric(c.round(ho, parent, "parentCpu").orElse(null), 1, ""),
                        Fmt.metric(c.round(ho, parent, JmhResult.PER_COIN + "processCpu").orElse(null), 1, "us"),
                        readers == 0 ? "none"
                                : Fmt.metric(c.round(ho, parent, JmhResult.PER_COIN + "helperCpu").orElse(null), 1, "us")));
            }
        }
        h.table(List.of("hand-off", "processes", "cash-in delay p50", "p90", "makespan", "parent CPU, share of a core",
                "parent CPU a coin", "readers' CPU a coin"), rows);
        for (String ho : present) {
            for (String alone : ALONE) {
                if (!measured(c, alone)) {
                    continue;
                }
                for (String parent : List.of("jvm", "native")) {
                    if (c.round(ho, parent, "").isEmpty() || c.round(alone, parent, "").isEmpty()) {
                        continue;
                    }
                    String section = "readers: " + ho + " against " + alone + ", " + Questions.label(parent);
                    List<String> said = new ArrayList<>();
                    for (Object[] m : new Object[][] {{Questions.DELAY_P50, "delay.p50", "delay.p50"},
                            {Questions.MAKESPAN, "", ""}, {Questions.CPU, "parentCpu", "parentCpu"},
                            {ALL_CPU, JmhResult.PER_COIN + "totalCpu", JmhResult.PER_COIN + "processCpu"}}) {
                        said.add(Verdicts.sentence((Verdicts.Measure) m[0], c.compare(section, (Verdicts.Measure) m[0],
                                c.roundSide(ho, ho, parent, (String) m[1]), c.roundSide(alone, alone, parent, (String) m[2]))));
                    }
                    h.raw("<p><b>" + Html.esc(ho + " against " + alone) + "</b> (" + Questions.label(parent) + " parent)</p>\n");
                    h.list(said);
                }
            }
        }
    }

    /** A stream side of the summary's shape, with the binding named. */
    private static Judge.Side bound(Report.Ctx c, String handoff, String binding) {
        return withBinding(c.streamSide(handoff + " " + binding.toUpperCase(java.util.Locale.ROOT), handoff, "jvm"), binding);
    }

    private static void binding(Report.Ctx c, Html h) {
        h.h3("What does the binding cost? JNA against FFM against C");
        h.p("The same JVM hand-off code makes its system calls through JNA (direct-mapped natives) or through"
                + " java.lang.foreign downcalls (FFM, JDK 22 and later), chosen by the benchmark parameter binding; the C"
                + " parent makes them with no binding at all. First the calls on their own, then whole streams: "
                + c.streamShape() + ", so the cost per coin is the hand-off's and the parent's, not the miner's.");
        calls(c, h);
        if (c.results().findAll("StreamBenchmark", Map.of("binding", "ffm")).isEmpty()
                && c.results().findAll("RoundBenchmark", Map.of("binding", "ffm")).isEmpty()) {
            boolean ffmCalls = !c.results().findAll("BindingBenchmark", Map.of("binding", "ffm")).isEmpty();
            h.p("FFM streams and rounds: " + Fmt.NOT_MEASURED + (ffmCalls ? "."
                    : " (FFM runs only on a JDK 22 or later; this run's JVM is in section 1)."));
            return;
        }
        h.p("Whole streams: one system call serves many coins here, so the binding is a small part of a coin's cost.");
        List<List<String>> rows = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (String ho : BOUND) {
            Judge.Side jna = bound(c, ho, "jna");
            Judge.Side ffm = bound(c, ho, "ffm");
            Judge.Side cSide = c.streamSide(ho + " C", ho, "native");
            Metric mj = c.judge().metric(jna).orElse(null);
            Metric mf = c.judge().metric(ffm).orElse(null);
            Metric mc = c.judge().metric(cSide).orElse(null);
            rows.add(List.of(ho, perCoin(mj), perCoin(mf), perCoin(mc)));
            said.add(Verdicts.sentence(Questions.STREAM, c.compare("binding: " + ho, Questions.STREAM, ffm, jna)));
            said.add(Verdicts.sentence(Questions.STREAM, c.compare("binding: " + ho, Questions.STREAM, cSide, jna)));
            Judge.Side rj = withBinding(c.roundSide(ho + " JNA", ho, "jvm", "delay.p50"), "jna");
            Judge.Side rf = withBinding(c.roundSide(ho + " FFM", ho, "jvm", "delay.p50"), "ffm");
            said.add(Verdicts.sentence(Questions.DELAY_P50, c.compare("binding: " + ho, Questions.DELAY_P50, rf, rj)));
        }
        h.table(List.of("hand-off", "JNA, ns a coin", "FFM, ns a coin", "C, ns a coin"), rows);
        h.list(said);
    }

    /** One call made by the JVM parent through {@code binding}, or by the C loop when binding is null. */
    private static Judge.Side callSide(String label, String call, String binding) {
        Map<String, String> p = new HashMap<>(Map.of("call", call, "parent", binding == null ? "native" : "jvm"));
        if (binding != null) {
            p.put("binding", binding);
        }
        return new Judge.Side(call + " " + label, "BindingBenchmark", p, "");
    }

    /** The calls on their own: ns a call through JNA, through FFM and in C, judged; then what that makes a coin. */
    private static void calls(Report.Ctx c, Html h) {
        h.p("The calls on their own (BindingBenchmark), each made 1000 times in a row, so nothing else is in the time:"
                + " read-eagain is a read(2) of an empty non-blocking pipe, which fails at once with EAGAIN (what the"
                + " nonblocking parent makes while it waits); futex-wake wakes no one on a shared-memory word (the"
                + " rings' doorbell); poll-0 asks poll(2) about one empty pipe without waiting. The JVM makes them"
                + " through the same code the hand-offs use (with its call counter and the errno read back); C makes"
                + " them in a loop of its own, with no binding. What a call takes in the JVM beyond C is what the binding"
                + " and that code cost.");
        List<String> present = new ArrayList<>();
        for (String call : CALLS) {
            if (!c.results().findAll("BindingBenchmark", Map.of("call", call)).isEmpty()) {
                present.add(call);
            }
        }
        if (present.isEmpty()) {
            h.p("The calls on their own: " + Fmt.NOT_MEASURED + ".");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (String call : present) {
            Judge.Side jna = callSide("JNA", call, "jna");
            Judge.Side ffm = callSide("FFM", call, "ffm");
            Judge.Side cSide = callSide("C", call, null);
            rows.add(List.of(call, nsACall(c, jna), nsACall(c, ffm), nsACall(c, cSide)));
            said.add(Verdicts.sentence(CALL, c.compare("binding: " + call, CALL, ffm, jna)));
            said.add(Verdicts.sentence(CALL, c.compare("binding: " + call, CALL, cSide, jna)));
            // what is left of the binding once FFM makes the call: FFM against no binding at all
            if (c.judge().estimate(ffm).isPresent()) {
                said.add(Verdicts.sentence(CALL, c.compare("binding: " + call, CALL, ffm, cSide)));
            }
        }
        h.table(List.of("call", "JNA, ns a call", "FFM, ns a call", "C, ns a call"), rows);
        h.list(said);
        costACoin(c, h, present.get(0));
    }

    private static String nsACall(Report.Ctx c, Judge.Side s) {
        return Fmt.metric(c.judge().metric(s).orElse(null), 1, "ns");
    }

    /**
     * What the binding costs each stream hand-off a coin, derived: the system calls a coin of its
     * JNA stream (the counts table's) times the difference of two figures of {@code call}.
     */
    private static void costACoin(Report.Ctx c, Html h, String call) {
        double[] ffmLessJna = difference(c, callSide("FFM", call, "ffm"), callSide("JNA", call, "jna"));
        double[] jnaLessC = difference(c, callSide("JNA", call, "jna"), callSide("C", call, null));
        List<List<String>> rows = new ArrayList<>();
        for (String ho : BOUND) {
            Judge.Side stream = bound(c, ho, "jna");
            Metric calls = c.results().find(stream.benchmark(), stream.params())
                    .map(r -> r.secondary().get(JmhResult.PER_COIN + "syscalls")).orElse(null);
            if (calls == null) {
                continue;
            }
            rows.add(List.of(ho, Fmt.plain(calls.score()), timesCalls(ffmLessJna, calls.score()),
                    timesCalls(jnaLessC, calls.score())));
        }
        if (rows.isEmpty()) {
            h.p("The binding's cost a coin: " + Fmt.NOT_MEASURED + " (no stream of " + String.join(", ", BOUND)
                    + " with its system calls counted).");
            return;
        }
        h.p("Per coin, worked out rather than measured: a hand-off's system calls a coin (its JNA stream's, as in the"
                + " counts table) times the difference between two of the " + call + " figures above, FFM less JNA and"
                + " JNA less C, in ns (below 0: the first is the cheaper). The range is that of the difference of the two figures' bootstrap replicates,"
                + " times the calls. It takes every call of the hand-off to pay what " + call + " pays beyond the kernel's"
                + " work, which the difference leaves out. A parent that spins makes calls for as long as it waits,"
                + " so its count follows the time it waited, not the hand-off.");
        h.table(List.of("hand-off", "system calls a coin (JNA stream)", "FFM less JNA, ns a coin", "JNA less C, ns a coin"),
                rows);
    }

    /** A's figure less B's, with the 99% interval of their replicates' differences: {point, low, high}; null if either is missing. */
    private static double[] difference(Report.Ctx c, Judge.Side a, Judge.Side b) {
        var ea = c.judge().estimate(a);
        var eb = c.judge().estimate(b);
        if (ea.isEmpty() || eb.isEmpty()) {
            return null;
        }
        double[] ra = c.judge().replicates(a).orElse(new double[0]);
        double[] rb = c.judge().replicates(b).orElse(new double[0]);
        int n = Math.min(ra.length, rb.length);
        double[] reps = new double[n];
        for (int i = 0; i < n; i++) {
            reps[i] = ra[i] - rb[i];
        }
        double[] ci = n >= 2 ? Judge.interval(reps) : new double[] {Double.NaN, Double.NaN};
        return new double[] {ea.get().point() - eb.get().point(), ci[0], ci[1]};
    }

    /**
     * "+190 [+170, +210]" (ns, the column says): a difference times {@code calls}, its sign kept, as
     * its interval may cross 0 or lie below it (the page's rules allow that of a bare number).
     */
    private static String timesCalls(double[] d, double calls) {
        if (d == null) {
            return Fmt.NOT_MEASURED;
        }
        String point = signed(d[0] * calls);
        return Double.isNaN(d[1]) ? point + " (no interval: too few samples)"
                : point + " [" + signed(d[1] * calls) + ", " + signed(d[2] * calls) + "]";
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + Fmt.num(v);
    }

    private static Judge.Side withBinding(Judge.Side s, String binding) {
        Map<String, String> p = new HashMap<>(s.params());
        p.put("binding", binding);
        return new Judge.Side(s.label(), s.benchmark(), p, s.metric());
    }

    /** ns a coin from coins/s, with its interval through the same reciprocal. */
    private static String perCoin(Metric coins) {
        if (coins == null || !(coins.score() > 0)) {
            return Fmt.NOT_MEASURED;
        }
        Metric per = new Metric(1e9 / coins.score(), Double.NaN,
                Double.isNaN(coins.high()) ? Double.NaN : 1e9 / coins.high(),
                Double.isNaN(coins.low()) || coins.low() <= 0 ? Double.NaN : 1e9 / coins.low(), "ns");
        return Fmt.metric(per, 1, "ns");
    }
}

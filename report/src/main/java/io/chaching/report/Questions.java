package io.chaching.report;

import io.chaching.report.JmhResult.Metric;
import io.chaching.report.Verdicts.Measure;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The lab's three questions: why bursts, what any order costs, and is non-blocking faster. */
final class Questions {
    static final Measure DELAY_P50 = new Measure("cash-in delay, median", 1, "us", true, "lower", "higher");
    static final Measure DELAY_P90 = new Measure("cash-in delay, 90th percentile", 1, "us", true, "lower", "higher");
    static final Measure FIRST = new Measure("time to first coin", 1, "ms", true, "sooner", "later");
    static final Measure MAKESPAN = new Measure("makespan", 1, "ms", true, "shorter", "longer");
    static final Measure CPU = new Measure("parent CPU (share of a core over the makespan)", 1, "", true, "cheaper",
            "costlier");
    static final Measure STREAM = new Measure("stream throughput, small coins", 1e-6, "M coins/s", false, "higher", "lower");
    static final Measure TAU = new Measure("Kendall tau", 1, "", false, "closer to mined order",
            "further from mined order");
    static final Measure PACED = new Measure("cash-in delay of a paced miner, median", 1, "us", true, "lower", "higher");

    private Questions() {
    }

    // ---------------------------------------------------------------- 3. bursts

    static void bursts(Report.Ctx c, Html h) {
        h.h2("bursts", "3. Question 1: why do coins come in bursts?");
        h.p("A burst is a backlog drained in one go: coins the parent cashed back to back, each already mined (waiting)"
                + " when the one before it was cashed, less than " + TraceStats.BURST_GAP_NS / 1000 + " µs apart. Each timeline is one round (the one of median makespan among the"
                + " traced rounds) of " + c.machineClause() + ": a circle is a coin mined, a diamond the same coin"
                + " cashed in, and the grey line between them its wait.");
        if (c.traces().isEmpty()) {
            h.verdict("Bursts: " + Fmt.NOT_MEASURED + " (no round traces: run RoundBenchmark with a traces directory).");
            return;
        }
        // three hand-offs that answer it, on one time axis: miner order, a sweep, a wake-up per coin
        List<String> three = new ArrayList<>();
        double longest = 0;
        for (String ho : List.of("blocking", "nonblocking", "epoll")) {
            TraceStats t = c.trace(ho, "jvm");
            if (t != null) {
                three.add(ho);
                longest = Math.max(longest, t.roundMakespan[t.medianMakespanRound()] / 1e6);
            }
        }
        h.open("div", "grid");
        for (String ho : three) {
            TraceStats t = c.trace(ho, "jvm");
            Traces.Round median = c.traces().rounds(ho, "jvm").get(t.medianMakespanRound());
            h.chart(timeline(ho, median, longest), "timeline of one round, " + ho + ", JVM parent");
        }
        h.close("div");
        XYChart place = byPlace(c);
        if (place != null) {
            h.chart(place, "median cash-in delay by the coin's place in its round");
            h.note("Place 1 is the round's first coin mined. Early in a round all " + c.roundMiners() + " miners are"
                    + " runnable on " + c.coresClause() + ", so a woken parent waits its turn for a core; as miners finish,"
                    + " it gets one sooner.");
        }
        List<String> shown = new ArrayList<>();
        CategoryChart dist = Charts.bars(Charts.WIDE, 380, "Burst sizes: share of coins cashed in bursts of each size"
                + " (JVM parent)", "hand-off", "share of coins");
        dist.getStyler().setStacked(true);
        String[] buckets = {"1 coin", "2-3", "4-7", "8 or more"};
        List<double[]> perHandoff = new ArrayList<>();
        for (String ho : c.handoffs()) {
            TraceStats t = c.trace(ho, "jvm");
            if (t == null) {
                continue;
            }
            shown.add(ho);
            double[] s = new double[buckets.length];
            for (var e : t.burstSizes.entrySet()) {
                int size = e.getKey();
                int bucket = size == 1 ? 0 : size <= 3 ? 1 : size <= 7 ? 2 : 3;
                s[bucket] += (double) size * e.getValue() / t.coins;
            }
            perHandoff.add(s);
        }
        if (!shown.isEmpty()) {
            for (int b = 0; b < buckets.length; b++) {
                List<Double> y = new ArrayList<>();
                for (double[] s : perHandoff) {
                    y.add(s[b]);
                }
                dist.addSeries(buckets[b], shown, y);
            }
            h.chart(dist, "burst size distribution per hand-off");
        }
        h.h3("What the parent was doing while coins waited");
        List<List<String>> rows = new ArrayList<>();
        for (String ho : c.handoffs()) {
            for (String parent : c.parents(ho)) {
                TraceStats t = c.trace(ho, parent);
                Metric cpu = c.round(ho, parent, "parentCpu").orElse(null);
                Metric jmhBurst = c.round(ho, parent, "burst.mean").orElse(null);
                if (t == null) {
                    rows.add(List.of(ho + " (" + label(parent) + ")", Fmt.NOT_MEASURED, Fmt.metric(jmhBurst, 1, ""), "", "",
                            "", "", Fmt.NOT_MEASURED));
                    continue;
                }
                rows.add(List.of(ho + " (" + label(parent) + ")", Fmt.num(t.meanBurst()) + " (max " + t.maxBurst() + ")",
                        Fmt.metric(jmhBurst, 1, ""), Fmt.percent(t.coinsInMultiBursts()),
                        t.burstMinedSpreads.length == 0 ? "-" : Fmt.nanos(TraceStats.percentile(t.burstMinedSpreads, 50)),
                        t.drainGaps.length == 0 ? "-" : Fmt.nanos(TraceStats.percentile(t.drainGaps, 50)),
                        Fmt.percent((double) t.overtaken / t.coins), explainBursts(c, t, cpu)));
            }
        }
        h.table(List.of("hand-off", "mean burst (traces)", "mean burst (JMH, every round)", "coins in bursts of 2+",
                "median mined spread in a burst", "gap between coins drained back to back", "coins overtaken",
                "explanation, computed from these numbers"), rows);
        h.note("Mined spread: how far apart the coins of one burst were mined. Coins mined microseconds apart and cashed"
                + " together are just simultaneous; coins mined milliseconds apart and cashed together waited for a"
                + " parent that was not looking. Gap between coins drained back to back: the median time between two coins"
                + " cashed one after the other from a backlog. It is the parent's own work per coin (read, decode, verify,"
                + " book-keep) only when nothing else runs; with " + c.roundMiners() + " miners on " + c.coresClause()
                + " it also holds the times the parent lost its core between two coins. JMH's burst"
                + " column applies the same rule to every round of the run, the traces' to the last rounds of each trial. Overtaken: cashed after a coin another miner mined later.");
    }

    /**
     * The dominant reason coins waited, chosen by rules over the trace statistics and the parent's
     * CPU, with the numbers that triggered the rule. Package-private for the tests.
     */
    static String explainBursts(Report.Ctx c, TraceStats t, Metric parentCpu) {
        double p50 = t.delayPercentile(50);
        if (t.overtakenDelayShare >= 0.5) {
            return "Head-of-line blocking: " + Fmt.percent((double) t.overtaken / t.coins) + " of coins were cashed after a"
                    + " coin mined later, and they hold " + Fmt.percent(t.overtakenDelayShare) + " of all waiting. The parent"
                    + " was blocked reading one miner that had not finished while the others' coins queued in their pipes;"
                    + " when it got to them it read them back to back (bursts up to " + t.maxBurst() + drainClause(t) + ").";
        }
        if (parentCpu != null && parentCpu.score() >= 0.1 && p50 >= 100_000) {
            return "A busy parent descheduled: it never sleeps (it burned " + Fmt.num(parentCpu.score()) + " of a core) yet"
                    + " the median coin waited " + Fmt.nanos(p50) + ". With " + c.machineClause() + " it holds a core only"
                    + " part of the time; coins mined while it was off the CPU waited for it and were swept up when it ran"
                    + " again (" + Fmt.percent(t.coinsInMultiBursts()) + " of coins in bursts of 2 or more, up to " + t.maxBurst()
                    + ", mined up to " + Fmt.nanos(t.burstMinedSpreads.length == 0 ? 0
                    : t.burstMinedSpreads[t.burstMinedSpreads.length - 1]) + " apart).";
        }
        if (t.coinsInMultiBursts() >= 0.2) {
            return "One wake-up, several coins: " + Fmt.percent(t.coinsInMultiBursts()) + " of coins came with others,"
                    + " mined a median of " + Fmt.nanos(TraceStats.percentile(t.burstMinedSpreads, 50)) + " apart; the"
                    + " parent woke (or swept) once and found several ready.";
        }
        return "No bursts to speak of: coins came one per wake-up (mean burst " + Fmt.num(t.meanBurst()) + "), each cashed a"
                + " median of " + Fmt.nanos(p50) + " after it was mined, the cost of waking the parent on this machine.";
    }

    private static String drainClause(TraceStats t) {
        return t.drainGaps.length == 0 ? "" : ", " + Fmt.nanos(TraceStats.percentile(t.drainGaps, 50)) + " a coin";
    }

    /** Median delay at each place of the round (1 = mined first), one line per hand-off, JVM parent; null without traces. */
    static XYChart byPlace(Report.Ctx c) {
        XYChart ch = Charts.xy(Charts.WIDE, 420, "Cash-in delay by the coin's place in its round (JVM parent)",
                "place in the round, by time mined", "median cash-in delay (µs, log)");
        Charts.logY(ch.getStyler());
        boolean any = false;
        for (String ho : c.handoffs()) {
            TraceStats t = c.trace(ho, "jvm");
            if (t == null || t.delaysByPlace.length == 0) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int p = 0; p < t.delaysByPlace.length; p++) {
                if (t.delaysByPlace[p].length > 0) {
                    x.add(p + 1.0);
                    y.add(Math.max(0.01, TraceStats.percentile(t.delaysByPlace[p], 50) / 1e3));
                }
            }
            XYSeries s = ch.addSeries(ho, x, y);
            s.setLineColor(Charts.colour(ho, c.handoffs()));
            s.setMarkerColor(Charts.colour(ho, c.handoffs()));
            any = true;
        }
        return any ? ch : null;
    }

    private static XYChart timeline(String handoff, Traces.Round r, double axisMs) {
        XYChart ch = Charts.xy(Charts.SMALL, 300, handoff, "ms since the round started", "miner");
        ch.getStyler().setXAxisMin(0.0);
        ch.getStyler().setXAxisMax(Math.max(1, Math.ceil(axisMs)));
        int n = r.coins();
        double[] mx = new double[n];
        double[] cx = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            mx[i] = (r.minedNs()[i] - r.startNs()) / 1e6;
            cx[i] = (r.cashedNs()[i] - r.startNs()) / 1e6;
            y[i] = r.miner()[i];
            XYSeries wait = ch.addSeries("wait " + i, new double[] {mx[i], cx[i]}, new double[] {y[i], y[i]});
            wait.setMarker(SeriesMarkers.NONE);
            wait.setLineColor(new Color(0xaaaaaa));
            wait.setShowInLegend(false);
        }
        // mined first, then the cash-in diamond over it, half transparent: a coin cashed at once
        // shows both, the circle's rim around the diamond
        XYSeries mined = ch.addSeries("mined", mx, y);
        mined.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        mined.setMarker(SeriesMarkers.CIRCLE);
        mined.setMarkerColor(new Color(0x1f77b4));
        XYSeries cashed = ch.addSeries("cashed", cx, y);
        cashed.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        cashed.setMarker(SeriesMarkers.DIAMOND);
        cashed.setMarkerColor(new Color(214, 39, 40, 170));
        return ch;
    }

    // ---------------------------------------------------------------- 4. order

    static void order(Report.Ctx c, Html h) {
        h.h2("order", "4. Question 2: coins in any order");
        h.p("Cash-in rank against mined rank, coin by coin, over the traced rounds of " + c.machineClause() + ": on the"
                + " diagonal a coin is cashed in the order it was mined. Kendall tau sums it up (1: exactly in mined order,"
                + " 0: no relation).");
        if (!c.traces().isEmpty()) {
            CategoryChart order = orderBars(c);
            if (order != null) {
                h.chart(order, "coins overtaken and Kendall tau per hand-off");
            }
            XYChart byMiner = Charts.xy(Charts.WIDE, 420, "Mean cash-in delay by miner id: miner order against any order (JVM parent)", "miner id",
                    "mean cash-in delay (µs, log)");
            Charts.logY(byMiner.getStyler());
            // miner order against any order: the two lines that show head-of-line blocking
            for (String ho : List.of("blocking", "epoll")) {
                TraceStats t = c.trace(ho, "jvm");
                if (t == null) {
                    continue;
                }
                double[] x = new double[t.meanDelayByMiner.length];
                double[] y = new double[x.length];
                for (int m = 0; m < x.length; m++) {
                    x[m] = m;
                    y[m] = Math.max(0.01, t.meanDelayByMiner[m] / 1e3);
                }
                XYSeries s = byMiner.addSeries(ho, x, y);
                s.setLineColor(Charts.colour(ho, c.handoffs()));
                s.setMarkerColor(Charts.colour(ho, c.handoffs()));
            }
            h.chart(byMiner, "mean cash-in delay by miner id");
        } else {
            h.p("Rank and per-miner charts: " + Fmt.NOT_MEASURED + " (no round traces).");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String ho : c.handoffs()) {
            for (String parent : c.parents(ho)) {
                TraceStats t = c.trace(ho, parent);
                rows.add(List.of(ho + " (" + label(parent) + ")",
                        Fmt.metric(c.round(ho, parent, "order.tau").orElse(null), 1, ""),
                        t == null ? Fmt.NOT_MEASURED : Fmt.percent((double) t.overtaken / t.coins),
                        t == null ? Fmt.NOT_MEASURED : Fmt.num(t.delayMinerCorrelation),
                        t == null ? Fmt.NOT_MEASURED : Fmt.num(t.unfairness())));
            }
        }
        h.table(List.of("hand-off", "Kendall tau (JMH)", "coins overtaken", "correlation of delay with miner id",
                "slowest miner's mean delay / fastest's"), rows);
        for (String s : orderVerdicts(c)) {
            h.verdict(s);
        }
    }

    /** The order section's computed sentences. */
    static List<String> orderVerdicts(Report.Ctx c) {
        List<String> out = new ArrayList<>();
        out.add("Order (" + c.machineClause() + "): " + c.say("order", TAU, c.roundSide("epoll", "epoll", "jvm", "order.tau"),
                c.roundSide("blocking", "blocking", "jvm", "order.tau")) + ".");
        TraceStats b = c.trace("blocking", "jvm");
        if (b != null) {
            double first = b.meanDelayByMiner[0];
            double last = b.meanDelayByMiner[b.meanDelayByMiner.length - 1];
            out.add("Head-of-line blocking in blocking: the parent reads miner 0, then 1, ... so a coin waits for every"
                    + " lower miner. Miner 0's coins waited " + Fmt.nanos(first) + " on average, miner "
                    + (b.meanDelayByMiner.length - 1) + "'s " + Fmt.nanos(last) + "; delay and miner id correlate at "
                    + Fmt.num(b.delayMinerCorrelation) + ", and " + Fmt.percent(b.overtakenDelayShare)
                    + " of all waiting was done by coins overtaken by later ones.");
        } else {
            out.add("Head-of-line blocking in blocking: " + Fmt.NOT_MEASURED + " (no trace of blocking).");
        }
        TraceStats e = c.trace("epoll", "jvm");
        if (e != null) {
            List<String> scans = new ArrayList<>();
            for (String ho : List.of("select", "poll")) {
                TraceStats t = c.trace(ho, "jvm");
                if (t != null) {
                    scans.add(ho + " " + Fmt.percent((double) t.overtaken / t.coins));
                }
            }
            if (!scans.isEmpty()) {
                out.add("Any order is not one order: coins overtaken by a coin mined later, " + String.join(", ", scans)
                        + " against epoll " + Fmt.percent((double) e.overtaken / e.coins) + ". select and poll report every"
                        + " ready descriptor and the parent takes them in descriptor order, so a low miner's newer coin goes"
                        + " before a high miner's older one; epoll hands back the ready list in the order the pipes became"
                        + " ready. (From the traced rounds only, not judged with an interval; the fairness column above"
                        + " moves several-fold between runs and is not a finding.)");
            }
        }
        out.add("What any order costs the parent: each coin must carry who mined it and for which round (the record's"
                + " header), and the parent keeps a per-miner slot to check each is cashed exactly once; that bookkeeping is"
                + " in every JVM figure here. Measured against reading in miner order: "
                + c.say("order", CPU, c.roundSide("epoll", "epoll", "jvm", "parentCpu"),
                c.roundSide("blocking", "blocking", "jvm", "parentCpu")) + "; "
                + c.say("order", MAKESPAN, c.roundSide("epoll", "epoll", "jvm", ""),
                c.roundSide("blocking", "blocking", "jvm", "")) + ".");
        return out;
    }

    /** Per hand-off (JVM parent): the share of coins overtaken (traces) and Kendall tau (every round); null without traces. */
    private static CategoryChart orderBars(Report.Ctx c) {
        List<String> x = new ArrayList<>();
        List<Double> over = new ArrayList<>();
        List<Double> tau = new ArrayList<>();
        for (String ho : c.handoffs()) {
            TraceStats t = c.trace(ho, "jvm");
            if (t == null) {
                continue;
            }
            x.add(ho);
            over.add((double) t.overtaken / t.coins);
            tau.add(c.round(ho, "jvm", "order.tau").map(Metric::score).orElse(0.0));
        }
        if (x.isEmpty()) {
            return null;
        }
        CategoryChart ch = Charts.bars(Charts.WIDE, 380, "Order: coins overtaken and Kendall tau (JVM parent)", "hand-off",
                "share of coins / tau");
        ch.addSeries("coins cashed after a coin mined later (share)", x, over);
        ch.addSeries("Kendall tau of cash-in against mined order (1 = mined order)", x, tau);
        return ch;
    }

    // ---------------------------------------------------------------- 5. faster

    static void faster(Report.Ctx c, Html h) {
        h.h2("faster", "5. Question 3: is non-blocking faster?");
        h.p("Faster can mean four things: a coin cashed sooner after it is mined (delay), the first coin sooner, the whole"
                + " round sooner (makespan), or more coins per second. And it has a price: the parent's CPU. All of them,"
                + " every hand-off, " + c.machineClause() + ".");
        if (!c.traces().isEmpty()) {
            XYChart cdf = Charts.xy(Charts.WIDE, 460, "Cash-in delay distribution (CDF), rounds, JVM parent",
                    "cash-in delay (µs, log)", "share of coins cashed within");
            Charts.logX(cdf.getStyler());
            for (String ho : c.handoffs()) {
                TraceStats t = c.trace(ho, "jvm");
                if (t == null) {
                    continue;
                }
                int n = t.delays.length;
                int step = Math.max(1, n / 400);
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int i = 0; i < n; i += step) {
                    x.add(Math.max(0.01, t.delays[i] / 1e3));
                    y.add((i + 1.0) / n);
                }
                x.add(Math.max(0.01, t.delays[n - 1] / 1e3));
                y.add(1.0);
                XYSeries s = cdf.addSeries(ho, x, y);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(Charts.colour(ho, c.handoffs()));
            }
            cdf.addAnnotation(new org.knowm.xchart.AnnotationLine(0.5, false, false));
            cdf.addAnnotation(new org.knowm.xchart.AnnotationLine(0.99, false, false));
            h.chart(cdf, "cash-in delay CDF per hand-off");
            h.note("The two grey lines mark the median (0.5) and the 99th percentile (0.99) of all traced coins.");
        } else {
            h.p("Delay distribution: " + Fmt.NOT_MEASURED + " (no round traces).");
        }
        XYChart price = priceOfSpeed(c);
        if (price != null) {
            h.chart(price, "parent CPU against median cash-in delay, per hand-off and parent");
        }
        h.open("div", "grid");
        for (Object[] chart : new Object[][] {{"firstCoin.p50", "Time to first coin", "ms"}, {"", "Makespan", "ms"},
                {"parentCpu", "Parent CPU over the makespan", "share of a core"}, {"delay.p50", "Median cash-in delay", "µs (log)"}}) {
            CategoryChart ch = jvmAndC(c, (String) chart[0], (String) chart[1], (String) chart[2]);
            if (ch != null) {
                h.chart(ch, (String) chart[1]);
            }
        }
        h.close("div");
        h.note("In these four charts each marker is the run's figure for a hand-off and parent; the faint dots beside"
                + " it are its iterations, one each (that iteration's median; for CPU its mean), left to right in the"
                + " order they ran, so the spread and any drift are there to see. The intervals are in the summary table.");
        h.h3("Verdicts, each computed from this run with its uncertainty");
        h.note("Each line compares the two hand-offs' figures, each the median (or 90th percentile) of every round, coin"
                + " or stream the run measured (for a cash-in delay the median of every coin, the rounds that mined the"
                + " same coins drawn together on both sides), with its 99% interval in brackets, and the ratio of the two with the"
                + " 99% interval of that ratio (how the intervals are made: section 1).");
        for (String[] pair : new String[][] {{"nonblocking", "blocking"}, {"epoll", "blocking"}, {"nonblocking", "epoll"}}) {
            h.raw("<p><b>" + Html.esc(pair[0] + " against " + pair[1]) + "</b> (JVM parent, " + Html.esc(c.machineClause())
                    + ")</p>\n");
            List<Judged> judged = fasterComparisons(c, pair[0], pair[1]);
            h.list(judged.stream().map(Judged::sentence).toList());
            h.verdict(fasterSummary(c, pair[0], pair[1], judged));
        }
    }

    /** One comparison per way of being faster, A against B, JVM parent (each recorded once). */
    static List<Judged> fasterComparisons(Report.Ctx c, String a, String b) {
        return fasterComparisons(c, "faster", a, b);
    }

    /** The same, recorded in verdicts.json under {@code section}. */
    static List<Judged> fasterComparisons(Report.Ctx c, String section, String a, String b) {
        List<Judged> out = new ArrayList<>();
        for (Way w : ways(c, a, b)) {
            out.add(new Judged(w.measure(), c.compare(section + ": " + a + " against " + b, w.measure(), w.a(), w.b())));
        }
        return out;
    }

    /** A measure and how A compared with B on it. */
    record Judged(Measure measure, Judge.Comparison comparison) {
        String sentence() {
            return Verdicts.sentence(measure, comparison);
        }
    }

    /** One sentence per way of being faster, A against B, JVM parent. */
    static List<String> fasterVerdicts(Report.Ctx c, String a, String b) {
        return fasterComparisons(c, a, b).stream().map(Judged::sentence).toList();
    }

    static String fasterSummary(Report.Ctx c, String a, String b) {
        return fasterSummary(c, a, b, fasterComparisons(c, a, b));
    }

    /** "nonblocking is faster than blocking in: ...; equivalent in: ...; undecided in: ...; worse in: ..." */
    static String fasterSummary(Report.Ctx c, String a, String b, List<Judged> judged) {
        List<String> better = new ArrayList<>();
        List<String> same = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> worse = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Judged j : judged) {
            String name = j.measure().name();
            switch (j.comparison().outcome()) {
                case BETTER -> better.add(name);
                case WORSE -> worse.add(name);
                case EQUIVALENT -> same.add(name);
                case UNDECIDED -> undecided.add(name + " (" + Verdicts.couldSee(j.comparison()) + ")");
                default -> missing.add(name);
            }
        }
        StringBuilder s = new StringBuilder("Is " + a + " faster than " + b + "? On " + c.machineClause() + ": ");
        s.append(better.isEmpty() ? "better in no measured way" : "better in " + String.join(", ", better));
        if (!same.isEmpty()) {
            s.append("; equivalent within ±").append(Fmt.percent(Judge.BAND)).append(" in ").append(String.join(", ", same));
        }
        if (!undecided.isEmpty()) {
            s.append("; undecided in ").append(String.join(", ", undecided));
        }
        s.append("; ").append(worse.isEmpty() ? "worse in none" : "worse in " + String.join(", ", worse));
        if (!missing.isEmpty()) {
            s.append("; ").append(Fmt.NOT_MEASURED).append(": ").append(String.join(", ", missing));
        }
        return s.append('.').toString();
    }

    /** One way of being faster: the measure, and A's and B's sides. */
    record Way(Measure measure, Judge.Side a, Judge.Side b) {
    }

    private static List<Way> ways(Report.Ctx c, String a, String b) {
        List<Way> w = new ArrayList<>();
        for (Object[] m : new Object[][] {{DELAY_P50, "delay.p50"}, {DELAY_P90, "delay.p90"}, {FIRST, "firstCoin.p50"},
                {MAKESPAN, ""}}) {
            w.add(new Way((Measure) m[0], c.roundSide(a, a, "jvm", (String) m[1]), c.roundSide(b, b, "jvm", (String) m[1])));
        }
        w.add(new Way(STREAM, c.streamSide(a, a, "jvm"), c.streamSide(b, b, "jvm")));
        w.add(new Way(PACED, c.pacedSide(a, a, "jvm", "latency.p50"), c.pacedSide(b, b, "jvm", "latency.p50")));
        w.add(new Way(CPU, c.roundSide(a, a, "jvm", "parentCpu"), c.roundSide(b, b, "jvm", "parentCpu")));
        return w;
    }

    /**
     * The price of speed at a glance: one labelled point per hand-off and parent, median cash-in
     * delay across, parent CPU up; null when nothing has both.
     */
    static XYChart priceOfSpeed(Report.Ctx c) {
        XYChart ch = Charts.xy(Charts.WIDE, 460, "The price of speed: parent CPU against median cash-in delay (rounds)",
                "median cash-in delay (µs, log)", "parent CPU (share of a core)");
        Charts.logX(ch.getStyler());
        ch.getStyler().setYAxisMin(0.0);
        boolean any = false;
        for (String parent : List.of("jvm", "native")) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String ho : c.handoffs()) {
                Metric d = c.round(ho, parent, "delay.p50").orElse(null);
                Metric cpu = c.round(ho, parent, "parentCpu").orElse(null);
                if (d == null || cpu == null || !(d.score() > 0)) {
                    continue;
                }
                x.add(d.score());
                y.add(cpu.score());
                ch.addAnnotation(new org.knowm.xchart.AnnotationText(ho, d.score(), cpu.score(), false));
            }
            if (!x.isEmpty()) {
                XYSeries s = ch.addSeries(label(parent) + " parent", x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(parent.equals("jvm") ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
                any = true;
            }
        }
        return any ? ch : null;
    }

    /**
     * Per hand-off, the JVM's and the C parent's figure as a marker among faint dots, one dot per
     * iteration (its own median, or mean for CPU) in the order the iterations ran: the spread and
     * any drift at a glance, where an error bar would hide both. Null when nothing was measured.
     */
    private static CategoryChart jvmAndC(Report.Ctx c, String metric, String title, String unit) {
        CategoryChart ch = Charts.bars(Charts.SMALL, 320, title + " (rounds)", "", unit);
        if (unit.contains("log")) {
            Charts.logY(ch.getStyler());
        } else {
            ch.getStyler().setYAxisMin(0.0);
        }
        List<String> x = new ArrayList<>();
        Map<String, Map<String, Double>> figure = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> dots = new LinkedHashMap<>();
        for (String parent : List.of("jvm", "native")) {
            figure.put(parent, new HashMap<>());
            dots.put(parent, new HashMap<>());
            for (String ho : c.handoffs()) {
                Optional<Metric> m = c.round(ho, parent, metric);
                if (m.isPresent()) {
                    if (!x.contains(ho)) {
                        x.add(ho);
                    }
                    figure.get(parent).put(ho, m.get().score());
                    dots.get(parent).put(ho, c.judge().iterations(c.roundSide(ho, ho, parent, metric)));
                }
            }
        }
        if (x.isEmpty()) {
            return null;
        }
        x.sort(java.util.Comparator.comparingInt(c.handoffs()::indexOf));
        for (String parent : List.of("jvm", "native")) {
            if (!figure.get(parent).isEmpty()) {
                Charts.dotPlot(ch, x, label(parent), Charts.colour(parent.equals("jvm") ? 0 : 1),
                        parent.equals("jvm") ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND, figure.get(parent),
                        dots.get(parent), unit.contains("log"));
            }
        }
        return ch;
    }

    static String label(String parent) {
        return parent.equals("jvm") ? "JVM" : parent.equals("native") ? "C" : parent;
    }
}

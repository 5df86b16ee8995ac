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
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** What the mechanisms cost: copies against shared memory, multiplexers as descriptors grow, spawning, the bogatyrs. */
final class Costs {
    /** The sleeping pipe hand-off and the sleeping ring the payload sweep compares. */
    static final String PIPE = "epoll";
    static final String SHM = "shm-futex";

    private Costs() {
    }

    // ---------------------------------------------------------------- 6. shared memory

    /** One point of the payload sweep: bytes of payload, cost per coin in us and bytes/s, with intervals. */
    record Point(long payload, Metric perCoinUs, Metric bytesPerS, Judge.Side coins, Judge.Side bytes) {
    }

    static List<Point> sweep(Report.Ctx c, String handoff) {
        List<Point> out = new ArrayList<>();
        for (JmhResult r : c.results().findAll("StreamBenchmark", Map.of("handoff", handoff, "parent", "jvm", "miners", "1"))) {
            Judge.Side coinsSide = new Judge.Side(handoff + " at " + Fmt.bytes(Long.parseLong(r.params().get("payload"))),
                    "StreamBenchmark", r.params(), "coins");
            Metric coins = c.judge().metric(coinsSide).orElse(null);
            if (coins == null || !(coins.score() > 0)) {
                continue;
            }
            // us per coin = 1e6 / (coins/s); the interval maps through the same reciprocal
            Metric per = new Metric(1e6 / coins.score(), Double.isNaN(coins.error()) ? Double.NaN
                    : (1e6 / coins.low() - 1e6 / coins.high()) / 2,
                    Double.isNaN(coins.high()) ? Double.NaN : 1e6 / coins.high(),
                    Double.isNaN(coins.low()) || coins.low() <= 0 ? Double.NaN : 1e6 / coins.low(), "us");
            Judge.Side bytesSide = new Judge.Side(handoff, "StreamBenchmark", r.params(), "bytes");
            Metric bytes = c.judge().metric(bytesSide).orElse(null);
            out.add(new Point(Long.parseLong(r.params().get("payload")), per, bytes, coinsSide, bytesSide));
        }
        out.sort((a, b) -> Long.compare(a.payload(), b.payload()));
        return out;
    }

    static void sharedMemory(Report.Ctx c, Html h) {
        h.h2("shm", "6. TODO 2: what does shared memory save?");
        h.p("A pipe copies every coin twice (miner to kernel, kernel to parent) and costs a system call on each side; a"
                + " shared-memory ring is written in place and read where it lies. One miner streams coins with a growing"
                + " payload to the JVM parent through " + PIPE + " (a pipe, the parent sleeping in epoll_wait) and " + SHM
                + " (a ring, the parent sleeping on a futex); every payload is checksummed by the miner and verified by"
                + " the parent, so both read every byte. Measured on " + c.coresClause() + ".");
        List<Point> pipe = sweep(c, PIPE);
        List<Point> shm = sweep(c, SHM);
        if (pipe.isEmpty() || shm.isEmpty()) {
            h.verdict("Copy cost against payload size: " + Fmt.NOT_MEASURED + " (the quick or full profile's StreamBenchmark"
                    + " with 1 miner, " + PIPE + " and " + SHM + ").");
        } else {
            XYChart cost = Charts.xy(Charts.WIDE, 440, "Cost per coin against payload, 1 miner, JVM parent",
                    "payload bytes (log)", "µs per coin (log)");
            XYChart rate = Charts.xy(Charts.WIDE, 440, "Bytes per second against payload, 1 miner, JVM parent",
                    "payload bytes (log)", "GB/s");
            Charts.logX(cost.getStyler());
            Charts.logY(cost.getStyler());
            Charts.logX(rate.getStyler());
            rate.getStyler().setYAxisMin(0.0);
            for (var e : Map.of(PIPE + " (pipe)", pipe, SHM + " (shared memory)", shm).entrySet()) {
                List<Point> pts = e.getValue();
                double[] x = pts.stream().mapToDouble(p -> Math.max(64, p.payload())).toArray();
                double[] y = pts.stream().mapToDouble(p -> p.perCoinUs().score()).toArray();
                Color col = Charts.colour(e.getKey().startsWith(PIPE) ? PIPE : SHM, c.handoffs());
                XYSeries cs = cost.addSeries(e.getKey(), x, y);
                double[] g = pts.stream().mapToDouble(p -> p.bytesPerS() == null ? 0 : p.bytesPerS().score() / 1e9).toArray();
                XYSeries rs = rate.addSeries(e.getKey(), x, g);
                for (XYSeries s : List.of(cs, rs)) {
                    s.setLineColor(col);
                    s.setMarkerColor(col);
                }
                // every iteration as a faint dot: its cost per coin, its bytes per second
                Map<Double, List<Double>> costs = new LinkedHashMap<>();
                Map<Double, List<Double>> rates = new LinkedHashMap<>();
                for (Point p : pts) {
                    double at = Math.max(64, p.payload());
                    costs.put(at, c.judge().iterations(p.coins()).stream().filter(v -> v > 0).map(v -> 1e6 / v).toList());
                    rates.put(at, c.judge().iterations(p.bytes()).stream().map(v -> v / 1e9).toList());
                }
                Charts.iterationDots(cost, e.getKey(), col, costs);
                Charts.iterationDots(rate, e.getKey(), col, rates);
            }
            h.chart(cost, "cost per coin against payload size");
            h.chart(rate, "bytes per second against payload size");
            h.note("A payload of 0 is drawn at 64 bytes on the log axis. The coin itself is 128 bytes besides the payload."
                    + " The faint dots are the iterations, one each; the line joins the run's figures.");
            List<List<String>> rows = new ArrayList<>();
            for (Point p : pipe) {
                Point s = shm.stream().filter(q -> q.payload() == p.payload()).findFirst().orElse(null);
                String said = "";
                if (s != null) {
                    Judge.Comparison cmp = c.compare("shm", PER_COIN, s.coins(), p.coins());
                    said = describe(cmp) + ": cost ratio " + Fmt.num(1 / cmp.ratio()) + (Double.isNaN(cmp.low()) ? ""
                            : " [" + Fmt.num(1 / cmp.high()) + ", " + Fmt.num(1 / cmp.low()) + "]");
                }
                rows.add(List.of(Fmt.bytes(p.payload()), Fmt.metric(p.perCoinUs()), s == null ? Fmt.NOT_MEASURED
                        : Fmt.metric(s.perCoinUs()), Fmt.metric(p.bytesPerS(), 1e-9, "GB/s"),
                        s == null ? Fmt.NOT_MEASURED : Fmt.metric(s.bytesPerS(), 1e-9, "GB/s"), said));
            }
            h.table(List.of("payload", PIPE + " per coin", SHM + " per coin", PIPE + " bytes/s", SHM + " bytes/s",
                    "shared memory against pipe"), rows);
            h.verdict(crossover(c, pipe, shm) + " (" + c.coresClause() + ")");
        }
        h.h3("What shared memory saves in delay");
        List<String> s = new ArrayList<>();
        s.add("With a spinning parent, " + c.say("shm", Questions.PACED, c.pacedSide("shm-spin", "shm-spin", "jvm",
                "latency.p50"), c.pacedSide("nonblocking", "nonblocking", "jvm", "latency.p50")));
        s.add("With a sleeping parent, " + c.say("shm", Questions.PACED, c.pacedSide(SHM, SHM, "jvm", "latency.p50"),
                c.pacedSide(PIPE, PIPE, "jvm", "latency.p50")));
        s.add("Small coins, " + c.streamShape() + ": " + c.say("shm", Questions.STREAM, c.streamSide("shm-spin", "shm-spin", "jvm"),
                c.streamSide("nonblocking", "nonblocking", "jvm")));
        h.list(s);
        h.note("The paced figures are one miner handing off one coin every 100 µs, so nothing queues: what is left is the"
                + " hand-off itself. A sleeping parent pays for its wake-up whatever carries the coin.");
    }

    /** Coins per second, judged as the cost of a coin: more coins a second is cheaper. */
    static final Measure PER_COIN = new Measure("coins per second, 1 miner", 1e-6, "M coins/s", false, "cheaper per coin",
            "dearer per coin");

    /**
     * Where shared memory becomes cheaper per coin than the pipe, with its interval: in every
     * bootstrap replicate, the payload from which on the ring's cost per coin stays below the
     * pipe's at every larger payload measured, placed between the two payloads around it by
     * interpolating the log of the cost ratio against the log of the payload (0 is drawn at 64
     * bytes). A replicate with the ring dearer at the largest payload has no crossover in range.
     */
    static String crossover(Report.Ctx c, List<Point> pipe, List<Point> shm) {
        List<Point[]> both = new ArrayList<>();
        for (Point p : pipe) {
            for (Point s : shm) {
                if (s.payload() == p.payload()) {
                    both.add(new Point[] {p, s});
                }
            }
        }
        if (both.size() < 2) {
            return "Crossover: " + Fmt.NOT_MEASURED + " (fewer than two payloads measured in both)";
        }
        int n = both.size();
        double[][] ratio = new double[n][]; // shm cost over pipe cost = pipe coins/s over shm coins/s
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double[] rp = c.judge().replicates(both.get(i)[0].coins()).orElse(null);
            double[] rs = c.judge().replicates(both.get(i)[1].coins()).orElse(null);
            if (rp == null || rs == null || rp.length < 2 || rs.length < 2) {
                return "Crossover: undecided (no samples to place it with)";
            }
            ratio[i] = new double[Math.min(rp.length, rs.length)];
            for (int b = 0; b < ratio[i].length; b++) {
                ratio[i][b] = rp[b] / rs[b];
            }
            x[i] = Math.log(Math.max(64, both.get(i)[0].payload()));
        }
        int reps = ratio[0].length;
        double[] cross = new double[reps];
        int none = 0;
        int below = 0;
        for (int b = 0; b < reps; b++) {
            int from = n;
            while (from > 0 && ratio[from - 1][b] < 1) {
                from--;
            }
            if (from == n) {
                cross[b] = Double.POSITIVE_INFINITY;
                none++;
            } else if (from == 0) {
                cross[b] = Double.NEGATIVE_INFINITY;
                below++;
            } else {
                double l0 = Math.log(ratio[from - 1][b]);
                double l1 = Math.log(ratio[from][b]);
                double f = l0 == l1 ? 0.5 : l0 / (l0 - l1);
                cross[b] = Math.exp(x[from - 1] + f * (x[from] - x[from - 1]));
            }
        }
        double[] ci = Bootstrap.interval(cross);
        long smallest = both.get(0)[0].payload();
        long largest = both.get(n - 1)[0].payload();
        String range = " between " + Fmt.bytes(smallest) + " and " + Fmt.bytes(largest);
        List<String> shares = new ArrayList<>();
        if (none > 0) {
            shares.add("in " + Fmt.percent((double) none / reps) + " of the bootstrap replicates the ring was not cheaper at "
                    + Fmt.bytes(largest));
        }
        if (below > 0) {
            shares.add("in " + Fmt.percent((double) below / reps) + (shares.isEmpty() ? " of the bootstrap replicates" : "")
                    + " it was cheaper already at " + Fmt.bytes(smallest));
        }
        String share = shares.isEmpty() ? "" : " (" + String.join(", ", shares) + ")";
        Judge.Side a = new Judge.Side(SHM, "StreamBenchmark", Map.of("handoff", SHM, "miners", "1"), "coins");
        Judge.Side b = new Judge.Side(PIPE, "StreamBenchmark", Map.of("handoff", PIPE, "miners", "1"), "coins");
        if (ci[0] == Double.POSITIVE_INFINITY) {
            c.judge().record(new Judge.Comparison("shm", "crossover payload, bytes", a, b, null, null, "crossover",
                    Double.POSITIVE_INFINITY, ci[0], ci[1], "bootstrap of the payload sweep", Judge.Outcome.WORSE, PIPE,
                    Double.NaN));
            return "Crossover: none in this run's range: shared memory is not cheaper per coin than the pipe at "
                    + Fmt.bytes(largest) + " in at least 99.5% of the bootstrap replicates";
        }
        boolean decided = Double.isFinite(ci[0]) && Double.isFinite(ci[1]);
        double mid = Bootstrap.quantile(cross.clone(), 50);
        c.judge().record(new Judge.Comparison("shm", "crossover payload, bytes", a, b, null, null, "crossover", mid,
                ci[0], ci[1], "bootstrap of the payload sweep", decided ? Judge.Outcome.BETTER : Judge.Outcome.UNDECIDED,
                decided ? SHM : null, Double.NaN));
        if (decided) {
            return "Crossover: shared memory becomes cheaper per coin than the pipe at about " + bytes(mid)
                    + " of payload, 99% interval " + bytes(ci[0]) + " to " + bytes(ci[1]) + share;
        }
        return "Crossover: undecided" + range + ": its 99% interval runs from "
                + (Double.isFinite(ci[0]) ? bytes(ci[0]) : "below " + Fmt.bytes(smallest)) + " to "
                + (Double.isFinite(ci[1]) ? bytes(ci[1]) : "beyond " + Fmt.bytes(largest)) + share;
    }

    private static String bytes(double b) {
        return b >= 1 << 20 ? Fmt.num(b / (1 << 20)) + " MiB" : b >= 1024 ? Fmt.num(b / 1024) + " KiB" : Fmt.num(b) + " B";
    }

    /** Shared memory against the pipe at one payload, in words. */
    private static String describe(Judge.Comparison c) {
        return switch (c.outcome()) {
            case BETTER -> "cheaper";
            case WORSE -> "dearer";
            case EQUIVALENT -> "equivalent";
            case UNDECIDED -> "undecided (" + Verdicts.couldSee(c) + ")";
            case NOT_MEASURED -> Fmt.NOT_MEASURED;
        };
    }

    // ---------------------------------------------------------------- 7. multiplexers and spawn

    static void multiplexersAndSpawn(Report.Ctx c, Html h) {
        h.h2("multiplexers", "7. Multiplexers and spawning");
        h.p("Cost of one round of 4 active miners as the watched descriptors grow: select and poll hand the kernel the whole"
                + " set on every call, epoll and io_uring registered it once. Measured on " + c.coresClause() + ".");
        List<JmhResult> mux = c.results().findAll("MultiplexerBenchmark", Map.of("idle", "watched"));
        if (mux.isEmpty()) {
            h.verdict("Multiplexer scaling: " + Fmt.NOT_MEASURED + ".");
        } else {
            XYChart ch = Charts.xy(Charts.WIDE, 420, "Cost per round of 4 coins against watched descriptors",
                    "watched descriptors (log)", "µs per round");
            Charts.logX(ch.getStyler());
            ch.getStyler().setYAxisMin(0.0);
            List<String> sentences = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            Measure cost = new Measure("cost per round of 4 coins", 1, "us", true, "cheaper", "dearer");
            String top = null;
            for (String ho : c.results().values("MultiplexerBenchmark", "handoff")) {
                List<JmhResult> rs = new ArrayList<>(c.results().findAll("MultiplexerBenchmark", Map.of("idle", "watched",
                        "handoff", ho)));
                rs.sort((a, b) -> Integer.compare(Integer.parseInt(a.params().get("miners")),
                        Integer.parseInt(b.params().get("miners"))));
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (JmhResult r : rs) {
                    Metric m = c.judge().metric(muxSide(r)).orElse(r.primary());
                    x.add(Double.parseDouble(r.params().get("miners")));
                    y.add(m.score());
                    rows.add(List.of(ho, r.params().get("miners"), Fmt.metric(m), Fmt.metric(threadCpu(r), 1, "")));
                }
                // the intervals are in the table: error bars of the cheap points would swamp the curve
                XYSeries s = ch.addSeries(ho, x, y);
                s.setLineColor(Charts.colour(ho, c.handoffs()));
                s.setMarkerColor(Charts.colour(ho, c.handoffs()));
                // every iteration's median as a faint dot beside the point
                Map<Double, List<Double>> its = new LinkedHashMap<>();
                for (JmhResult r : rs) {
                    its.put(Double.parseDouble(r.params().get("miners")), c.judge().iterations(muxSide(r)));
                }
                Charts.iterationDots(ch, ho, Charts.colour(ho, c.handoffs()), its);
                if (rs.size() >= 2) {
                    JmhResult lo = rs.get(0);
                    JmhResult hi = rs.get(rs.size() - 1);
                    top = hi.params().get("miners");
                    Judge.Comparison g = c.compare("multiplexers: growth", cost, muxSide(hi), muxSide(lo));
                    String grows = switch (g.outcome()) {
                        case WORSE -> "grows";
                        case BETTER -> "falls";
                        case EQUIVALENT -> "flat: equivalent within ±" + Fmt.percent(Judge.BAND);
                        default -> "undecided (this run " + Verdicts.couldSee(g) + ")";
                    };
                    sentences.add(ho + ": " + Verdicts.figure(g.eb(), cost) + " with " + lo.params().get("miners")
                            + " watched, " + Verdicts.figure(g.ea(), cost) + " with " + hi.params().get("miners") + ": "
                            + Verdicts.ratio(g) + ", " + grows);
                }
            }
            if (top != null) {
                for (String scan : List.of("select", "poll")) {
                    for (String reg : List.of("epoll", "io_uring")) {
                        Optional<JmhResult> a = c.results().find("MultiplexerBenchmark", Map.of("idle", "watched",
                                "handoff", scan, "miners", top));
                        Optional<JmhResult> b = c.results().find("MultiplexerBenchmark", Map.of("idle", "watched",
                                "handoff", reg, "miners", top));
                        if (a.isPresent() && b.isPresent()) {
                            sentences.add("With " + top + " watched, " + c.say("multiplexers: at the most watched", cost,
                                    muxSide(a.get()), muxSide(b.get())));
                        }
                    }
                }
            }
            h.chart(ch, "multiplexer cost against watched descriptors");
            h.note("A line joins each multiplexer's medians of every round the run measured; the faint dots beside"
                    + " them are each iteration's own median, so drift between iterations shows where it is.");
            h.table(List.of("multiplexer", "watched", "cost per round", "parent thread CPU"), rows);
            h.list(sentences);
        }
        h.h3("Spawning a miner: the lab's fork, from the JVM and from C");
        List<JmhResult> spawn = c.results().findAll("SpawnBenchmark", Map.of());
        if (spawn.isEmpty()) {
            h.verdict("Spawn costs: " + Fmt.NOT_MEASURED + ".");
            return;
        }
        CategoryChart ch = Charts.bars(Charts.WIDE, 380, "Spawn and reap one child", "", "µs per spawn");
        List<String> x = new ArrayList<>();
        Map<String, Double> y = new HashMap<>();
        Map<String, List<Double>> its = new HashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (JmhResult r : spawn) {
            String name = r.params().getOrDefault("spawner", r.key());
            Judge.Side side = new Judge.Side(name, "SpawnBenchmark", r.params(), "");
            Metric m = c.judge().metric(side).orElse(r.primary());
            x.add(name);
            y.put(name, m.score());
            its.put(name, c.judge().iterations(side));
            rows.add(List.of(name, Fmt.metric(m)));
        }
        Charts.dotPlot(ch, x, "spawn + reap", Charts.colour(0),
                org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE, y, its, false);
        ch.getStyler().setLegendVisible(false);
        ch.getStyler().setXAxisLabelRotation(0);
        ch.getStyler().setYAxisMin(0.0);
        h.chart(ch, "spawn costs");
        h.note("Each marker is the spawner's figure; the faint dots beside it are its iterations, left to right in the"
                + " order they ran.");
        h.table(List.of("spawner", "per spawn + reap"), rows);
        h.verdict("Spawning from the JVM: " + c.say("spawn", new Measure("spawn + reap", 1, "us", true, "cheaper", "dearer"),
                new Judge.Side("posix_spawn from the JVM", "SpawnBenchmark", Map.of("spawner", "jvm-posix_spawn"), ""),
                new Judge.Side("fork in C", "SpawnBenchmark", Map.of("spawner", "c-fork"), "")) + " (" + c.coresClause()
                + "). Spawning is never inside a measured round: miners live for a whole trial.");
    }

    private static Judge.Side muxSide(JmhResult r) {
        return new Judge.Side(r.params().get("handoff") + ", " + r.params().get("miners") + " watched",
                "MultiplexerBenchmark", r.params(), "");
    }

    /**
     * A multiplexer round's CPU over its makespan: the calling thread's, {@code parentThreadCpu}
     * (RoundBenchmark's {@code parentCpu} is the process's); a run from before that name gave it as
     * {@code parentCpu}, and its JSON still fills the column.
     */
    private static Metric threadCpu(JmhResult r) {
        Metric m = r.secondary().get("parentThreadCpu");
        return m != null ? m : r.secondary().get("parentCpu");
    }

    // ---------------------------------------------------------------- 8. bogatyrs

    static final Measure LAST_LETTER = new Measure("to the last letter", 1, "ms", true, "sooner", "later");

    /** The iterations of each bogatyrs point as faint dots, the series and they in the series' own colour. */
    private static void dots(Report.Ctx c, XYChart ch, XYSeries series, List<JmhResult> points, String metric) {
        Color col = Charts.colour(ch.getSeriesMap().size() - 1); // the series just added
        series.setLineColor(col);
        series.setMarkerColor(col);
        Map<Double, List<Double>> its = new LinkedHashMap<>();
        for (JmhResult r : points) {
            its.put(Double.parseDouble(r.params().get("count")), c.judge().iterations(bogSide(r, metric)));
        }
        Charts.iterationDots(ch, series.getName(), col, its);
    }

    private static Judge.Side bogSide(JmhResult r, String metric) {
        return new Judge.Side(r.params().get("transport") + ", " + r.params().get("count"), "BogatyrsBenchmark",
                r.params(), metric);
    }

    static void bogatyrs(Report.Ctx c, Html h) {
        h.h2("bogatyrs", "8. The 33 bogatyrs: agreement with no leader");
        List<JmhResult> rs = c.results().findAll("BogatyrsBenchmark", Map.of());
        if (rs.isEmpty()) {
            h.verdict("Time to agreement and to the last letter: " + Fmt.NOT_MEASURED + " (BogatyrsBenchmark).");
            return;
        }
        h.p("N bogatyr processes share out the letters of a text with no conductor, then speak it in order, each letter by"
                + " its owner after hearing the one before. Time from the start of a run to agreement and to the last"
                + " letter heard, per transport, on " + c.coresClause() + ".");
        XYChart ch = Charts.xy(Charts.WIDE, 420, "Bogatyrs: time to agreement and to the last letter", "bogatyrs (log)",
                "ms");
        Charts.logX(ch.getStyler());
        List<List<String>> rows = new ArrayList<>();
        for (String transport : c.results().values("BogatyrsBenchmark", "transport")) {
            List<JmhResult> t = new ArrayList<>(c.results().findAll("BogatyrsBenchmark", Map.of("transport", transport)));
            t.sort((a, b) -> Integer.compare(Integer.parseInt(a.params().get("count")), Integer.parseInt(b.params().get("count"))));
            double[] x = t.stream().mapToDouble(r -> Double.parseDouble(r.params().get("count"))).toArray();
            List<Metric> last = t.stream().map(r -> c.judge().metric(bogSide(r, "")).orElse(r.primary())).toList();
            List<Metric> agree = t.stream().map(r -> c.judge().metric(bogSide(r, "agreement")).orElse(null)).toList();
            // the intervals are in the table; every iteration is a faint dot beside its point
            XYSeries ls = ch.addSeries(transport + ", last letter", x, last.stream().mapToDouble(Metric::score).toArray());
            dots(c, ch, ls, t, "");
            if (agree.stream().allMatch(java.util.Objects::nonNull)) {
                XYSeries as = ch.addSeries(transport + ", agreement", x, agree.stream().mapToDouble(Metric::score).toArray());
                dots(c, ch, as, t, "agreement");
            }
            for (int i = 0; i < t.size(); i++) {
                rows.add(List.of(transport, t.get(i).params().get("count"), Fmt.metric(agree.get(i), 1, "ms"),
                        Fmt.metric(last.get(i))));
            }
        }
        h.chart(ch, "bogatyrs time to agreement and last letter");
        h.note("The faint dots are the iterations, one each; the lines join the run's figures, their intervals in the table.");
        h.table(List.of("transport", "bogatyrs", "time to agreement", "time to the last letter"), rows);
        List<String> said = new ArrayList<>();
        for (String transport : c.results().values("BogatyrsBenchmark", "transport")) {
            List<JmhResult> t = new ArrayList<>(c.results().findAll("BogatyrsBenchmark", Map.of("transport", transport)));
            t.sort((a, b) -> Integer.compare(Integer.parseInt(a.params().get("count")), Integer.parseInt(b.params().get("count"))));
            if (t.size() >= 2) {
                JmhResult lo = t.get(0);
                JmhResult hi = t.get(t.size() - 1);
                Judge.Side hs = bogSide(hi, "");
                Judge.Side ls = bogSide(lo, "");
                said.add(transport + ": " + c.say("bogatyrs", LAST_LETTER, new Judge.Side(hi.params().get("count")
                        + " bogatyrs", hs.benchmark(), hs.params(), ""), new Judge.Side(lo.params().get("count")
                        + " bogatyrs", ls.benchmark(), ls.params(), "")) + " (for "
                        + Fmt.num(Double.parseDouble(hi.params().get("count")) / Double.parseDouble(lo.params().get("count")))
                        + "x the bogatyrs)");
            }
        }
        String n = c.results().values("BogatyrsBenchmark", "count").contains("33") ? "33" : null;
        if (n != null) {
            said.add("Pipes against shared memory at " + n + " bogatyrs: " + c.say("bogatyrs", LAST_LETTER,
                    new Judge.Side("shm", "BogatyrsBenchmark", Map.of("count", n, "transport", "shm"), ""),
                    new Judge.Side("pipe", "BogatyrsBenchmark", Map.of("count", n, "transport", "pipe"), "")));
        }
        h.list(said);
        h.note("Every bogatyr is a process: " + (c.cores() > 0 ? "on " + c.cores() + " cores" : "here")
                + " a run of N bogatyrs is mostly the scheduler passing the turn around N processes.");
    }
}

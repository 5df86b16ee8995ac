package io.chaching.report;

import io.chaching.report.JmhResult.Metric;
import io.chaching.report.Verdicts.Measure;
import io.chaching.report.Verdicts.Outcome;
import java.util.ArrayList;
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

    /** One point of the payload sweep: bytes of payload, cost per coin in us with its error. */
    record Point(long payload, Metric perCoinUs, Metric bytesPerS) {
    }

    static List<Point> sweep(Report.Ctx c, String handoff) {
        List<Point> out = new ArrayList<>();
        for (JmhResult r : c.results().findAll("StreamBenchmark", Map.of("handoff", handoff, "parent", "jvm", "miners", "1"))) {
            Metric coins = r.secondary().get("coins");
            if (coins == null || !(coins.score() > 0)) {
                continue;
            }
            // us per coin = 1e6 / (coins/s); the interval maps through the same reciprocal
            Metric per = new Metric(1e6 / coins.score(), Double.isNaN(coins.error()) ? Double.NaN
                    : 1e6 / coins.score() * coins.error() / coins.score(),
                    Double.isNaN(coins.high()) ? Double.NaN : 1e6 / coins.high(),
                    Double.isNaN(coins.low()) || coins.low() <= 0 ? Double.NaN : 1e6 / coins.low(), "us");
            out.add(new Point(Long.parseLong(r.params().get("payload")), per, r.secondary().get("bytes")));
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
                    "payload bytes (log)", "us per coin (log)");
            XYChart rate = Charts.xy(Charts.WIDE, 440, "Bytes per second against payload, 1 miner, JVM parent",
                    "payload bytes (log)", "GB/s");
            cost.getStyler().setXAxisLogarithmic(true);
            cost.getStyler().setYAxisLogarithmic(true);
            rate.getStyler().setXAxisLogarithmic(true);
            rate.getStyler().setYAxisMin(0.0);
            for (var e : Map.of(PIPE + " (pipe)", pipe, SHM + " (shared memory)", shm).entrySet()) {
                List<Point> pts = e.getValue();
                double[] x = pts.stream().mapToDouble(p -> Math.max(64, p.payload())).toArray();
                double[] y = pts.stream().mapToDouble(p -> p.perCoinUs().score()).toArray();
                cost.addSeries(e.getKey(), x, y);
                double[] g = pts.stream().mapToDouble(p -> p.bytesPerS() == null ? 0 : p.bytesPerS().score() / 1e9).toArray();
                double[] ge = pts.stream().mapToDouble(p -> p.bytesPerS() == null || Double.isNaN(p.bytesPerS().error()) ? 0
                        : p.bytesPerS().error() / 1e9).toArray();
                rate.addSeries(e.getKey(), x, g, ge);
            }
            h.image(Charts.png(cost), "cost per coin against payload size");
            h.image(Charts.png(rate), "bytes per second against payload size");
            h.note("A payload of 0 is drawn at 64 bytes on the log axis. The coin itself is 128 bytes besides the payload.");
            List<List<String>> rows = new ArrayList<>();
            for (Point p : pipe) {
                Point s = shm.stream().filter(q -> q.payload() == p.payload()).findFirst().orElse(null);
                rows.add(List.of(Fmt.bytes(p.payload()), Fmt.metric(p.perCoinUs()), s == null ? Fmt.NOT_MEASURED
                        : Fmt.metric(s.perCoinUs()), Fmt.metric(p.bytesPerS(), 1e-9, "GB/s"),
                        s == null ? Fmt.NOT_MEASURED : Fmt.metric(s.bytesPerS(), 1e-9, "GB/s"),
                        s == null ? "" : describe(Verdicts.compare(s.perCoinUs(), p.perCoinUs(), true))));
            }
            h.table(List.of("payload", PIPE + " us/coin", SHM + " us/coin", PIPE + " GB/s", SHM + " GB/s",
                    "shared memory against pipe"), rows);
            h.verdict(crossover(pipe, shm) + " (" + c.coresClause() + ")");
        }
        h.h3("What shared memory saves in delay");
        List<String> s = new ArrayList<>();
        s.add("With a spinning parent, " + Verdicts.sentence(Questions.PACED, "shm-spin", c.paced("shm-spin", "jvm",
                "latency.p50").orElse(null), "nonblocking", c.paced("nonblocking", "jvm", "latency.p50").orElse(null)));
        s.add("With a sleeping parent, " + Verdicts.sentence(Questions.PACED, SHM, c.paced(SHM, "jvm", "latency.p50")
                .orElse(null), PIPE, c.paced(PIPE, "jvm", "latency.p50").orElse(null)));
        s.add("Small coins, 4 miners: " + Verdicts.sentence(Questions.STREAM, "shm-spin", c.stream("shm-spin", "jvm")
                .orElse(null), "nonblocking", c.stream("nonblocking", "jvm").orElse(null)));
        h.list(s);
        h.note("The paced figures are one miner handing off one coin every 100 us, so nothing queues: what is left is the"
                + " hand-off itself. A sleeping parent pays for its wake-up whatever carries the coin.");
    }

    /**
     * Where shared memory becomes cheaper per coin than the pipe: the smallest measured payload from
     * which on it is cheaper with disjoint intervals at every larger payload measured.
     */
    static String crossover(List<Point> pipe, List<Point> shm) {
        List<Long> both = new ArrayList<>();
        List<Outcome> outcome = new ArrayList<>();
        for (Point p : pipe) {
            for (Point s : shm) {
                if (s.payload() == p.payload()) {
                    both.add(p.payload());
                    outcome.add(Verdicts.compare(s.perCoinUs(), p.perCoinUs(), true));
                }
            }
        }
        if (both.isEmpty()) {
            return "Crossover: " + Fmt.NOT_MEASURED + " (no payload measured in both)";
        }
        int from = both.size();
        while (from > 0 && outcome.get(from - 1) == Outcome.BETTER) {
            from--;
        }
        if (from == both.size()) {
            List<String> each = new ArrayList<>();
            for (int i = 0; i < both.size(); i++) {
                each.add(Fmt.bytes(both.get(i)) + " " + describe(outcome.get(i)));
            }
            return "Crossover: shared memory is not measurably cheaper per coin than the pipe at the largest payload"
                    + " measured (" + Fmt.bytes(both.get(both.size() - 1)) + "), so no crossover in this run's range ("
                    + String.join(", ", each) + ")";
        }
        if (from == 0) {
            return "Crossover: shared memory is cheaper per coin than the pipe at every payload measured, from "
                    + Fmt.bytes(both.get(0)) + " up (intervals disjoint), so the crossover lies below the smallest payload";
        }
        return "Crossover: shared memory is cheaper per coin than the pipe from " + Fmt.bytes(both.get(from))
                + " of payload up (intervals disjoint at every larger payload measured); at "
                + Fmt.bytes(both.get(from - 1)) + " it was " + describe(outcome.get(from - 1))
                + ", so the crossover lies between the two";
    }

    /** Shared memory against the pipe at one payload, in words. */
    private static String describe(Outcome o) {
        return switch (o) {
            case BETTER -> "cheaper";
            case WORSE -> "dearer";
            case SAME_WITHIN_ERROR -> "not distinguishable";
            case NO_ERROR -> "no error to judge by";
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
                    "watched descriptors (log)", "us per round");
            ch.getStyler().setXAxisLogarithmic(true);
            ch.getStyler().setYAxisMin(0.0);
            List<String> sentences = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (String ho : c.results().values("MultiplexerBenchmark", "handoff")) {
                List<JmhResult> rs = new ArrayList<>(c.results().findAll("MultiplexerBenchmark", Map.of("idle", "watched",
                        "handoff", ho)));
                rs.sort((a, b) -> Integer.compare(Integer.parseInt(a.params().get("miners")),
                        Integer.parseInt(b.params().get("miners"))));
                double[] x = rs.stream().mapToDouble(r -> Double.parseDouble(r.params().get("miners"))).toArray();
                double[] y = rs.stream().mapToDouble(JmhResult::score).toArray();
                double[] e = rs.stream().mapToDouble(r -> Double.isNaN(r.error()) ? 0 : r.error()).toArray();
                XYSeries s = ch.addSeries(ho, x, y, e);
                s.setLineColor(Charts.colour(ho, c.handoffs()));
                s.setMarkerColor(Charts.colour(ho, c.handoffs()));
                for (JmhResult r : rs) {
                    rows.add(List.of(ho, r.params().get("miners"), Fmt.metric(r.primary()),
                            Fmt.metric(r.secondary().get("parentCpu"), 1, "")));
                }
                if (rs.size() >= 2) {
                    JmhResult lo = rs.get(0);
                    JmhResult hi = rs.get(rs.size() - 1);
                    Outcome o = Verdicts.compare(hi.primary(), lo.primary(), true);
                    sentences.add(ho + ": " + Fmt.metric(lo.primary()) + " with " + lo.params().get("miners") + " watched, "
                            + Fmt.metric(hi.primary()) + " with " + hi.params().get("miners") + " (" + Fmt.num(hi.score()
                            / lo.score()) + "x; " + (o == Outcome.WORSE ? "a growth outside the noise"
                            : "no growth this run can show") + ")");
                }
            }
            h.image(Charts.png(ch), "multiplexer cost against watched descriptors");
            h.table(List.of("multiplexer", "watched", "us per round", "parent CPU"), rows);
            h.list(sentences);
        }
        h.h3("Spawning a miner: the lab's fork, from the JVM and from C");
        List<JmhResult> spawn = c.results().findAll("SpawnBenchmark", Map.of());
        if (spawn.isEmpty()) {
            h.verdict("Spawn costs: " + Fmt.NOT_MEASURED + ".");
            return;
        }
        CategoryChart ch = Charts.bars(Charts.WIDE, 380, "Spawn and reap one child", "", "us per spawn");
        List<String> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> e = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (JmhResult r : spawn) {
            String name = r.params().getOrDefault("spawner", r.key());
            x.add(name);
            y.add(r.score());
            e.add(Double.isNaN(r.error()) ? 0 : r.error());
            rows.add(List.of(name, Fmt.metric(r.primary())));
        }
        ch.addSeries("spawn + reap", x, y, e);
        ch.getStyler().setLegendVisible(false);
        ch.getStyler().setXAxisLabelRotation(0);
        ch.getStyler().setYAxisMin(0.0);
        h.image(Charts.png(ch), "spawn costs");
        h.table(List.of("spawner", "per spawn + reap"), rows);
        Optional<JmhResult> jvm = c.results().find("SpawnBenchmark", Map.of("spawner", "jvm-posix_spawn"));
        Optional<JmhResult> cfork = c.results().find("SpawnBenchmark", Map.of("spawner", "c-fork"));
        h.verdict("Spawning from the JVM: " + Verdicts.sentence(new Measure("spawn + reap", 1, "us", true, "cheaper", "dearer"),
                "posix_spawn from the JVM", jvm.map(JmhResult::primary).orElse(null), "fork in C",
                cfork.map(JmhResult::primary).orElse(null)) + " (" + c.coresClause() + "). Spawning is never inside a measured"
                + " round: miners live for a whole trial.");
    }

    // ---------------------------------------------------------------- 8. bogatyrs

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
        ch.getStyler().setXAxisLogarithmic(true);
        List<List<String>> rows = new ArrayList<>();
        for (String transport : c.results().values("BogatyrsBenchmark", "transport")) {
            List<JmhResult> t = new ArrayList<>(c.results().findAll("BogatyrsBenchmark", Map.of("transport", transport)));
            t.sort((a, b) -> Integer.compare(Integer.parseInt(a.params().get("count")), Integer.parseInt(b.params().get("count"))));
            double[] x = t.stream().mapToDouble(r -> Double.parseDouble(r.params().get("count"))).toArray();
            ch.addSeries(transport + ", last letter", x, t.stream().mapToDouble(JmhResult::score).toArray(),
                    t.stream().mapToDouble(r -> Double.isNaN(r.error()) ? 0 : r.error()).toArray());
            if (t.stream().allMatch(r -> r.secondary().containsKey("agreement"))) {
                ch.addSeries(transport + ", agreement", x, t.stream().mapToDouble(r -> r.secondary().get("agreement").score())
                        .toArray());
            }
            for (JmhResult r : t) {
                rows.add(List.of(transport, r.params().get("count"), Fmt.metric(r.secondary().get("agreement"), 1, "ms"),
                        Fmt.metric(r.primary())));
            }
        }
        h.image(Charts.png(ch), "bogatyrs time to agreement and last letter");
        h.table(List.of("transport", "bogatyrs", "time to agreement", "time to the last letter"), rows);
        List<String> said = new ArrayList<>();
        for (String transport : c.results().values("BogatyrsBenchmark", "transport")) {
            List<JmhResult> t = new ArrayList<>(c.results().findAll("BogatyrsBenchmark", Map.of("transport", transport)));
            t.sort((a, b) -> Integer.compare(Integer.parseInt(a.params().get("count")), Integer.parseInt(b.params().get("count"))));
            if (t.size() >= 2) {
                JmhResult lo = t.get(0);
                JmhResult hi = t.get(t.size() - 1);
                said.add(transport + ": " + Verdicts.sentence(new Measure("to the last letter", 1, "ms", true, "sooner",
                        "later"), hi.params().get("count") + " bogatyrs", hi.primary(), lo.params().get("count")
                        + " bogatyrs", lo.primary()) + " (" + Fmt.num(hi.score() / lo.score()) + "x the time for "
                        + Fmt.num(Double.parseDouble(hi.params().get("count")) / Double.parseDouble(lo.params().get("count")))
                        + "x the bogatyrs)");
            }
        }
        String n = c.results().values("BogatyrsBenchmark", "count").contains("33") ? "33" : null;
        if (n != null) {
            said.add("Pipes against shared memory at " + n + " bogatyrs: " + Verdicts.sentence(new Measure("to the last letter",
                    1, "ms", true, "sooner", "later"), "shm", c.results().metric("BogatyrsBenchmark",
                    Map.of("count", n, "transport", "shm"), "").orElse(null), "pipe", c.results().metric("BogatyrsBenchmark",
                    Map.of("count", n, "transport", "pipe"), "").orElse(null)));
        }
        h.list(said);
        h.note("Every bogatyr is a process: " + (c.cores() > 0 ? "on " + c.cores() + " cores" : "here")
                + " a run of N bogatyrs is mostly the scheduler passing the turn around N processes.");
    }
}

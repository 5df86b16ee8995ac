package io.chaching.report;

import io.chaching.report.Judge.Comparison;
import io.chaching.report.Judge.Outcome;
import io.chaching.report.Verdicts.Measure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The top of the page: the lab's four questions, each answered in two or three sentences computed
 * from the same comparisons as the sections below (and linking to them), then a table for
 * choosing a hand-off: lowest delay, lowest parent CPU, most coins per second, each with its
 * winner, its runner-up and whether the run tells the two apart.
 */
final class Answers {
    /** A coin that waited longer than this waited for a parent that was not on a core. */
    static final long LONG_WAIT_NS = 1_000_000;

    private Answers() {
    }

    static void write(Report.Ctx c, Html h) {
        h.h2("answers", "The answers, from this run");
        h.raw("<dl class=\"answers\">\n");
        answer(h, "Why do coins come in bursts?", "bursts", bursts(c));
        answer(h, "What does taking coins in any order change?", "order", order(c));
        answer(h, "Is non-blocking faster?", "faster", faster(c));
        answer(h, "What does shared memory save?", "shm", sharedMemory(c));
        h.raw("</dl>\n");
        choose(c, h);
    }

    private static void answer(Html h, String question, String section, String text) {
        h.raw("<dt><a href=\"#" + section + "\">" + Html.esc(question) + "</a></dt>\n<dd>" + Html.esc(text) + "</dd>\n");
    }

    /** Which hand-off's coins come together most, which least, and what every hand-off shares. */
    static String bursts(Report.Ctx c) {
        TraceStats most = null;
        String mostName = null;
        TraceStats least = null;
        String leastName = null;
        for (String ho : c.handoffs()) {
            TraceStats t = c.trace(ho, "jvm");
            if (t == null) {
                continue;
            }
            if (most == null || t.coinsInMultiBursts() > most.coinsInMultiBursts()) {
                most = t;
                mostName = ho;
            }
            if (least == null || t.coinsInMultiBursts() < least.coinsInMultiBursts()) {
                least = t;
                leastName = ho;
            }
        }
        if (most == null) {
            return "Not measured in this run: no round traces (run RoundBenchmark with a traces directory).";
        }
        StringBuilder s = new StringBuilder();
        s.append("In ").append(mostName).append(' ').append(Fmt.percent(most.coinsInMultiBursts()))
                .append(" of coins came in bursts of 2 or more (mean burst ").append(Fmt.num(most.meanBurst()))
                .append(", up to ").append(most.maxBurst()).append("), in ").append(leastName).append(' ')
                .append(Fmt.percent(least.coinsInMultiBursts())).append(": a burst is a backlog the parent drains when it"
                        + " gets to it, so it comes where the parent was not looking, with ").append(c.machineClause()).append(".");
        // what every waking parent shares: a core to run on
        List<String> waits = new ArrayList<>();
        for (String ho : List.of("select", "epoll", "io_uring")) {
            TraceStats t = c.trace(ho, "jvm");
            if (t != null) {
                int half = t.delaysByPlace.length / 2;
                waits.add(ho + " " + Fmt.percent(t.shareWaitingOver(LONG_WAIT_NS, 0, t.delaysByPlace.length)) + " (first half "
                        + Fmt.percent(t.shareWaitingOver(LONG_WAIT_NS, 0, half)) + ", last half "
                        + Fmt.percent(t.shareWaitingOver(LONG_WAIT_NS, half, t.delaysByPlace.length)) + ")");
            }
        }
        if (!waits.isEmpty()) {
            s.append(" Even a parent woken per coin is not on a core at once: coins waiting over ")
                    .append(Fmt.nanos(LONG_WAIT_NS)).append(", ").append(String.join("; ", waits))
                    .append(". Early in a round the woken parent queues behind every runnable miner; as miners finish, it"
                            + " runs sooner.");
        }
        return s.toString();
    }

    static String order(Report.Ctx c) {
        Comparison tau = c.compare("order", Questions.TAU, c.roundSide("epoll", "epoll", "jvm", "order.tau"),
                c.roundSide("blocking", "blocking", "jvm", "order.tau"));
        StringBuilder s = new StringBuilder(Verdicts.sentence(Questions.TAU, tau)).append('.');
        TraceStats b = c.trace("blocking", "jvm");
        TraceStats e = c.trace("epoll", "jvm");
        if (b != null && e != null) {
            s.append(" Coins cashed after a coin mined later: blocking ").append(Fmt.percent((double) b.overtaken / b.coins))
                    .append(", epoll ").append(Fmt.percent((double) e.overtaken / e.coins))
                    .append("; in blocking those coins did ").append(Fmt.percent(b.overtakenDelayShare))
                    .append(" of all the waiting (head-of-line blocking: it reads miner 0, then 1, ...).");
        }
        Comparison cpu = c.compare("order", Questions.CPU, c.roundSide("epoll", "epoll", "jvm", "parentCpu"),
                c.roundSide("blocking", "blocking", "jvm", "parentCpu"));
        s.append(" Its price, ").append(Verdicts.sentence(Questions.CPU, cpu)).append('.');
        return s.toString();
    }

    static String faster(Report.Ctx c) {
        List<Questions.Judged> judged = Questions.fasterComparisons(c, "nonblocking", "blocking");
        String first = judged.stream().filter(j -> j.measure() == Questions.DELAY_P50).findFirst()
                .map(Questions.Judged::sentence).orElse("");
        return Questions.fasterSummary(c, "nonblocking", "blocking", judged) + " " + first + ".";
    }

    static String sharedMemory(Report.Ctx c) {
        List<Costs.Point> pipe = Costs.sweep(c, Costs.PIPE);
        List<Costs.Point> shm = Costs.sweep(c, Costs.SHM);
        String cross = pipe.isEmpty() || shm.isEmpty() ? "Crossover: " + Fmt.NOT_MEASURED + " (no payload sweep)"
                : Costs.crossover(c, pipe, shm);
        Comparison paced = c.compare("shm", Questions.PACED, c.pacedSide("shm-spin", "shm-spin", "jvm", "latency.p50"),
                c.pacedSide("nonblocking", "nonblocking", "jvm", "latency.p50"));
        return cross + ". In delay, with a spinning parent, " + Verdicts.sentence(Questions.PACED, paced) + ".";
    }

    /** One row of the choosing table: a measure over every hand-off in the JVM parent. */
    record Choice(String what, Measure measure, java.util.function.Function<String, Judge.Side> side) {
    }

    static void choose(Report.Ctx c, Html h) {
        h.h3("Choosing a hand-off for a JVM parent");
        List<Choice> choices = List.of(
                new Choice("lowest cash-in delay (median, rounds)", Questions.DELAY_P50,
                        ho -> c.roundSide(ho, ho, "jvm", "delay.p50")),
                new Choice("lowest parent CPU (rounds)", Questions.CPU, ho -> c.roundSide(ho, ho, "jvm", "parentCpu")),
                new Choice("most coins per second (stream, " + c.streamShape() + ")", Questions.STREAM, ho -> c.streamSide(ho, ho, "jvm")));
        List<List<String>> rows = new ArrayList<>();
        for (Choice ch : choices) {
            List<String> ranked = new ArrayList<>();
            List<Double> points = new ArrayList<>();
            for (String ho : c.handoffs()) {
                Optional<Judge.Estimate> e = c.judge().estimate(ch.side().apply(ho));
                if (e.isPresent() && Double.isFinite(e.get().point())) {
                    ranked.add(ho);
                    points.add(ch.measure().lowerIsBetter() ? e.get().point() : -e.get().point());
                }
            }
            if (ranked.size() < 2) {
                rows.add(List.of(ch.what(), Fmt.NOT_MEASURED, "", ""));
                continue;
            }
            Integer[] order = new Integer[ranked.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble(points::get));
            String win = ranked.get(order[0]);
            String second = ranked.get(order[1]);
            Judge.Side ws = ch.side().apply(win);
            Judge.Side ss = ch.side().apply(second);
            Comparison cmp = c.compare("choose", ch.measure(), ws, ss);
            rows.add(List.of(ch.what(), win + ": " + Verdicts.figure(cmp.ea(), ch.measure()),
                    second + ": " + Verdicts.figure(cmp.eb(), ch.measure()), told(cmp)));
        }
        h.table(List.of("if you want", "winner", "runner-up", "winner against runner-up"), rows);
        h.note("JVM parent, " + c.machineClause() + ". Decided means the 99% interval of the winner's ratio to the"
                + " runner-up leaves 1; the method is in section 1.");
    }

    private static String told(Comparison cmp) {
        return switch (cmp.outcome()) {
            case BETTER -> "decided: " + Verdicts.ratio(cmp);
            case WORSE -> "the runner-up is better: " + Verdicts.ratio(cmp);
            case EQUIVALENT -> "equivalent within ±" + Fmt.percent(Judge.BAND) + ": " + Verdicts.ratio(cmp);
            case UNDECIDED -> "undecided: " + Verdicts.ratio(cmp) + (Double.isFinite(cmp.mde())
                    ? "; this run " + Verdicts.couldSee(cmp) : "; the interval reaches 0, so this run puts no bound on it");
            case NOT_MEASURED -> Fmt.NOT_MEASURED;
        };
    }
}

package io.chaching.gate;

import io.chaching.report.Fmt;
import io.chaching.report.Html;
import io.chaching.report.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's gate section, written here because the gate builds on the report's judgement
 * and the report never imports the gate: against a stored baseline ({@code --baseline}) or as a
 * same-job A/B decided it ({@code --ab}, from {@code ab.json}, with the threshold its exit code used).
 */
public final class GateSection {
    private GateSection() {
    }

    /** Against a stored baseline: the time gate's rows and the count gate. */
    public static Section stored(RegressionGate.Report g) {
        return section("9. Regression gate against the baseline", h -> {
            long regressed = g.rows().stream().filter(r -> r.verdict() == RegressionGate.Verdict.REGRESSED).count();
            h.verdict(regressed == 0 ? "No regression against the baseline (threshold " + Fmt.percent(g.threshold())
                    + ", as check-regression --threshold says)."
                    : regressed + " benchmark(s) regressed against the baseline: worse by more than the threshold ("
                    + Fmt.percent(g.threshold()) + ") and outside the noise.");
            h.p(g.ruler() == null ? "No ruler benchmark in both runs: machine speed not corrected."
                    : "Ruler " + g.ruler() + ": this machine was " + Fmt.percent(Math.abs(g.rulerFactor() - 1))
                    + (g.rulerFactor() >= 1 ? " slower" : " faster") + " than the baseline's; every score is corrected"
                    + " by that.");
            List<List<String>> rows = new ArrayList<>();
            for (RegressionGate.Row r : g.rows()) {
                rows.add(List.of(r.key(), r.verdict().toString(),
                        r.baseline() == null ? "-" : Fmt.metric(r.baseline().primary()),
                        r.current() == null ? "-" : Fmt.metric(r.current().primary()),
                        Double.isNaN(r.change()) ? "-" : String.format(Locale.ROOT, "%+.1f%%", r.change() * 100)));
            }
            h.table(List.of("benchmark", "verdict", "baseline", "this run (uncorrected)", "worse by (corrected)"), rows);
            counts(g.counts(), "the baseline", "baseline", h);
        });
    }

    /** A same-job A/B: every benchmark's current/REF ratio with its interval, verdict and MDE, and the count gate. */
    public static Section ab(AbFile ab) {
        String ref = ab.refName();
        return section("9. Regression gate: this build against " + ref + " in the same job", h -> {
            long bad = ab.rows().stream().filter(r -> r.verdict() == AbJudge.Verdict.REGRESSION).count();
            h.verdict(bad == 0 ? "No regression: no benchmark was decided slower than " + ref + " by "
                    + Fmt.percent(ab.threshold()) + " or more, the threshold check-regression --ab exits 1 on."
                    : bad + " regression" + (bad == 1 ? "" : "s") + ": decided slower than " + ref + " by "
                    + Fmt.percent(ab.threshold()) + " or more.");
            h.p("Both builds ran here, " + ab.runs() + " pairs of runs in lockstep, each parameter set's two forks"
                    + " back to back in a random order"
                    + (ab.confirmRuns() > 0 ? ", then " + ab.confirmRuns() + " more pairs of the parameter sets flagged or"
                    + " undecided beyond the threshold, fork next to fork, to settle them"
                    : "") + (ab.currentOpts().isEmpty() ? "" : "; this build's runs with " + ab.currentOpts()) + ". Each"
                    + " ratio is this build's over " + ref + "'s in the direction of worse (above 1 is slower), with its"
                    + " 99% interval from the hierarchical bootstrap of section 1; a round's runs are paired, since both"
                    + " builds mined the same coins. 'Could have seen' is the smallest change this job could have"
                    + " decided (MDE).");
            // one table per benchmark and measure, its parameters that every row shares in the heading,
            // so that a row is its hand-off and parent and fits a phone
            Map<String, List<AbJudge.Row>> groups = new LinkedHashMap<>();
            for (AbJudge.Row r : ab.rows()) {
                groups.computeIfAbsent(r.benchmark() + " " + r.measure(), k -> new ArrayList<>()).add(r);
            }
            for (List<AbJudge.Row> group : groups.values()) {
                Map<String, String> shared = new TreeMap<>(group.get(0).params());
                for (AbJudge.Row r : group) {
                    shared.entrySet().removeIf(e -> !e.getValue().equals(r.params().get(e.getKey())));
                }
                h.h3(group.get(0).benchmark() + ", " + group.get(0).measure() + (shared.isEmpty() ? ""
                        : " (" + String.join(", ", shared.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .toList()) + ")"));
                List<List<String>> rows = new ArrayList<>();
                for (AbJudge.Row r : group) {
                    Map<String, String> own = new TreeMap<>(r.params());
                    own.keySet().removeAll(shared.keySet());
                    rows.add(List.of(String.join(" ", own.values()), Fmt.num(r.slowdown()) + " [" + Fmt.num(r.low())
                            + ", " + Fmt.num(r.high()) + "]", r.verdict().toString(),
                            Double.isNaN(r.mde()) ? "-" : "±" + Fmt.percent(r.mde())));
                }
                h.table(List.of(String.join(" ", new TreeMap<>(group.get(0).params()).keySet().stream()
                        .filter(k -> !shared.containsKey(k)).toList()), "this/ref (worse > 1)", "verdict",
                        "could have seen"), rows);
            }
            for (var one : List.of(Map.entry("this build has and " + ref + " has not (new)", ab.currentOnly()),
                    Map.entry(ref + " has and this build has not (gone)", ab.refOnly()))) {
                if (!one.getValue().isEmpty()) {
                    h.p("Not judged, run on neither side: " + one.getValue().size() + " parameter set"
                            + (one.getValue().size() == 1 ? "" : "s") + " only " + one.getKey() + ": "
                            + String.join("; ", one.getValue()) + ".");
                }
            }
            counts(ab.counts(), ref, ab.ref(), h);
        });
    }

    private interface Body {
        void write(Html h);
    }

    private static Section section(String title, Body body) {
        return new Section() {
            @Override
            public String id() {
                return "gate";
            }

            @Override
            public String nav() {
                return "9 Regression gate";
            }

            @Override
            public void write(Html h) {
                h.h2("gate", title);
                body.write(h);
            }
        };
    }

    /** The count gate's verdict and every count that moved beyond its tolerance. */
    static void counts(List<CountGate.Row> counts, String against, String column, Html h) {
        if (counts.isEmpty()) {
            return;
        }
        h.h3("Counts per coin");
        long more = counts.stream().filter(r -> r.verdict() == CountGate.Verdict.MORE).count();
        long gated = counts.stream().filter(r -> r.verdict() != CountGate.Verdict.NOT_GATED).count();
        h.verdict(more == 0 ? "No count per coin went up beyond its tolerance (" + gated + " gated counts)."
                : more + " count(s) per coin went up beyond their tolerance: the parent makes more system calls or"
                + " reads more bytes per coin than in " + against + ", whatever the machine's speed.");
        List<List<String>> rows = new ArrayList<>();
        for (CountGate.Row r : counts) {
            if (r.verdict() == CountGate.Verdict.MORE || r.verdict() == CountGate.Verdict.FEWER) {
                rows.add(List.of(r.key(), r.count(), r.verdict().toString(), Fmt.plain(r.baseline()),
                        Fmt.plain(r.current()), String.format(Locale.ROOT, "±%s", Fmt.plain(r.allowed()))));
            }
        }
        if (!rows.isEmpty()) {
            h.table(List.of("benchmark", "count per coin", "verdict", column, "this run", "allowed"), rows);
        }
        h.note("Gated: system calls per coin (all, and by kind) within ±0.5 a coin in a round, ±0.05 in a stream, or 10%,"
                + " whichever is larger, and bytes read within 1%; not gated: context switches and CPU (they move with"
                + " the machine's load), the system calls of a spinning parent (nonblocking, shm-spin, jdk-mapped) and of a shm-futex"
                + " round (its parent wakes every 10 ms to look at its miners).");
    }
}

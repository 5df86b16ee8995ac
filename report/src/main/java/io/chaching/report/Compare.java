package io.chaching.report;

import io.chaching.report.Judge.Comparison;
import io.chaching.report.Judge.Estimate;
import io.chaching.report.Judge.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;

/**
 * Run against run ({@code report A.json --compare B.json}): every figure both runs measured, B's
 * over A's with the 99% interval of the two runs' bootstrap replicates, and every comparison whose
 * verdict differs between them. A change shows as the figures it moved, decided; the rest stays
 * within the noise, which is what two runs of unchanged code look like.
 */
final class Compare {
    /** One figure in both runs: B over A, its interval, and what the interval says. */
    record Moved(Side side, String measure, Estimate a, Estimate b, double ratio, double low, double high, String said) {
        boolean decided() {
            return low > 1 || high < 1;
        }
    }

    /** A side some comparison judged, and the measure it was judged on. */
    record Figure(Side side, String measure) {
    }

    private Compare() {
    }

    /** The figures behind this run's comparisons, each once, in the order the report made them. */
    static Map<String, Figure> figures(List<Comparison> made) {
        Map<String, Figure> out = new LinkedHashMap<>();
        for (Comparison c : made) {
            if (c.ea() != null) {
                out.putIfAbsent(Judge.id(c.a()), new Figure(c.a(), c.measure()));
            }
            if (c.eb() != null) {
                out.putIfAbsent(Judge.id(c.b()), new Figure(c.b(), c.measure()));
            }
        }
        return out;
    }

    static List<Moved> moved(Report.Ctx a, Report.Ctx b, List<Comparison> made) {
        List<Moved> out = new ArrayList<>();
        for (Figure f : figures(made).values()) {
            Side s = f.side();
            Optional<Estimate> ea = a.judge().estimate(s);
            Optional<Estimate> eb = b.judge().estimate(s);
            Optional<double[]> ra = a.judge().replicates(s);
            Optional<double[]> rb = b.judge().replicates(s);
            if (ea.isEmpty() || eb.isEmpty() || ra.isEmpty() || rb.isEmpty() || !(ea.get().point() > 0)) {
                continue;
            }
            int n = Math.min(ra.get().length, rb.get().length);
            double[] r = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                double q = rb.get()[i] / ra.get()[i];
                if (Double.isFinite(q)) {
                    r[k++] = q;
                }
            }
            if (k < 2) {
                continue;
            }
            double[] ci = Bootstrap.interval(java.util.Arrays.copyOf(r, k));
            Judge.Outcome o = Judge.outcome(ci[0], ci[1], false, true);
            String said = switch (o) {
                case BETTER -> "lower in B";
                case WORSE -> "higher in B";
                case EQUIVALENT -> "the same within ±" + Fmt.percent(Judge.BAND);
                default -> "within the noise (could have seen about " + Fmt.percent(Judge.mde(ci[0], ci[1], false)) + ")";
            };
            out.add(new Moved(s, f.measure(), ea.get(), eb.get(), eb.get().point() / ea.get().point(), ci[0], ci[1], said));
        }
        return out;
    }

    /** The section: what moved, the chart of the lab's round delays in both runs, and verdicts that differ. */
    static void section(Report.Ctx a, Report.Ctx b, String nameA, String nameB, List<Comparison> ca, List<Comparison> cb,
                        Html h) {
        h.h2("compare", "Run against run: A = " + nameA + ", B = " + nameB);
        h.p("Every figure both runs measured, B's over A's with the 99% interval of the two runs' bootstrap replicates:"
                + " a figure moved when that interval leaves 1. Two runs of unchanged code move nothing but by chance (about"
                + " 1 in 100 figures); a change moves the figures it touches.");
        List<Moved> moved = new ArrayList<>(moved(a, b, ca));
        // the figures that moved first, the rest in the order the report made them
        moved.sort((x, y) -> Boolean.compare(y.decided(), x.decided()));
        List<List<String>> rows = new ArrayList<>();
        long changed = moved.stream().filter(Moved::decided).count();
        for (Moved m : moved) {
            rows.add(List.of(m.side().label() + " (" + m.side().benchmark().replace("Benchmark", "") + " "
                            + m.side().params().getOrDefault("parent", "") + ")", m.measure(),
                    Fmt.metric(m.a().metric(), 1, m.a().unit()), Fmt.metric(m.b().metric(), 1, m.b().unit()),
                    Fmt.num(m.ratio()) + " [" + Fmt.num(m.low()) + ", " + Fmt.num(m.high()) + "]", m.said()));
        }
        h.verdict(changed + " of " + moved.size() + " figures moved between A and B beyond their 99% interval"
                + (changed == 0 ? "." : "; they are listed first."));
        h.table(List.of("figure", "measure", "A", "B", "B / A", "verdict"), rows);
        CategoryChart chart = delays(a, b, nameA, nameB);
        if (chart != null) {
            h.chart(chart, "median cash-in delay per hand-off, A and B");
        }
        Map<String, Comparison> byKey = new LinkedHashMap<>();
        for (Comparison c : cb) {
            byKey.put(Judge.key(c), c);
        }
        List<String> differ = new ArrayList<>();
        int both = 0;
        int missing = 0;
        for (Comparison c : ca) {
            Comparison o = byKey.get(Judge.key(c));
            if (o == null || c.outcome() == Judge.Outcome.NOT_MEASURED || o.outcome() == Judge.Outcome.NOT_MEASURED) {
                missing++;
                continue;
            }
            both++;
            if (o.outcome() != c.outcome()) {
                differ.add(c.section() + ", " + c.measure() + ", " + c.a().label() + " against " + c.b().label() + ": A "
                        + word(c) + ", B " + word(o));
            }
        }
        h.h3("Verdicts that differ between the runs");
        h.p(differ.size() + " of " + both + " comparisons measured in both runs have a different outcome"
                + (missing == 0 ? "." : "; " + missing + " more lack a side in one of the runs and are left out."));
        if (!differ.isEmpty()) {
            h.list(differ);
        }
    }

    private static String word(Comparison c) {
        return c.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " "
                + (Double.isFinite(c.ratio()) ? Verdicts.ratio(c) : "");
    }

    /** The lab's round median delay per hand-off in A and in B, JVM parent; null when neither has it. */
    static CategoryChart delays(Report.Ctx a, Report.Ctx b, String nameA, String nameB) {
        List<String> x = new ArrayList<>();
        List<Double> ya = new ArrayList<>();
        List<Double> yb = new ArrayList<>();
        for (String ho : a.handoffs()) {
            Optional<Estimate> ea = a.judge().estimate(a.roundSide(ho, ho, "jvm", "delay.p50"));
            Optional<Estimate> eb = b.judge().estimate(b.roundSide(ho, ho, "jvm", "delay.p50"));
            if (ea.isPresent() && eb.isPresent() && ea.get().point() > 0 && eb.get().point() > 0) {
                x.add(ho);
                ya.add(ea.get().point());
                yb.add(eb.get().point());
            }
        }
        if (x.isEmpty()) {
            return null;
        }
        CategoryChart ch = Charts.bars(Charts.WIDE, 400, "Median cash-in delay, rounds, JVM parent: A against B",
                "hand-off", "µs (log)");
        Charts.logY(ch.getStyler());
        ch.getStyler().setYAxisMin(1.0);
        ch.addSeries("A: " + nameA, x, ya);
        ch.addSeries("B: " + nameB, x, yb);
        return ch;
    }
}

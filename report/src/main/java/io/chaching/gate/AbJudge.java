package io.chaching.gate;

import io.chaching.report.JmhResult;
import io.chaching.report.Judge;
import io.chaching.report.Results;
import io.chaching.report.Samples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same-job A/B judgement: runs of the reference build and of the current build, alternated
 * in one job, each run one trial of its side (samples and JMH JSON as {@code scripts/bench}
 * writes them). Each side's runs become one set of samples, run r its trial r, the parameters
 * tagged {@code build=ref} or {@code build=current}, and every benchmark both sides ran is judged
 * current against ref by the report's own method ({@link Judge}: the hierarchical bootstrap, a
 * round's run r of both builds paired, since both mined the same coins, and a stream's run r too,
 * since the two ran fork next to fork). What is judged: a round's
 * makespan (ms, lower is better) and a stream's coins per second (higher is better).
 *
 * <p>A regression is a comparison decided worse (its 99% interval wholly on the worse side of 1)
 * by at least the threshold; with some 40 benchmarks a job makes some 40 comparisons, and the
 * threshold is what keeps a real but tiny drift, or one of them falling outside its interval by
 * chance, from failing the build on its own.
 */
public final class AbJudge {
    static final String BUILD = "build";
    static final String REF = "ref";
    static final String CURRENT = "current";

    /** What one benchmark's comparison came to. */
    public enum Verdict {
        /** decided worse, by at least the threshold */
        REGRESSION,
        /** decided worse, by less than the threshold */
        SLOWER_WITHIN_THRESHOLD,
        /** decided better */
        FASTER,
        /** the interval lies within the equivalence band */
        UNCHANGED,
        /** neither: the MDE says how large a change this job could have seen */
        UNDECIDED
    }

    /**
     * One benchmark: its ratio current/ref in the measure's own direction ({@code slowdown}: above
     * 1 is worse whichever way the measure points), the interval of that, and the smallest change
     * the job could have seen ({@code mde}, relative).
     */
    public record Row(String benchmark, Map<String, String> params, String measure, String unit, double current,
                      double ref, double slowdown, double low, double high, double mde, Verdict verdict, String method) {
    }

    /** What is judged per benchmark class: the Judge metric, what it measures, and which way is better. */
    private record What(String metric, String measure, boolean lowerIsBetter) {
    }

    private static final Map<String, What> JUDGED = Map.of(
            "RoundBenchmark", new What("", "makespan", true),
            "StreamBenchmark", new What("coins", "coins/s", false));

    private AbJudge() {
    }

    /** Reads each run's {@code jmh-result.json} and {@code samples/} and judges current against ref. */
    public static List<Row> judge(List<Path> refRuns, List<Path> currentRuns, double threshold) throws IOException {
        List<List<JmhResult>> ref = new ArrayList<>();
        List<Samples> refSamples = new ArrayList<>();
        for (Path r : refRuns) {
            ref.add(JmhResult.read(r.resolve("jmh-result.json")));
            refSamples.add(Samples.read(r.resolve("samples")));
        }
        List<List<JmhResult>> cur = new ArrayList<>();
        List<Samples> curSamples = new ArrayList<>();
        for (Path r : currentRuns) {
            cur.add(JmhResult.read(r.resolve("jmh-result.json")));
            curSamples.add(Samples.read(r.resolve("samples")));
        }
        return judge(ref, refSamples, cur, curSamples, threshold);
    }

    /** As {@link #judge(List, List, double)}, on what was read. */
    static List<Row> judge(List<List<JmhResult>> ref, List<Samples> refSamples, List<List<JmhResult>> cur,
                           List<Samples> curSamples, double threshold) {
        // a parameter this tree's benchmarks have and REF's have not: AbRun ran only this tree's forks
        // with it at its default, so without it the two sides' keys meet
        Map<String, java.util.Set<String>> refParams = new HashMap<>();
        ref.forEach(run -> run.forEach(r -> refParams.computeIfAbsent(r.benchmark(), b -> new java.util.HashSet<>())
                .addAll(r.params().keySet())));
        java.util.function.BiFunction<String, Map<String, String>, Map<String, String>> asRef = (bench, params) -> {
            java.util.Set<String> known = refParams.get(bench);
            Map<String, String> p = new TreeMap<>(params);
            if (known != null) {
                p.keySet().retainAll(known);
            }
            return p;
        };
        cur = cur.stream().map(run -> run.stream().map(r -> new JmhResult(r.benchmark(), r.mode(),
                asRef.apply(r.benchmark(), r.params()), r.score(), r.error(), r.low(), r.high(), r.unit(), r.secondary(),
                r.settings(), r.primaryRaw())).toList()).toList();
        curSamples = curSamples.stream().map(s -> s.rekeyed(k -> new Samples.Key(k.benchmark(),
                asRef.apply(k.benchmark(), k.params())))).toList();
        List<JmhResult> all = new ArrayList<>();
        Map<String, JmhResult> refByKey = tagged(ref, REF, all);
        Map<String, JmhResult> curByKey = tagged(cur, CURRENT, all);
        Samples samples = Samples.union(Samples.combine(refSamples, Map.of(BUILD, REF)),
                Samples.combine(curSamples, Map.of(BUILD, CURRENT)));
        // the two runs of a pair went fork by fork (AbRun's lockstep): streams pair by run as rounds do
        Judge judge = Judge.pairedByTrial(new Results(all), samples);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, JmhResult> e : refByKey.entrySet()) {
            JmhResult r = e.getValue();
            What what = JUDGED.get(r.className());
            if (what == null || !curByKey.containsKey(e.getKey())) {
                continue;
            }
            Map<String, String> params = new TreeMap<>(r.params());
            params.remove(BUILD);
            Judge.Side a = side(r.className(), params, CURRENT, what.metric());
            Judge.Side b = side(r.className(), params, REF, what.metric());
            Judge.Comparison c = judge.compare("ab", what.measure(), what.lowerIsBetter(), a, b);
            if (c.outcome() == Judge.Outcome.NOT_MEASURED) {
                continue;
            }
            double slowdown = what.lowerIsBetter() ? c.ratio() : 1 / c.ratio();
            double lo = what.lowerIsBetter() ? c.low() : 1 / c.high();
            double hi = what.lowerIsBetter() ? c.high() : 1 / c.low();
            Verdict v = switch (c.outcome()) {
                case WORSE -> slowdown >= 1 + threshold ? Verdict.REGRESSION : Verdict.SLOWER_WITHIN_THRESHOLD;
                case BETTER -> Verdict.FASTER;
                case EQUIVALENT -> Verdict.UNCHANGED;
                default -> Verdict.UNDECIDED;
            };
            rows.add(new Row(r.className(), params, what.measure(), c.ea() == null ? "" : c.ea().unit(),
                    c.ea() == null ? Double.NaN : c.ea().point(), c.eb() == null ? Double.NaN : c.eb().point(),
                    slowdown, lo, hi, c.mde(), v, c.method()));
        }
        return rows;
    }

    private static Judge.Side side(String cls, Map<String, String> params, String build, String metric) {
        Map<String, String> p = new HashMap<>(params);
        p.put(BUILD, build);
        return new Judge.Side(build, cls, p, metric);
    }

    /**
     * Each side's runs as one result per benchmark and parameter set, tagged with the build: the
     * first run's JMH result stands for the side (the figures come from the samples of all runs).
     */
    private static Map<String, JmhResult> tagged(List<List<JmhResult>> runs, String build, List<JmhResult> all) {
        Map<String, JmhResult> byKey = new LinkedHashMap<>();
        for (List<JmhResult> run : runs) {
            for (JmhResult r : run) {
                Map<String, String> params = new TreeMap<>(r.params());
                params.put(BUILD, build);
                String key = r.benchmark() + " " + new TreeMap<>(r.params());
                byKey.putIfAbsent(key, new JmhResult(r.benchmark(), r.mode(), params, r.score(), r.error(), r.low(),
                        r.high(), r.unit(), r.secondary(), r.settings(), r.primaryRaw()));
            }
        }
        all.addAll(byKey.values());
        return byKey;
    }
}

package io.chaching.report;

import io.chaching.report.JmhResult.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One run's JMH results, looked up by benchmark class and parameters. A lookup that finds
 * nothing is empty, and the report then says "not measured in this run": it never fills a gap.
 */
public final class Results {
    /** The JMH parameter of the JVM parent's binding (benchmarks' sys.Binding), and its default. */
    static final String BINDING = "binding";
    static final String DEFAULT_BINDING = "jna";
    private final List<JmhResult> all;

    public Results(List<JmhResult> all) {
        this.all = List.copyOf(all);
    }

    public List<JmhResult> all() {
        return all;
    }

    /**
     * The result of class {@code benchmark} whose parameters include every given one; when several
     * match, the last. Callers pass enough parameters to make the match unique (a class run by two
     * plans differs in miners or payload).
     */
    public Optional<JmhResult> find(String benchmark, Map<String, String> params) {
        JmhResult found = null;
        for (JmhResult r : all) {
            if (r.className().equals(benchmark) && matches(r, params)) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every result of class {@code benchmark} whose parameters include every given one. */
    public List<JmhResult> findAll(String benchmark, Map<String, String> params) {
        List<JmhResult> out = new ArrayList<>();
        for (JmhResult r : all) {
            if (r.className().equals(benchmark) && matches(r, params)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The named metric ("" for the primary score) of the matching result, if both exist. */
    public Optional<Metric> metric(String benchmark, Map<String, String> params, String name) {
        return find(benchmark, params).flatMap(r -> name.isEmpty() ? Optional.of(r.primary())
                : Optional.ofNullable(r.secondary().get(name)));
    }

    /** The values parameter {@code param} takes in class {@code benchmark}, in first-seen order. */
    public List<String> values(String benchmark, String param) {
        List<String> out = new ArrayList<>();
        for (JmhResult r : all) {
            String v = r.params().get(param);
            if (r.className().equals(benchmark) && v != null && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Benchmark classes present, sorted. */
    public TreeSet<String> classes() {
        TreeSet<String> out = new TreeSet<>();
        all.forEach(r -> out.add(r.className()));
        return out;
    }

    /**
     * Whether {@code r} has every given parameter. A result of another binding than the default
     * ({@code binding=ffm}, the FFM cells of issue 17) matches only a lookup that asks for it: the
     * report's JVM-against-C questions are JNA's, as before there was a choice (results from then
     * have no {@code binding} at all).
     */
    private static boolean matches(JmhResult r, Map<String, String> params) {
        String binding = r.params().get(BINDING);
        if (binding != null && !binding.equals(DEFAULT_BINDING) && !params.containsKey(BINDING)) {
            return false;
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!e.getValue().equals(r.params().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}

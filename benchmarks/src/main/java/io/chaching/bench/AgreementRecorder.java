package io.chaching.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Where BogatyrsBenchmark leaves each run's times for {@link RoundStatsProfiler}, which turns an
 * iteration's runs into the secondary results {@code agreement} and {@code lastLetter} (mean ms
 * from the START broadcast) after the iteration, outside the timed path.
 */
public final class AgreementRecorder {
    private static final List<long[]> RUNS = new ArrayList<>();

    private AgreementRecorder() {
    }

    public static synchronized void add(long agreementNs, long lastLetterNs) {
        RUNS.add(new long[] {agreementNs, lastLetterNs});
    }

    static synchronized List<long[]> drain() {
        List<long[]> out = new ArrayList<>(RUNS);
        RUNS.clear();
        return out;
    }

    /** The iteration's runs as results; nothing when no run was recorded. */
    static void results(List<Result> out) {
        List<long[]> runs = drain();
        if (runs.isEmpty()) {
            return;
        }
        for (long[] r : runs) {
            SampleLog.add("agreement", "ms", r[0] / 1e6);
            SampleLog.add("lastLetter", "ms", r[1] / 1e6);
        }
        double agreement = runs.stream().mapToLong(r -> r[0]).average().orElse(Double.NaN);
        double last = runs.stream().mapToLong(r -> r[1]).average().orElse(Double.NaN);
        out.add(new ScalarResult("agreement", agreement / 1e6, "ms", AggregationPolicy.AVG));
        out.add(new ScalarResult("lastLetter", last / 1e6, "ms", AggregationPolicy.AVG));
    }
}

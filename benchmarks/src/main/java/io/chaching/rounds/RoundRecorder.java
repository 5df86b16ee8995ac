package io.chaching.rounds;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a measured call leaves its round for {@code io.chaching.bench.RoundStatsProfiler}: adding a sample is the
 * only work inside the timed path; every statistic is computed after the iteration.
 */
public final class RoundRecorder {
    private static final List<RoundSample> SAMPLES = new ArrayList<>();

    private RoundRecorder() {
    }

    public static synchronized void add(RoundSample s) {
        SAMPLES.add(s);
    }

    /** The iteration's samples; the recorder starts empty again. */
    public static synchronized List<RoundSample> drain() {
        List<RoundSample> out = new ArrayList<>(SAMPLES);
        SAMPLES.clear();
        return out;
    }
}

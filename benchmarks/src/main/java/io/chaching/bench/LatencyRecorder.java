package io.chaching.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a paced-latency call leaves its stream's cash-in delays for {@link RoundStatsProfiler}:
 * the JVM parent's raw delays (summarised by nearest rank after the iteration), or the C
 * parent's percentiles, which it computes itself by the same rule over the very same kind of stream.
 */
public final class LatencyRecorder {
    /** One paced stream's {@code coins} delays: raw (JVM) or already summarised (C parent), in ns. */
    public record StreamDelays(long[] raw, int coins, long p50, long p99, long p999, long max) {
        static StreamDelays raw(long[] delays) {
            return new StreamDelays(delays, delays.length, 0, 0, 0, 0);
        }

        static StreamDelays summary(int coins, long p50, long p99, long p999, long max) {
            return new StreamDelays(null, coins, p50, p99, p999, max);
        }
    }

    private static final List<StreamDelays> SAMPLES = new ArrayList<>();

    private LatencyRecorder() {
    }

    public static synchronized void add(StreamDelays s) {
        SAMPLES.add(s);
    }

    static synchronized List<StreamDelays> drain() {
        List<StreamDelays> out = new ArrayList<>(SAMPLES);
        SAMPLES.clear();
        return out;
    }
}

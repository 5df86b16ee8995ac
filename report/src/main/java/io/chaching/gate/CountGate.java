package io.chaching.gate;

import io.chaching.report.JmhResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The count gate (issue 14): the counts per coin that do not depend on the machine's speed
 * ({@code perCoin.*} secondary results of RoundBenchmark and StreamBenchmark), baseline against
 * current, benchmark by benchmark. A count has gone up when it grew by more than its
 * {@link Tolerance}: the larger of an absolute allowance per coin and a fraction of the
 * baseline, chosen from the spread measured between unchanged runs on this machine (README,
 * "The regression gate"). Only growth fails the gate; a count that fell is listed. No ruler is
 * needed: a faster or slower machine makes the same system calls.
 *
 * <p>Counts that do depend on time are not gated: the system calls of a parent that spins
 * ({@code nonblocking}, {@code shm-spin}: empty reads, yields) grow with how long it waits, those
 * of a {@code shm-futex} round with its length (the parent wakes every 10 ms to look at its
 * miners), context switches and CPU with the machine's load; they are listed as NOT_GATED.
 */
public final class CountGate {
    public enum Verdict { MORE, FEWER, SAME, NOT_GATED }

    /** How much a count may grow per coin before it has gone up: max(absolute, relative x baseline). */
    public record Tolerance(double absolute, double relative) {
        public double allowed(double baseline) {
            return Math.max(absolute, relative * Math.abs(baseline));
        }
    }

    /** One count of one benchmark in both runs; {@code allowed} NaN when the count is not gated. */
    public record Row(String key, String count, String unit, double baseline, double current, double allowed,
                      Verdict verdict) {
    }

    /** The prefix of every count's secondary result. */
    static final String PREFIX = JmhResult.PER_COIN;

    /**
     * System calls per coin in a round may grow by half a call per coin (one extra call per coin is
     * 1.0; three unchanged smoke runs here moved a sleeping hand-off's by 0.061 at most, README), in
     * a stream by 0.05 (a stream's calls are spread over hundreds of coins: they moved by 0.0095 at
     * most), and by 10% of the baseline where that is more (a large payload's reads). Bytes read
     * may grow by a byte per coin or 1%: they did not move at all.
     */
    static final Tolerance ROUND_CALLS = new Tolerance(0.5, 0.10);
    static final Tolerance STREAM_CALLS = new Tolerance(0.05, 0.10);
    static final Tolerance BYTES = new Tolerance(1, 0.01);
    static final List<String> CALLS = List.of("syscalls", "reads", "writes", "waits", "otherSyscalls");

    /** Hand-offs whose parent spins: their system calls per coin follow the time it spins. */
    static final List<String> SPINNING = List.of("nonblocking", "shm-spin", "jdk-mapped");

    private CountGate() {
    }

    /** The count rows of every benchmark both runs measured that has counts. */
    public static List<Row> compare(List<JmhResult> baseline, List<JmhResult> current) {
        Map<String, JmhResult> cur = new LinkedHashMap<>();
        for (JmhResult r : current) {
            cur.put(r.key(), r);
        }
        List<Row> rows = new ArrayList<>();
        for (JmhResult b : baseline) {
            JmhResult c = cur.get(b.key());
            if (c == null) {
                continue; // the time gate lists it as ONLY_IN_BASELINE
            }
            for (Map.Entry<String, JmhResult.Metric> e : b.secondary().entrySet()) {
                JmhResult.Metric cm = c.secondary().get(e.getKey());
                if (!e.getKey().startsWith(PREFIX) || cm == null) {
                    continue;
                }
                String count = e.getKey().substring(PREFIX.length());
                double base = e.getValue().score();
                double now = cm.score();
                Tolerance t = tolerance(b.className(), count, b.params().get("handoff"));
                Verdict v;
                double allowed = Double.NaN;
                if (t == null || Double.isNaN(base) || Double.isNaN(now)) {
                    v = Verdict.NOT_GATED;
                } else {
                    allowed = t.allowed(base);
                    v = now - base > allowed ? Verdict.MORE : base - now > allowed ? Verdict.FEWER : Verdict.SAME;
                }
                rows.add(new Row(b.key(), count, e.getValue().unit(), base, now, allowed, v));
            }
        }
        return rows;
    }

    /** The tolerance of a count of benchmark class {@code cls} in a hand-off, or null when it is not gated there. */
    static Tolerance tolerance(String cls, String count, String handoff) {
        if (count.equals("bytesRead")) {
            return BYTES;
        }
        if (!CALLS.contains(count)) {
            return null; // context switches and CPU
        }
        if (!count.equals("writes") && timed(cls, count, handoff)) {
            return null; // a command per miner is a command per miner, spinning or not
        }
        return cls.equals("StreamBenchmark") ? STREAM_CALLS : ROUND_CALLS;
    }

    /** Calls that follow time, not the hand-off: a spinning parent's, and a shm-futex round's wake-ups. */
    private static boolean timed(String cls, String count, String handoff) {
        return SPINNING.contains(handoff) || handoff != null && handoff.equals("shm-futex") && cls.equals("RoundBenchmark")
                && !count.equals("reads");
    }

    public static boolean wentUp(List<Row> rows) {
        return rows.stream().anyMatch(r -> r.verdict() == Verdict.MORE);
    }
}

package io.chaching.bench;

import io.chaching.sys.SyscallCounts;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * One iteration's counts per coin (issue 14), opened in a benchmark's {@code @Setup(Level.Iteration)}
 * and closed in its {@code @TearDown(Level.Iteration)}, so nothing of it is in the timed path but
 * the benchmark's count of coins. The JVM parent's counts are {@link SyscallCounts}' (its hand-off
 * thread and, for {@code threads}, the reader threads) and process CPU; the C parent's are what it
 * reported with each round or stream ({@link NativeSession#counts()}). {@link RoundStatsProfiler}
 * turns the closed window into secondary results ({@link #results}).
 */
final class CountWindow {
    /** The secondary results, in the order the report lists them. */
    static final List<String> NAMES = List.of("perCoin.syscalls", "perCoin.reads", "perCoin.writes", "perCoin.waits",
            "perCoin.otherSyscalls", "perCoin.voluntaryCs", "perCoin.involuntaryCs", "perCoin.bytesRead",
            "perCoin.processCpu", "perCoin.helperCpu", "perCoin.totalCpu");

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final List<Result> CLOSED = new ArrayList<>();

    private final NativeSession session;
    private final SyscallCounts.Snapshot before;
    private final long cpuBefore;
    private final long helpersBefore;

    private CountWindow(NativeSession session, boolean tallied) {
        this.session = session;
        this.tallied = tallied || session != null;
        this.before = counts();
        this.cpuBefore = cpu();
        this.helpersBefore = helpers();
    }

    /** The counts {@link io.chaching.sys.SyscallCounts} tallies, left out for a hand-off whose calls the JDK makes. */
    private static final java.util.Set<String> TALLIED = java.util.Set.of("perCoin.syscalls", "perCoin.reads",
            "perCoin.writes", "perCoin.waits", "perCoin.otherSyscalls", "perCoin.bytesRead");

    private final boolean tallied;

    /**
     * Counts from now on: the JVM parent's (session null) or the C parent's; {@code tallied} false
     * for a JVM hand-off whose system calls are not tallied (Handoff.talliesItsSyscalls), whose
     * call and byte counts are then not reported at all.
     */
    static CountWindow open(NativeSession session, boolean tallied) {
        return new CountWindow(session, tallied);
    }

    private SyscallCounts.Snapshot counts() {
        return session == null ? SyscallCounts.snapshot() : session.counts();
    }

    private long cpu() {
        return session == null ? OS.getProcessCpuTime() : session.cpuNs();
    }

    /** CPU of the parent's children that are not miners (readers-K's readers), which the parent's own leaves out. */
    private long helpers() {
        return session == null ? io.chaching.sys.HelperCpu.ofThisProcess() : io.chaching.sys.HelperCpu.of(session.pid());
    }

    /** The window's counts over {@code coins}, for the profiler; nothing when no coin was cashed. */
    void close(long coins) {
        SyscallCounts.Snapshot d = counts().since(before);
        long cpuNs = cpu() - cpuBefore;
        long helperNs = helpers() - helpersBefore;
        if (coins <= 0) {
            return;
        }
        double n = coins;
        double[] v = {d.syscalls() / n, d.reads() / n, d.writes() / n, d.waits() / n, d.other() / n,
            d.voluntary() / n, d.involuntary() / n, d.bytesRead() / n, cpuNs / 1e3 / n, helperNs / 1e3 / n,
            (cpuNs + helperNs) / 1e3 / n};
        String[] units = {"calls/coin", "calls/coin", "calls/coin", "calls/coin", "calls/coin", "switches/coin",
            "switches/coin", "B/coin", "us/coin", "us/coin", "us/coin"};
        synchronized (CLOSED) {
            CLOSED.clear();
            for (int i = 0; i < v.length; i++) {
                if (!tallied && TALLIED.contains(NAMES.get(i))) {
                    continue;
                }
                if (helperNs <= 0 && (NAMES.get(i).equals("perCoin.helperCpu") || NAMES.get(i).equals("perCoin.totalCpu"))) {
                    continue; // no helper processes: the parent's CPU is all of it
                }
                CLOSED.add(new ScalarResult(NAMES.get(i), v[i], units[i], AggregationPolicy.AVG));
            }
        }
    }

    /** The last closed window's results into {@code out}, once. */
    static void results(List<Result> out) {
        synchronized (CLOSED) {
            out.addAll(CLOSED);
            CLOSED.clear();
        }
    }
}

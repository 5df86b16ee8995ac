package io.chaching.bench;

import io.chaching.coins.CoinLayout;
import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundRecorder;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.RoundSample;
import io.chaching.rounds.Rounds;
import io.chaching.rounds.TraceWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/*
 * The lab's question, measured: 16 miners each mine one coin, and the parent cashes all 16 in
 * through one hand-off. One call is one round; its time is the round's makespan (start to last
 * coin cashed), the primary metric. RoundStatsProfiler adds, per iteration, cash-in delay
 * p50/p99/max, time to first coin, Kendall tau of cash-in against mined order, burst sizes and
 * parent CPU.
 *
 * parent=jvm runs the hand-off in this JVM; parent=native sends the same round to the C
 * reference parent (cparent --serve), which mines exactly the same coins (same seed, same round
 * numbers) and stamps them itself; JMH's time then includes one command-pipe round trip, a few
 * microseconds against a makespan of hundreds of milliseconds.
 *
 * Traps avoided: miners are spawned once per trial, never inside a measured call (a spawn is
 * milliseconds: see SpawnBenchmark); the statistics are computed after each iteration, not in
 * the timed path; the result is returned so nothing is dead code. On this 2-core machine 16
 * miners are oversubscribed 8 to 1: makespan is mostly mining time shared by 2 cores, and a
 * parent that spins takes its share from the miners.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// native access for JNA and FFM without JDK 24+'s warnings (JDK 17 accepts the option too)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class RoundBenchmark {
    static final long SEED = 20261124L;
    static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);
    static final int TRACE_ROUNDS = 100;

    @Param({"blocking", "nonblocking", "select", "poll", "epoll", "io_uring", "aio", "shm-spin", "shm-futex", "threads", "uds",
            "jdk-process", "jdk-selector", "jdk-mapped", "readers-1", "readers-2", "readers-4"})
    public String handoff;

    @Param({"jvm", "native"})
    public String parent;

    /**
     * How the JVM parent's hot path calls libc: JNA, or FFM downcalls (JDK 22+; see {@link Trials#bind}).
     * Only jna unless asked ({@code -p binding=jna,ffm}, or the quick profile on JDK 22+), so a plain
     * run on JDK 17 runs no fork it must refuse.
     */
    @Param({"jna"})
    public String binding;

    @Param({"16"})
    public int miners;

    @Param({"20"})
    public int difficulty;

    @Param({"0"})
    public int payload;

    private MinerPool pool;
    private Handoff jvmHandoff;
    private Rounds rounds;
    private NativeSession session;
    private long round;
    private int measured;
    private int warm;
    private CountWindow counts;
    private long coins; // in this iteration, for the counts per coin
    private final ArrayDeque<RoundSample> lastRounds = new ArrayDeque<>();
    private com.sun.management.OperatingSystemMXBean os;

    @Setup(Level.Trial)
    public void spawnMiners() throws IOException {
        Trials.bind(binding, parent);
        os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        if (parent.equals("jvm")) {
            pool = MinerPool.spawn(miners, CoinLayout.ringCapacityFor(payload), Handoffs.ends(handoff));
            jvmHandoff = Handoffs.create(handoff);
            rounds = new Rounds(pool, jvmHandoff, SEED, TIMEOUT_NS, payload);
        } else if (parent.equals("native")) {
            session = NativeSession.start(handoff, miners, difficulty, SEED, payload);
        } else {
            throw new IllegalArgumentException("parent must be jvm or native: parent=" + parent);
        }
    }

    /**
     * Every measured iteration starts at a round number fixed by its trial and place, so that every
     * hand-off and both parents mine exactly the same coins in the k-th round of the i-th iteration
     * of trial t (the work is a function of seed, round and miner). The report pairs those rounds:
     * a round's makespan is mostly its mining, and pairing takes that out of a comparison.
     */
    @Setup(Level.Iteration)
    public void numberRounds(IterationParams it) {
        long trial = Long.getLong("chaching.bench.trial", 1L);
        SampleLog.declare("pairs", "round k of measured iteration i of trial t is round t*1000000 + i*10000 + k");
        if (it.getType() == IterationType.MEASUREMENT) {
            round = trial * 1_000_000L + measured++ * 10_000L;
        } else {
            round = 500_000_000L + trial * 1_000_000L + warm++ * 10_000L;
        }
        coins = 0;
        counts = CountWindow.open(session, jvmHandoff == null || jvmHandoff.talliesItsSyscalls());
    }

    /** The iteration's system calls, context switches, bytes and CPU per coin (RoundStatsProfiler reports them). */
    @TearDown(Level.Iteration)
    public void countIteration() {
        counts.close(coins);
    }

    @Benchmark
    public RoundSample round() throws IOException {
        long r = round++;
        RoundSample sample;
        if (session == null) {
            // process CPU, not thread CPU: the threads hand-off reads on other threads
            long cpu = os.getProcessCpuTime();
            RoundResult result = rounds.run(r, difficulty, null);
            sample = RoundSample.of(result, os.getProcessCpuTime() - cpu);
        } else {
            sample = session.round(r, difficulty);
        }
        RoundRecorder.add(sample);
        coins += sample.cashedNs().length;
        if (lastRounds.size() == TRACE_ROUNDS) {
            lastRounds.removeFirst();
        }
        lastRounds.addLast(sample);
        return sample;
    }

    @TearDown(Level.Trial)
    public void closeAll() throws IOException {
        try {
            writeTrace("round", handoff, parent, lastRounds);
        } finally {
            Trials.close(jvmHandoff, pool, session);
        }
    }

    /**
     * The last rounds' coins under -Dchaching.bench.traces (nothing when unset), in the project's
     * one per-coin trace format ({@link TraceWriter}: parent, handoff, miner, round, nonce, digest,
     * roundStartNs, startedNs, minedNs, cashedNs), in cash-in order, to round-HANDOFF-PARENT.csv.
     */
    static void writeTrace(String scenario, String handoff, String parent, Iterable<RoundSample> samples)
            throws IOException {
        String dir = System.getProperty("chaching.bench.traces");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path file = Path.of(dir, scenario + "-" + handoff + "-" + parent + ".csv");
        try (TraceWriter w = new TraceWriter(file, parent)) {
            for (RoundSample s : samples) {
                for (int i = 0; i < s.miner().length; i++) {
                    w.record(handoff, s.miner()[i], s.round(), s.nonce()[i], s.digestHex()[i], s.startNs(),
                            s.startedNs()[i], s.minedNs()[i], s.cashedNs()[i]);
                }
            }
        }
    }
}

package io.chaching.bench;

import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.ActiveSubset;
import io.chaching.rounds.RoundRecorder;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.RoundSample;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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

/*
 * Multiplexer scaling: what a wake-up costs the parent when it watches `miners` pipes and only
 * `active` of them speak. select and poll hand the kernel the whole set on every call, which
 * then polls and queues on every pipe and unqueues after (O(miners) per call); epoll and
 * io_uring registered every pipe once, at attach, and each wake-up costs O(ready).
 *
 * One call is one round on the active miners (ActiveSubset): each streams `coinsPerMiner` coins
 * (default 1) at difficulty 0, `pace` ns apart, and the parent cashes them in, each checked
 * (digest recomputed in Java, about 1 us, alike for every hand-off). The parent then sleeps
 * until a coin lands, so every round costs at least one wake-up, at most one per coin.
 * Primary: time per round. Secondary "coin": the same time per coin cashed in (AuxCounters
 * OPERATIONS, which AverageTime turns into time per counted coin; @OperationsPerInvocation is a
 * constant and cannot follow active x coinsPerMiner). RoundStatsProfiler (BenchMain adds it)
 * gives burst.mean, coins cashed per sweep (time per wake-up ~ coin x burst.mean), and
 * parentThreadCpu, this thread's CPU over the round's makespan, read at the same two moments (all four
 * hand-offs run on the calling thread; the set-up before the first command and the settling after
 * the last coin fall outside both, which once put it above 1 at 1024 miners).
 *
 * The trap: a hand-off stops watching a miner that owes nothing (select rebuilds its bitmap
 * from the owing miners, poll sets its fd to -1). Inside a round that is sound, but it would
 * hide the seminar's point: a server cannot know which quiet connection speaks next. So with
 * idle=watched (the default) every idle miner owes one coin that never comes, and once the
 * last active coin is in the sink settles those debts, so cashIn returns at once: every
 * select/poll call of the round carried all `miners` pipes. The settling is N - A counter
 * decrements, a few us per round at 1024 miners, for every hand-off alike. idle=dropped lets
 * the idle miners owe nothing: what is left of N in select and poll is then their Java-side
 * scan and the kernel skipping empty bitmap words and negative fds.
 *
 * Left out: the C parent (cparent --serve can only command its whole pool; a subset would be
 * new C for a question about the same system calls), and hand-offs that do not multiplex pipes.
 * Spawning 1024 miners takes seconds: per trial, never in the measured call. The idle miners
 * sleep in read(2) on their command pipes and take no CPU; the active ones share 2 cores with
 * the parent, and waking a sleeping process costs ~10 us on this KVM guest (ANCHORS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class MultiplexerBenchmark {
    static final long SEED = 20261124L;
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /**
     * The rounds' CPU over their makespan, named apart from RoundBenchmark's {@code parentCpu}:
     * this thread's CPU, not the process's (RoundStatsProfiler gives it this name).
     */
    public static final String CPU_METRIC = "parentThreadCpu";

    @Param({"select", "poll", "epoll", "io_uring"})
    public String handoff;

    @Param({"16", "64", "256", "1024"})
    public int miners;

    @Param({"4"})
    public int active;

    @Param({"watched", "dropped"})
    public String idle;

    @Param({"1"})
    public long coinsPerMiner;

    @Param({"0"})
    public long pace;

    private MinerPool pool;
    private Handoff jvmHandoff;
    private ActiveSubset subset;
    private long round;

    /** Coins cashed in, per iteration; AverageTime reports it as time per coin. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Cashed {
        public long coin;
    }

    @Setup(Level.Trial)
    public void spawnMiners() throws IOException {
        ActiveSubset.Idle idleMiners = ActiveSubset.Idle.of(idle);
        pool = MinerPool.spawn(miners, Handoffs.launch(handoff));
        try {
            jvmHandoff = Handoffs.create(handoff);
            subset = new ActiveSubset(pool, jvmHandoff, SEED, TIMEOUT_NS, active, idleMiners);
        } catch (IOException | RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    @Benchmark
    public RoundSample round(Cashed cashed) throws IOException {
        long t0 = System.nanoTime();
        RoundResult result = subset.run(round++, coinsPerMiner, pace, null);
        RoundSample sample = RoundSample.of(result, subset.lastCpuNs());
        SampleLog.add("op", "us", (System.nanoTime() - t0) / 1e3);
        RoundRecorder.add(sample);
        cashed.coin += result.coins().size();
        return sample;
    }

    @TearDown(Level.Trial)
    public void closeAll() throws IOException {
        Trials.close(jvmHandoff, pool, null);
    }
}

package io.chaching.bench;

import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.coins.CoinLayout;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.Streams;
import java.io.IOException;
import java.util.Map;
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

/*
 * Latency, not throughput: every miner hands off one coin per `pace` nanoseconds (10,000 coins/s
 * by default), far below what any hand-off can carry, and the parent cashes each in. The answer
 * is the distribution of cash-in delays (latency.p50/p99/p99.9/max, secondary results), per
 * stream of STREAM_COINS coins per miner, averaged over the iteration's streams.
 *
 * Coordinated omission: a coin's minedNs is its slot in the miner's schedule (or the moment it
 * was found, if later), not the moment it got out. A hand-off that falls behind and holds the
 * miner up (full pipe or ring) therefore shows up as delay of every coin behind it instead of
 * silently pushing the schedule back.
 *
 * The primary metric, time per stream, is the pacing itself (STREAM_COINS x pace) and is there
 * only as a check. The JVM's delays are recorded into an array in the sink and summarised
 * (nearest rank, exact) after the iteration; the C parent computes the same percentiles over its own
 * stream. The 99.9th is reported only for streams long enough to have one (10000 coins). With one miner on 2 cores nothing is oversubscribed: the parent's wake-up is what is
 * measured, and a sleeping parent's wake-up on this KVM guest costs about 10-20 us.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// native access for JNA and FFM without JDK 24+'s warnings (JDK 17 accepts the option too)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class PacedLatencyBenchmark {
    static final long SEED = 20261124L;
    static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);
    static final int STREAM_COINS = 1000;

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

    @Param({"1", "4"})
    public int miners;

    @Param({"100000"})
    public long pace;

    @Param({"0"})
    public int payload;

    private MinerPool pool;
    private Handoff jvmHandoff;
    private Streams streams;
    private NativeSession session;
    private long round;

    @Setup(Level.Trial)
    public void spawnMiners() throws IOException {
        Trials.bind(binding, parent);
        if (parent.equals("jvm")) {
            pool = MinerPool.spawn(miners, CoinLayout.ringCapacityFor(payload), Handoffs.ends(handoff));
            jvmHandoff = Handoffs.create(handoff);
            streams = new Streams(pool, jvmHandoff, SEED, TIMEOUT_NS);
        } else if (parent.equals("native")) {
            session = NativeSession.start(handoff, miners, 0, SEED, payload);
        } else {
            throw new IllegalArgumentException("parent must be jvm or native: parent=" + parent);
        }
    }

    @Benchmark
    public long pacedStream() throws IOException {
        long r = round++;
        if (session == null) {
            long[] delays = new long[STREAM_COINS * miners];
            int[] n = {0};
            Streams.Result result = streams.run(new Streams.Spec(r, 0, STREAM_COINS, payload, 1, pace, true),
                    (miner, coin) -> delays[n[0]++] = coin.cashInDelayNs());
            LatencyRecorder.add(LatencyRecorder.StreamDelays.raw(delays));
            return result.coins();
        }
        Map<String, Long> result = session.stream(r, STREAM_COINS, 0, 1, pace);
        LatencyRecorder.add(LatencyRecorder.StreamDelays.summary(Math.toIntExact(result.get("coins")), result.get("delay_p50"), result.get("delay_p99"),
                result.get("delay_p999"), result.get("delay_max")));
        return result.get("coins");
    }

    @TearDown(Level.Trial)
    public void closeAll() throws IOException {
        Trials.close(jvmHandoff, pool, session);
    }
}

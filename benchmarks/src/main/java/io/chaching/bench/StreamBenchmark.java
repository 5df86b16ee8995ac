package io.chaching.bench;

import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.coins.CoinLayout;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.Streams;
import java.io.IOException;
import java.util.Map;
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
 * Throughput: every miner mines coins back to back at difficulty 0 (every nonce is a coin) and
 * hands them off 32 per write or ring publish; the parent cashes them in and checks each (digest
 * recomputed, payload checksum, nonces ascending, exact counts). One call is one stream of about
 * 32 MB or 250,000 coins, whichever comes first; the aux counters "coins" and "bytes" give
 * coins/s and bytes/s (coin headers plus payload).
 *
 * The shared-memory rings hold 64 KiB, like a pipe, or two records when payloads are larger,
 * so neither side has more buffering. Miners are spawned per trial. At payload 0 the miner
 * itself (one SHA-512 per coin) caps a stream near 3 M coins/s per miner on this machine, so
 * small-coin figures compare parents at that ceiling; large payloads measure the copies.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// native access for JNA and FFM without JDK 24+'s warnings (JDK 17 accepts the option too)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class StreamBenchmark {
    static final long SEED = 20261124L;
    static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);
    static final int BATCH = 32;

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

    @Param({"1", "2", "4", "16"})
    public int miners;

    @Param({"0", "4096", "65536", "1048576"})
    public int payload;

    @Param({"0"})
    public int difficulty;

    /**
     * mining: every miner mines as it goes (one SHA-512 and a clock read a coin: the stream is
     * bound by the miner). premined: the miners hand off coins they mined before (once, in the
     * trial's first call, then the same real coins every call, each verified), so what bounds the
     * stream is the hand-off; ProducerBenchmark gives the producer's own ceiling.
     */
    @Param({"mining", "premined"})
    public String producer;

    /** digests: every coin's digest recomputed (a batch at a time); headers: its header checked only. */
    @Param({"digests", "headers"})
    public String verify;

    private MinerPool pool;
    private Handoff jvmHandoff;
    private Streams streams;
    private NativeSession session;
    private long coinsPerMiner;
    private long round;
    private CountWindow counts;
    private long coins; // in this iteration, for the counts per coin

    /** Per-iteration totals JMH reports as rates. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Moved {
        public long coins;
        public long bytes;
    }

    /** Coins in one call's stream, all miners together: 250,000, or 32 MB of records. */
    static long coinsPerStream(int payload) {
        return Math.min(250_000, (32L << 20) / (CoinLayout.COIN_LENGTH + payload));
    }

    @Setup(Level.Trial)
    public void spawnMiners() throws IOException {
        if (!producer.equals("mining") && !producer.equals("premined")) {
            throw new IllegalArgumentException("producer must be mining or premined: producer=" + producer);
        }
        if (!verify.equals("digests") && !verify.equals("headers")) {
            throw new IllegalArgumentException("verify must be digests or headers: verify=" + verify);
        }
        Trials.bind(binding, parent);
        coinsPerMiner = Math.max(4, coinsPerStream(payload) / miners);
        if (parent.equals("jvm")) {
            pool = MinerPool.spawn(miners, CoinLayout.ringCapacityFor(payload), Handoffs.ends(handoff));
            jvmHandoff = Handoffs.create(handoff);
            streams = new Streams(pool, jvmHandoff, SEED, TIMEOUT_NS);
        } else if (parent.equals("native")) {
            session = NativeSession.start(handoff, miners, difficulty, SEED, payload);
        } else {
            throw new IllegalArgumentException("parent must be jvm or native: parent=" + parent);
        }
    }

    @Setup(Level.Iteration)
    public void openCounts() {
        coins = 0;
        counts = CountWindow.open(session, jvmHandoff == null || jvmHandoff.talliesItsSyscalls());
    }

    /** The iteration's system calls, context switches, bytes and CPU per coin (RoundStatsProfiler reports them). */
    @TearDown(Level.Iteration)
    public void countIteration() {
        counts.close(coins);
    }

    @Benchmark
    public long stream(Moved moved) throws IOException {
        boolean premined = producer.equals("premined");
        long r = premined ? 0 : round++; // premined: the block of round 0, mined once, handed off each call
        long coins;
        long payloadBytes;
        long t0 = System.nanoTime();
        if (session == null) {
            Streams.Result result = streams.run(new Streams.Spec(r, difficulty, coinsPerMiner, payload, BATCH, 0,
                    verify.equals("digests"), premined), null);
            coins = result.coins();
            payloadBytes = result.payloadBytes();
        } else {
            Map<String, Long> result = session.stream(r, coinsPerMiner, difficulty, BATCH, 0, premined,
                    verify.equals("digests"));
            coins = result.get("coins");
            payloadBytes = result.getOrDefault("bytes", 0L);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        SampleLog.add("coins", "coins/s", coins / seconds);
        SampleLog.add("bytes", "B/s", (coins * CoinLayout.COIN_LENGTH + payloadBytes) / seconds);
        moved.coins += coins;
        this.coins += coins;
        moved.bytes += coins * CoinLayout.COIN_LENGTH + payloadBytes;
        return coins;
    }

    @TearDown(Level.Trial)
    public void closeAll() throws IOException {
        Trials.close(jvmHandoff, pool, session);
    }
}

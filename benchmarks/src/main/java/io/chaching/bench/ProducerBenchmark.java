package io.chaching.bench;

import io.chaching.sys.NativeProducer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/*
 * The producer's ceiling, the hand-off taken out: one miner's stream of coins made exactly as the
 * miner makes them (produce_coins in libchaching.so, the code miner.c runs), 32 coins a batch,
 * into a buffer that is dropped where the miner would write(2) or publish. "coins" is coins/s. A
 * StreamBenchmark of the same producer and payload moves at most this many coins a second per
 * miner; what it moves less is the hand-off's (and the parent's) doing. One call is one stream of
 * as many coins as StreamBenchmark's (250,000, or 32 MB of records).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class ProducerBenchmark {
    static final int BATCH = 32;

    @Param({"mining", "premined"})
    public String producer;

    @Param({"0", "4096", "65536", "1048576"})
    public int payload;

    /** Per-iteration totals JMH reports as rates. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Made {
        public long coins;
    }

    @Benchmark
    public long produce(Made made) {
        long count = StreamBenchmark.coinsPerStream(payload);
        long t0 = System.nanoTime();
        long sum = NativeProducer.produce(StreamBenchmark.SEED, 0, 0, count, payload, BATCH, producer.equals("premined"));
        SampleLog.add("coins", "coins/s", count / ((System.nanoTime() - t0) / 1e9));
        made.coins += count;
        return sum;
    }
}

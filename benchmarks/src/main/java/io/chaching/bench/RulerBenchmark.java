package io.chaching.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/*
 * The ruler: how fast this machine is today, with no processes, no I/O and no scheduler in
 * the way: one SHA-512 of a 32-byte coin message in this JVM, on every core at once. The
 * regression gate (scripts/check-regression) divides every other result by how much this one
 * moved between two runs, so a slower or busier machine is not mistaken for a slower hand-off.
 * It measures the CPU the parent's verification uses, and it runs one thread per core because
 * the rounds do: 16 miners need both cores, and a core taken by another process doubles a
 * round's makespan while a one-thread ruler would barely move (seen here: a busy neighbour made
 * rounds 2.5x slower and a one-thread ruler 4% slower).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(Threads.MAX)
@State(Scope.Thread)
public class RulerBenchmark {
    private MessageDigest sha512;
    private final byte[] message = new byte[32];
    private long counter;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        sha512 = MessageDigest.getInstance("SHA-512");
    }

    @Benchmark
    public byte[] sha512() {
        message[0] = (byte) counter++; // a different message each time: nothing to fold away
        return sha512.digest(message);
    }
}

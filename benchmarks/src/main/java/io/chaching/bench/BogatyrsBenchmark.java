package io.chaching.bench;

import io.chaching.bogatyrs.Circle;
import io.chaching.bogatyrs.Text;
import io.chaching.bogatyrs.Transport;
import java.io.IOException;
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
 * The 33 bogatyrs: how long N processes with no conductor take to agree who says which letter,
 * and to say the whole text, per transport. One operation is one run of the protocol: the
 * parent broadcasts START k into every inbox, then listens until it hears the last letter. The
 * primary score is that, START to last letter, in ms per run; the secondary results, from the
 * parent's own clock, are `agreement` (START to the moment the parent holds all N AGREED
 * messages) and `lastLetter` (START to the last letter, the primary without JMH's call overhead),
 * means over the iteration's runs (io.chaching.bench.RoundStatsProfiler, which BenchMain adds; by
 * hand: -prof io.chaching.bench.RoundStatsProfiler).
 *
 * The text is the first min(count, 33) letters of А..Я: every bogatyr owns one up to 33, and
 * above 33 the rest own none but still draw, agree and hear every letter. So agreement grows
 * with count (count broadcasts of count+1 messages each, sorted by everyone), and speaking with
 * the letters (each letter one broadcast, and a wake-up of its next owner).
 *
 * Trap avoided: spawning count processes per operation would measure posix_spawn and exec, not
 * the protocol (SpawnBenchmark measures those). The bogatyrs are spawned once per trial with
 * --serve and run the protocol afresh on every START: new draws (the run number is hashed into
 * them), new places, no state kept but the inboxes. START assigns nothing; it is the only thing
 * the parent ever says. What is left in: the parent's START broadcast (count writes), the
 * scheduler (count processes on 2 cores here, so large counts measure mostly context switches),
 * and for shm a futex wake-up per message to a sleeping owner.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class BogatyrsBenchmark {
    @Param({"3", "8", "33", "128"})
    public int count;

    @Param({"pipe", "shm"})
    public String transport;

    private Circle circle;
    private int run;

    /** The first min(count, 33) letters of the Russian alphabet. */
    static String textFor(int count) {
        String a = Text.RUSSIAN_ALPHABET;
        return a.substring(0, a.offsetByCodePoints(0, Math.min(count, a.codePointCount(0, a.length()))));
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        circle = Circle.spawn(Circle.Spec.of(count, textFor(count), Transport.of(transport), 1).serving());
        run = 0;
    }

    /** One run: START, agreement, every letter; returns the parent's START-to-last-letter time. */
    @Benchmark
    public long speak() throws IOException {
        Circle.Outcome o = circle.run(++run);
        AgreementRecorder.add(o.agreementNs(), o.lastLetterNs());
        return o.lastLetterNs();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (circle != null) {
            circle.close();
            circle = null;
        }
    }
}

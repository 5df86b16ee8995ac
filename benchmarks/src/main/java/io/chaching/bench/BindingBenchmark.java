package io.chaching.bench;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.chaching.sys.CallLoop;
import io.chaching.sys.Call;
import io.chaching.sys.Fd;
import io.chaching.sys.Futex;
import io.chaching.sys.Mapping;
import io.chaching.sys.Multiplex;
import io.chaching.sys.Pipe;
import io.chaching.sys.Poll;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * What one system call costs through the binding (issue 17): the same call, over and over, with
 * nothing else in the loop, so the binding's own cost is not lost in a stream where one call
 * serves 40 to 200 coins. Each call is one the hand-offs make on their hot path, and the kernel
 * does as little as it can for it:
 *
 * call=read-eagain: read(2) of 64 bytes on an empty O_NONBLOCK pipe, -1 with EAGAIN, errno read
 * back: what a nonblocking parent spins on. futex-wake: FUTEX_WAKE of one waiter on a word in a
 * shared memfd mapping (not FUTEX_PRIVATE, like the rings' doorbell) with no one waiting: 0
 * woken. poll-0: poll(2) of the empty pipe's read end for POLLIN with timeout 0: 0 ready.
 *
 * parent=jvm makes them through the checked wrappers the hand-offs use (Fd.read, Futex.wake,
 * Multiplex.poll), so through the binding's NativeCalls (JnaCalls, or FfmCalls with binding=ffm)
 * with what those wrappers add: the system call counter, the errno read of the read, the clock
 * read that turns poll's deadline into its timeout. parent=native makes the same calls in C
 * (cc_call_loop in libchaching.so: native/src/callbench.c) on the same pipe and word, timed in C:
 * one JNA call starts CALLS of them, and no binding is between that loop and the kernel.
 *
 * One measured call is CALLS system calls; each adds one sample, its nanoseconds a call (the JVM's
 * System.nanoTime around its loop, C's CLOCK_MONOTONIC around its own: the same clock). Every
 * call's result is checked, so a call that behaves otherwise stops the benchmark with one line.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BindingBenchmark.CALLS)
// native access for JNA and FFM without JDK 24+'s warnings (JDK 17 accepts the option too)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class BindingBenchmark {
    /** System calls a measured call makes: enough that C's one JNA call to start them is noise. */
    static final int CALLS = 1000;
    static final int READ_BYTES = 64;

    @Param({"read-eagain", "futex-wake", "poll-0"})
    public String call;

    @Param({"jvm", "native"})
    public String parent;

    /** As StreamBenchmark's: only jna unless asked ({@code -p binding=jna,ffm}); see {@link Trials#bind}. */
    @Param({"jna"})
    public String binding;

    private static final Call READ = () -> "read(empty non-blocking pipe)";
    private static final Call POLL = () -> "poll(empty pipe, timeout 0)";

    private Pipe pipe;
    private Mapping word;
    private Memory buf;
    private Memory pollfd;
    private int kind;
    /** A deadline already past when the calls are made: Multiplex.poll's timeout is then 0. */
    private long past;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Trials.bind(binding, parent);
        kind = CallLoop.kind(call);
        if (!parent.equals("jvm") && !parent.equals("native")) {
            throw new IllegalArgumentException("parent must be jvm or native: parent=" + parent);
        }
        try {
            pipe = Pipe.open();
            pipe.readEnd.setNonBlocking(true);
            word = Mapping.memfd("cha-ching-binding-word", 4096);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        buf = new Memory(READ_BYTES);
        pollfd = new Memory(Poll.POLLFD_LENGTH);
        Poll.set(pollfd, 0, pipe.readEnd.fd(), Poll.POLLIN);
        past = System.nanoTime();
    }

    /** CALLS calls of {@code call}; returns what they returned, summed, so none is dead code. */
    @Benchmark
    public long calls() throws SyscallException {
        if (parent.equals("native")) {
            long ns = CallLoop.run(call, pipe.readEnd.fd(), word.address(), CALLS);
            SampleLog.add("op", "ns", (double) ns / CALLS);
            return ns;
        }
        long t0 = System.nanoTime();
        long sum = switch (kind) {
            case 0 -> readEagain();
            case 1 -> futexWake();
            default -> poll0();
        };
        SampleLog.add("op", "ns", (double) (System.nanoTime() - t0) / CALLS);
        return sum;
    }

    private long readEagain() throws SyscallException {
        int fd = pipe.readEnd.fd();
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            long n = Fd.read(fd, buf, READ_BYTES, READ);
            if (n != Fd.AGAIN) {
                throw new IllegalStateException("read-eagain: read of the empty non-blocking pipe returned " + n
                        + ", expected EAGAIN (" + Fd.AGAIN + ")");
            }
            sum += n;
        }
        return sum;
    }

    private long futexWake() {
        long address = Pointer.nativeValue(word.address());
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            long woken = Futex.wake(address, 1);
            if (woken != 0) {
                throw new IllegalStateException("futex-wake: FUTEX_WAKE with no waiter returned " + woken
                        + ", expected 0 woken");
            }
            sum += woken;
        }
        return sum;
    }

    private long poll0() throws SyscallException {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            // timeout 0, as a hand-off's last look once its deadline has passed
            int ready = Multiplex.poll(pollfd, 1, past, POLL);
            if (ready != 0) {
                throw new IllegalStateException("poll-0: poll of the empty pipe returned " + ready + ", expected 0 ready");
            }
            sum += ready;
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            Trials.closeInOrder(word, pipe);
        } finally {
            word = null;
            pipe = null;
        }
    }
}

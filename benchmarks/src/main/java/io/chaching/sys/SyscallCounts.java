package io.chaching.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts of the system calls the parent's hand-off makes, by kind, and the bytes it reads
 * through them: counts that do not depend on the machine's speed (issue 14). They are counted
 * where the project makes the call (one plain {@code long} increment beside each JNA call on a
 * hand-off's path), not by the kernel, so a call the JVM makes on its own (a futex inside a
 * {@code BlockingQueue}, the watchdog's scheduling) is not in them; {@code CountsStraceTest}
 * holds them to {@code strace}.
 *
 * <p>Kinds: {@code reads} (read(2)), {@code writes} (write(2): the round commands), {@code waits}
 * (a call that may sleep until a coin is there: poll, select, epoll_wait, io_uring_enter with
 * GETEVENTS, io_getevents, FUTEX_WAIT, and the {@code threads} parent's wait on its queue when it
 * is empty), {@code other} (epoll_ctl, io_submit, io_uring_enter without waiting, sched_yield,
 * waitpid of a liveness check, the extra call of {@code -Dchaching.extrasyscall.handoff}).
 *
 * <p>One counter per thread, each written only by its thread: the thread that runs the hand-off
 * (JMH's worker, the CLI's main thread) uses the shared {@link #PARENT} counter; a hand-off's own
 * threads (the {@code threads} reader threads) are {@link CountingThread}s with their own, and
 * {@link #snapshot()} sums them. A counter read from another thread may lag by the call in
 * progress; summed over an iteration that is noise of one call.
 */
public final class SyscallCounts {
    /** A thread's counts. Plain fields: written by one thread only. */
    public static final class Counter {
        long reads;
        long writes;
        long waits;
        long other;
        long bytesRead;
        /** The thread's kernel id, for its context switches in /proc (0: the calling thread's own). */
        volatile int tid;
    }

    /** A thread of a hand-off whose system calls count as the parent's. */
    public static class CountingThread extends Thread {
        final Counter counter = new Counter();

        public CountingThread(Runnable body, String name) {
            super(body, name);
        }

        @Override
        public void run() {
            counter.tid = (int) Unistd.syscall(SYS_GETTID, 0, 0, 0, 0, 0, 0);
            register(counter);
            try {
                super.run();
            } finally {
                retire(counter);
            }
        }
    }

    /** Everything counted, and context switches of the counted threads. */
    public record Snapshot(long reads, long writes, long waits, long other, long bytesRead, long voluntary,
                           long involuntary) {
        public long syscalls() {
            return reads + writes + waits + other;
        }

        /** This minus {@code before}. */
        public Snapshot since(Snapshot before) {
            return new Snapshot(reads - before.reads, writes - before.writes, waits - before.waits,
                    other - before.other, bytesRead - before.bytesRead, voluntary - before.voluntary,
                    involuntary - before.involuntary);
        }

        public Snapshot plus(Snapshot o) {
            return new Snapshot(reads + o.reads, writes + o.writes, waits + o.waits, other + o.other,
                    bytesRead + o.bytesRead, voluntary + o.voluntary, involuntary + o.involuntary);
        }

        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0);

        /** "reads=N writes=N waits=N other=N bytes_read=N vcsw=N ivcsw=N", the C parent's words for them. */
        public String line() {
            return "reads=" + reads + " writes=" + writes + " waits=" + waits + " other=" + other + " bytes_read="
                    + bytesRead + " vcsw=" + voluntary + " ivcsw=" + involuntary;
        }
    }

    /** With {@code -Dchaching.counts}: the counts since {@code before} on stderr, for a CLI run under strace. */
    public static void report(Snapshot before, long coins) {
        if (System.getProperty("chaching.counts") != null) {
            System.err.println("counts parent=jvm coins=" + coins + " " + snapshot().since(before).line());
        }
    }

    static final long SYS_GETTID = 186;

    /** The hand-off's own thread: JMH's worker or the CLI's main thread (one at a time). */
    public static final Counter PARENT = new Counter();
    private static final List<Counter> THREADS = new ArrayList<>();
    /** Counts of hand-off threads that have ended (their context switches included). */
    private static Snapshot retired = Snapshot.ZERO;

    private SyscallCounts() {
    }

    private static Counter mine() {
        return Thread.currentThread() instanceof CountingThread t ? t.counter : PARENT;
    }

    /** One read(2) that returned {@code n} (negative: an error, no bytes). */
    public static void read(long n) {
        Counter c = mine();
        c.reads++;
        if (n > 0) {
            c.bytesRead += n;
        }
    }

    /** Bytes that arrived without a read(2) of ours (an io_uring read's completion). */
    public static void arrived(long n) {
        mine().bytesRead += n;
    }

    public static void write() {
        mine().writes++;
    }

    public static void await() {
        mine().waits++;
    }

    public static void other() {
        mine().other++;
    }

    private static synchronized void register(Counter c) {
        THREADS.add(c);
    }

    private static synchronized void retire(Counter c) {
        long[] cs = contextSwitches(0); // on the ending thread itself
        retired = retired.plus(new Snapshot(c.reads, c.writes, c.waits, c.other, c.bytesRead, cs[0], cs[1]));
        THREADS.remove(c);
    }

    /**
     * Every count so far, summed over the calling thread (as the parent) and every hand-off
     * thread, with their voluntary and involuntary context switches: the caller's from
     * getrusage(RUSAGE_THREAD), the others' from /proc/self/task/TID/status. Call it from the
     * thread that runs the hand-off, outside the timed path (it reads a /proc file per thread).
     */
    public static synchronized Snapshot snapshot() {
        long[] self = contextSwitches(0);
        Snapshot s = new Snapshot(PARENT.reads, PARENT.writes, PARENT.waits, PARENT.other, PARENT.bytesRead, self[0],
                self[1]).plus(retired);
        for (Counter c : THREADS) {
            long[] cs = contextSwitches(c.tid);
            s = s.plus(new Snapshot(c.reads, c.writes, c.waits, c.other, c.bytesRead, cs[0], cs[1]));
        }
        return s;
    }

    /** {voluntary, involuntary} context switches of thread {@code tid} (0: the calling thread). */
    static long[] contextSwitches(int tid) {
        if (tid == 0) {
            long[] ru = new long[Resource.RUSAGE_LONGS];
            if (Resource.getrusage(Resource.RUSAGE_THREAD, ru) != 0) {
                return new long[] {0, 0};
            }
            return new long[] {ru[Resource.RUSAGE_LONGS - 2], ru[Resource.RUSAGE_LONGS - 1]};
        }
        long[] out = {0, 0};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    out[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    out[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the thread has ended between the list and the read: its switches are lost, not invented
        }
        return out;
    }
}

package io.chaching.handoff;

import com.sun.jna.Memory;
import io.chaching.coins.CoinPipe;
import io.chaching.coins.Deliveries;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Call;
import io.chaching.sys.Fd;
import io.chaching.sys.Multiplex;
import io.chaching.sys.Pipe;
import io.chaching.sys.Poll;
import io.chaching.sys.SyscallCounts;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The plain-Java answer, and the seminar's "reader processes" as threads: one reader thread
 * per miner sleeps on that miner's blocking pipe and puts what each read brings onto one queue;
 * the parent thread sleeps on the queue. No readiness call in the parent, but every coin pays
 * a second wake-up (reader, then parent) and a trip through the queue's lock.
 *
 * <p>A coin is cashed in when the parent takes it from the queue, not when its reader read it:
 * CoinPipe stamps {@code cashedNs} at the read, so the parent restamps each coin as it takes
 * it. The coins of one read travel as one batch and share the stamp (a burst, as in the other
 * hand-offs).
 *
 * <p>Readers live from {@link #attach} to {@link #close()}, across rounds. A read(2) blocked
 * on a pipe wakes only for data or EOF, and the pipes are the pool's, closed after this
 * hand-off; so each reader sleeps in poll(2) on its pipe and on a wake-up pipe, then reads the
 * pipe, which is ready and does not block. {@link #close()} closes the wake-up pipe's write end
 * (POLLHUP for every reader) and joins them. The queue, the readers' failures and the parent's
 * side are {@link Deliveries}, which {@code jdk-process} shares.
 */
public final class ThreadsHandoff implements Handoff {
    static final String THREAD_PREFIX = "coin-reader-";
    static final long JOIN_NANOS = 2_000_000_000L;

    private MinerPool attached;
    private Deliveries deliveries;
    private final List<Thread> readers = new ArrayList<>();
    private Pipe wake;
    private volatile boolean closing;

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (pool == attached) {
            return; // Rounds and Streams on one pool both attach
        }
        close();
        closing = false;
        List<Miner> miners = pool.miners();
        for (Miner m : miners) {
            m.coinFd().setNonBlocking(false);
        }
        deliveries = new Deliveries(name(), miners.size());
        wake = Pipe.open();
        attached = pool;
        for (Miner m : miners) {
            Thread t = new SyscallCounts.CountingThread(() -> read(m), THREAD_PREFIX + m.id());
            t.setDaemon(true);
            readers.add(t);
            t.start();
        }
    }

    /** A reader's life: sleep until the pipe is ready, read it, queue what came, until EOF or close. */
    private void read(Miner miner) {
        Fd wakeFd = wake.readEnd;
        Memory pollfds = new Memory(2 * Poll.POLLFD_LENGTH);
        CoinPipe pipe = miner.pipe();
        Call pollCall = () -> "poll(coins fd=" + pipe.fd().fd() + ", wake fd=" + wakeFd.fd() + ")";
        deliveries.readUntilEnd(miner.id(), pipe, () -> ready(pollfds, pipe.fd(), wakeFd, pollCall), () -> closing);
    }

    /** poll(2) on the coin pipe and the wake-up pipe; true when the coin pipe is readable (or at EOF). */
    private static boolean ready(Memory pollfds, Fd coinFd, Fd wakeFd, Call call) throws SyscallException {
        Poll.set(pollfds, 0, coinFd.fd(), Poll.POLLIN);
        Poll.set(pollfds, 1, wakeFd.fd(), Poll.POLLIN);
        while (Multiplex.poll(pollfds, 2, Multiplex.FOREVER, call) == 0) {
            // no timeout: only a spurious return gets here
        }
        return Poll.revents(pollfds, 1) == 0; // nonzero: close() hung up the wake-up pipe
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        deliveries.cashIn(quota, deadlineNs, sink);
    }

    /** Hangs up the wake-up pipe, joins every reader, then closes the pipe. Idempotent. */
    @Override
    public void close() throws IOException {
        if (wake == null) {
            return;
        }
        closing = true;
        wake.writeEnd.close();
        for (Thread t : readers) {
            t.interrupt(); // one waiting for room on the queue
        }
        List<String> stuck = new ArrayList<>();
        long deadline = System.nanoTime() + JOIN_NANOS;
        try {
            for (Thread t : readers) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    stuck.add(t.getName());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stuck.add("(interrupted while joining)");
        }
        readers.clear();
        wake.readEnd.close();
        wake = null;
        deliveries = null;
        attached = null;
        if (!stuck.isEmpty()) {
            throw new IOException("coin readers did not stop within " + JOIN_NANOS / 1_000_000 + " ms: " + stuck);
        }
    }
}

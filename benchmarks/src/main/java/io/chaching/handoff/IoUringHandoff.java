package io.chaching.handoff;

import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.IoUring;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.util.List;

/**
 * Completion instead of readiness: the parent keeps one IORING_OP_READ in flight on every miner's
 * pipe, straight into that miner's {@link io.chaching.coins.CoinPipe} buffer, and sleeps in one
 * io_uring_enter until any of them completes. The kernel does the read(2) for us (inline when data
 * is there, else when the pipe wakes its poll); a completion is the bytes themselves, so there is
 * no readiness event followed by a read, and resubmissions ride along with the next wait.
 *
 * <p>A read stays in flight between rounds and streams too (no coin can come before the next
 * command, so none is lost), and a miner's buffer is touched only when its read has completed.
 * That is why {@link #close()} cancels the reads and reaps them before it returns: the pool
 * closes after us and must find no read still aimed at its buffers.
 *
 * <p>user_data is the miner id; the cancels at close carry {@link #CANCEL} in the high bits.
 */
public final class IoUringHandoff implements Handoff {
    static final long CANCEL = 1L << 62;
    static final long CLOSE_WAIT_NS = 2_000_000_000L;

    private final IoUring.Setup setup;
    private IoUring ring;
    private MinerPool pool;
    private boolean[] inFlight;
    private boolean[] gone;      // EOF seen: its read is not resubmitted; fails a round that needs it
    private int inFlightCount;
    private Quota quota;         // of the cashIn under way, for the completion handler
    private Sink counted;
    private final IoUring.Completion onCompletion = this::completed; // one, not one a reap

    public IoUringHandoff() {
        this(IoUring.Setup.SYSCALL);
    }

    /** With {@code setup} in place of io_uring_setup(2): lets tests play a kernel that refuses. */
    IoUringHandoff(IoUring.Setup setup) {
        this.setup = setup;
    }

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (this.pool == pool) {
            return; // Rounds and Streams on one pool both attach
        }
        if (this.pool != null) {
            throw new IllegalStateException("io_uring hand-off is attached to another miner pool");
        }
        // One SQE per miner at most is queued at a time; the CQ (twice the SQ) then never overflows.
        int entries = Integer.highestOneBit(Math.max(1, pool.size() - 1)) << 1;
        IoUring r = IoUring.open(entries, setup);
        try {
            for (Miner m : pool.miners()) {
                // io_uring honours O_NONBLOCK (the read would complete with -EAGAIN): blocking fds let it
                // wait on the pipe's poll queue for us.
                m.coinFd().setNonBlocking(false);
            }
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        this.ring = r;
        this.pool = pool;
        this.inFlight = new boolean[pool.size()];
        this.gone = new boolean[pool.size()];
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        if (ring == null || this.pool != pool) {
            throw new IllegalStateException("io_uring hand-off is not attached to this miner pool");
        }
        long timeout = deadlineNs - System.nanoTime();
        this.quota = quota;
        this.counted = quota.counting(sink);
        try {
            List<Miner> miners = pool.miners();
            for (int i = 0; i < miners.size(); i++) {
                if (gone[i] && !quota.done(i)) {
                    miners.get(i).pipe().arrived(0, counted); // throws, saying how it ended
                }
                if (!inFlight[i] && !gone[i]) {
                    submitRead(i);
                }
            }
            while (!quota.done()) {
                if (ring.reap(onCompletion) == 0) {
                    ring.waitFor(deadlineNs - System.nanoTime());
                }
                quota.checkDeadline(deadlineNs, timeout);
            }
            // Reads queued by the last completions go in now, so every miner has one in flight.
            ring.submit();
        } finally {
            this.quota = null;
            this.counted = null;
        }
    }

    private void submitRead(int miner) throws SyscallException {
        Miner m = pool.miner(miner);
        // writeAddress() may move the buffer (makeRoom): safe only now, with no read in flight on it.
        ring.prepareRead(m.coinFd().fd(), m.pipe().writeAddress(), m.pipe().writeRoom(), miner);
        inFlight[miner] = true;
        inFlightCount++;
    }

    private void completed(long userData, int res) throws IOException {
        if ((userData & CANCEL) != 0) {
            return; // 0, -ENOENT (the read had completed) or -EALREADY: its read's own CQE tells
        }
        int i = (int) userData;
        inFlight[i] = false;
        inFlightCount--;
        if (quota == null) {
            return; // closing: the reads' buffers are about to go, and so are the miners
        }
        if (IoUring.retryable(res)) {
            // ECANCELED: the thread that submitted it has exited (io_uring cancels a thread's requests
            // when it exits), e.g. an earlier round ran on another thread. Not the miner's doing.
            submitRead(i);
            return;
        }
        Miner m = pool.miner(i);
        if (res < 0) {
            throw new SyscallException("io_uring read(coins, miner " + i + ", fd=" + m.coinFd().fd() + ")", -res);
        }
        if (res == 0) {
            gone[i] = true;
            if (quota.done(i)) {
                return; // it delivered all it owed; a later round that needs it fails then
            }
        }
        m.pipe().arrived(res, counted); // res == 0: throws MinerGoneException naming the miner
        submitRead(i);
    }

    /**
     * Cancels every read in flight and reaps them (bounded wait), then closes the ring: the pool's
     * buffers are free of the kernel when this returns.
     */
    @Override
    public void close() throws IOException {
        IoUring r = ring;
        if (r == null) {
            return;
        }
        ring = null;
        pool = null;
        try {
            quota = null;
            for (int i = 0; i < inFlight.length; i++) {
                if (inFlight[i]) {
                    r.prepareCancel(i, CANCEL | i);
                }
            }
            long deadline = System.nanoTime() + CLOSE_WAIT_NS;
            while (inFlightCount > 0 && System.nanoTime() - deadline < 0) {
                if (r.reap(onCompletion) == 0) {
                    r.waitFor(deadline - System.nanoTime());
                }
            }
            if (inFlightCount > 0) {
                throw new IOException("io_uring: " + inFlightCount + " read(s) still in flight "
                        + CLOSE_WAIT_NS / 1_000_000 + " ms after their cancel; closing the ring anyway");
            }
        } finally {
            r.close();
        }
    }
}

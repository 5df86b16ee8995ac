package io.chaching.handoff;

import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Aio;
import io.chaching.sys.Poll;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.util.List;

/**
 * Linux native AIO as a readiness API: an IOCB_CMD_POLL (POLLIN) per miner pipe, io_getevents to
 * sleep until one fires, then a non-blocking read of that miner's pipe. A poll iocb is one-shot,
 * so each costs an io_submit to re-arm: the price epoll's persistent interest list avoids.
 *
 * <p>A miner's poll is re-armed only while it owes coins; a poll still armed when a round ends
 * (after a timeout or a failure) stays armed into the next one and is not submitted twice.
 * {@link #close()} is io_destroy, which cancels the armed polls and waits for them.
 */
public final class AioHandoff implements Handoff {
    private Aio aio;
    private MinerPool pool;
    private boolean[] armed;
    private int[] toArm;         // miners whose polls are queued for the next io_submit
    private int queued;

    @Override
    public String name() {
        return "aio";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (this.pool == pool) {
            return; // Rounds and Streams on one pool both attach
        }
        if (this.pool != null) {
            throw new IllegalStateException("aio hand-off is attached to another miner pool");
        }
        Aio a = Aio.setup(pool.size());
        try {
            for (Miner m : pool.miners()) {
                // A poll can fire with nothing left to read (another read took it): never block there.
                m.coinFd().setNonBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
        this.aio = a;
        this.pool = pool;
        this.armed = new boolean[pool.size()];
        this.toArm = new int[pool.size()];
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        if (aio == null || this.pool != pool) {
            throw new IllegalStateException("aio hand-off is not attached to this miner pool");
        }
        List<Miner> miners = pool.miners();
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        for (int i = 0; i < miners.size(); i++) {
            if (!armed[i] && !quota.done(i)) {
                queue(i);
            }
        }
        submitQueued();
        while (!quota.done()) {
            int n = aio.getEvents(deadlineNs - System.nanoTime());
            // Every event is a poll that has fired, handled or not: none of them is armed any more.
            for (int e = 0; e < n; e++) {
                armed[(int) aio.eventData(e)] = false;
            }
            try {
                for (int e = 0; e < n; e++) {
                    int i = (int) aio.eventData(e);
                    long res = aio.eventRes(e);
                    if (res < 0) {
                        throw new SyscallException("IOCB_CMD_POLL(coins, miner " + i + ", fd="
                                + miners.get(i).coinFd().fd() + ")", (int) -res);
                    }
                    // POLLIN, or POLLHUP once the miner has gone: the read tells which (EOF throws).
                    miners.get(i).pipe().readAvailable(counted);
                    if (!quota.done(i)) {
                        queue(i);
                    }
                }
            } finally {
                // One io_submit re-arms all the miners handled, also when a later event threw.
                submitQueued();
            }
            quota.checkDeadline(deadlineNs, timeout);
        }
    }

    private void queue(int miner) {
        aio.queuePoll(miner, pool.miner(miner).coinFd().fd(), Poll.POLLIN, miner);
        toArm[queued++] = miner;
    }

    /** Submits the queued polls; marks them armed only once the kernel has them. */
    private void submitQueued() throws SyscallException {
        int n = queued;
        queued = 0;
        if (n > 0) {
            aio.submit();
            for (int k = 0; k < n; k++) {
                armed[toArm[k]] = true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        Aio a = aio;
        if (a == null) {
            return;
        }
        aio = null;
        pool = null;
        a.close();
    }
}

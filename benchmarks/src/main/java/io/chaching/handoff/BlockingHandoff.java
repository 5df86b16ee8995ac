package io.chaching.handoff;

import io.chaching.coins.MinerGoneException;
import io.chaching.coins.Quota;
import io.chaching.coins.RoundTimeoutException;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Signal;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lab's starting program: blocking reads on miner 0's pipe until it has delivered, then
 * miner 1's, and so on. Coins come in miner order whatever order they were mined in; a coin
 * mined early by miner 15 waits in its pipe until miners 0..14 have all delivered
 * (head-of-line blocking).
 *
 * <p>A blocking read(2) has no timeout. A watchdog thread kills the miner being waited on when
 * the deadline passes; its pipe then reads EOF and the round fails with a clear error instead
 * of hanging.
 */
public final class BlockingHandoff implements Handoff {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "round-watchdog");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        for (Miner m : pool.miners()) {
            m.coinFd().setNonBlocking(false);
        }
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        Watch watch = new Watch();
        long timeout = deadlineNs - System.nanoTime();
        ScheduledFuture<?> alarm = WATCHDOG.schedule(watch::expire, Math.max(0, timeout), TimeUnit.NANOSECONDS);
        Sink counted = quota.counting(sink);
        try {
            for (Miner m : pool.miners()) {
                watch.waitingOn(m);
                try {
                    while (!quota.done(m.id())) {
                        m.pipe().readAvailable(counted);
                    }
                } catch (MinerGoneException e) {
                    if (watch.expired) {
                        RoundTimeoutException t = new RoundTimeoutException(timeout, quota.missing());
                        t.addSuppressed(e);
                        throw t;
                    }
                    throw e;
                }
            }
        } finally {
            alarm.cancel(false);
        }
    }

    /** The miner the parent is blocked on, which the watchdog kills at the deadline. */
    private static final class Watch {
        private Miner current;
        volatile boolean expired;

        synchronized void waitingOn(Miner m) {
            current = m;
        }

        synchronized void expire() {
            expired = true;
            try {
                current.process().signal(Signal.SIGKILL);
            } catch (SyscallException alreadyGone) {
                // it ended on its own; the read sees EOF either way
            }
        }
    }
}

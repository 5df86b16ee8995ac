package io.chaching.handoff;

import io.chaching.coins.CoinLayout;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import java.io.IOException;
import java.util.List;

/**
 * shm-spin's rings, but a parent that sleeps: when no ring has anything, it raises the
 * doorbell's flag, looks once more, and waits on the doorbell futex; a miner that publishes
 * while the flag is up wakes it (see {@link io.chaching.coins.Doorbell} for why a futex and
 * not an eventfd, and for the race it closes). It spends no CPU while it waits, and pays a
 * wake-up (about 10 us on this kind of machine) for the first coin after a sleep.
 */
public final class ShmFutexHandoff implements Handoff {
    /** Longest single sleep: the parent still checks deadlines and dead miners while idle. */
    static final long MAX_SLEEP_NS = 10_000_000;

    @Override
    public String name() {
        return "shm-futex";
    }

    @Override
    public int channel() {
        return CoinLayout.CHANNEL_SHM_FUTEX;
    }

    @Override
    public void attach(MinerPool pool) {
        // The rings and the doorbell exist from spawn on.
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        List<Miner> miners = pool.miners();
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        long nextCheck = System.nanoTime() + ShmSpinHandoff.LIVENESS_EVERY_NS;
        java.util.function.BooleanSupplier ready = () -> anyReady(miners, quota); // one, not one a wait
        while (!quota.done()) {
            int got = 0;
            for (int i = 0; i < miners.size(); i++) {
                if (!quota.done(i)) {
                    got += miners.get(i).ring().drain(counted);
                }
            }
            long now = System.nanoTime();
            if (got == 0 && !quota.done()) {
                pool.doorbell().await(ready, Math.min(MAX_SLEEP_NS, deadlineNs - now));
            }
            if (now - nextCheck >= 0) {
                ShmSpinHandoff.checkMiners(miners, quota, counted);
                quota.checkDeadline(deadlineNs, timeout);
                nextCheck = now + ShmSpinHandoff.LIVENESS_EVERY_NS;
            }
        }
    }

    private static boolean anyReady(List<Miner> miners, Quota quota) {
        for (int i = 0; i < miners.size(); i++) {
            if (!quota.done(i) && miners.get(i).ring().ready()) {
                return true;
            }
        }
        return false;
    }
}

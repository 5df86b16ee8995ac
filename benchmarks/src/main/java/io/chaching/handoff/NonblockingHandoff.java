package io.chaching.handoff;

import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import java.io.IOException;
import java.util.List;

/**
 * TODO 1 of the lab: every coin pipe O_NONBLOCK, and the parent sweeps them all, again and
 * again, until every coin is in. A coin is cashed in on the first sweep after it lands, so the
 * order follows the mining order; but the parent never sleeps: it burns its CPU on empty reads,
 * and on a 2-core machine that CPU is taken from the miners.
 *
 * <p>Coins that land while the parent is off the CPU (descheduled, or busy with another coin)
 * are all found by the next sweep: they are cashed in together, as a burst.
 */
public final class NonblockingHandoff implements Handoff {
    @Override
    public String name() {
        return "nonblocking";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        for (Miner m : pool.miners()) {
            m.coinFd().setNonBlocking(true);
        }
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        List<Miner> miners = pool.miners();
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        while (!quota.done()) {
            for (int i = 0; i < miners.size(); i++) {
                if (!quota.done(i)) {
                    miners.get(i).pipe().readAvailable(counted);
                }
            }
            quota.checkDeadline(deadlineNs, timeout);
        }
    }
}

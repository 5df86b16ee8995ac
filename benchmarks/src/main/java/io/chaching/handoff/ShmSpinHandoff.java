package io.chaching.handoff;

import io.chaching.coins.CoinLayout;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.SyscallCounts;
import java.io.IOException;
import java.util.List;

/**
 * TODO 2 of the lab: each miner writes its coin in place in its own shared memory and
 * publishes it with a store-release; the parent spins over the miners' rings with
 * load-acquires and reads each coin where it lies: no system call, no copy through the kernel.
 *
 * <p>The price is the nonblocking sweep's, and higher: the parent never sleeps, so on 2 cores it
 * holds one of them. After {@link #SPINS_BEFORE_YIELD} empty sweeps it yields the CPU once
 * (sched_yield, as the C parent does): a miner just woken by its command often lands on the
 * parent's CPU, and a pure spinner would starve it for a whole scheduler slice. A dead miner shows no EOF here; the parent asks the kernel (waitpid
 * WNOHANG) about miners that still owe coins, about once a millisecond.
 *
 * <p>Nothing on the hot path is JNA: the rings are read as ByteBuffers with VarHandle
 * acquire/release ({@code CoinRing}), over whatever mapping the pool made; {@code JdkMappedHandoff}
 * is this loop over mappings the JDK made.
 */
public class ShmSpinHandoff implements Handoff {
    static final long LIVENESS_EVERY_NS = 1_000_000;
    static final int SPINS_BEFORE_YIELD = 1024;

    @Override
    public String name() {
        return "shm-spin";
    }

    @Override
    public int channel() {
        return CoinLayout.CHANNEL_SHM;
    }

    @Override
    public void attach(MinerPool pool) {
        // The rings exist from spawn on; nothing to set up.
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        List<Miner> miners = pool.miners();
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        long nextCheck = System.nanoTime() + LIVENESS_EVERY_NS;
        int empty = 0;
        while (!quota.done()) {
            int got = 0;
            for (int i = 0; i < miners.size(); i++) {
                if (!quota.done(i)) {
                    got += miners.get(i).ring().drain(counted);
                }
            }
            if (got > 0) {
                empty = 0;
            } else if (++empty == SPINS_BEFORE_YIELD) {
                empty = 0;
                SyscallCounts.other(); // sched_yield
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
            long now = System.nanoTime();
            if (now - nextCheck >= 0) {
                checkMiners(miners, quota, counted);
                quota.checkDeadline(deadlineNs, timeout);
                nextCheck = now + LIVENESS_EVERY_NS;
            }
        }
    }

    /** Fails for a miner that has ended while it still owes coins (after taking what it published). */
    static void checkMiners(List<Miner> miners, Quota quota, Sink counted) throws IOException {
        for (int i = 0; i < miners.size(); i++) {
            if (!quota.done(i)) {
                Miner m = miners.get(i);
                SyscallCounts.other(); // waitpid(WNOHANG)
                if (m.process().poll() != null) {
                    m.ring().drain(counted);
                    if (!quota.done(i)) {
                        m.checkAlive("before delivering its coin");
                    }
                }
            }
        }
    }
}

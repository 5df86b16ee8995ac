package io.chaching.handoff;

import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.MinerPool;
import java.io.IOException;

/**
 * A hand-off changed on purpose to prove a gate catches it ({@link SlowedHandoff},
 * {@link ExtraSyscallHandoff}): everything goes to the real one, and {@link #beforeCoin()} runs
 * in the parent before each coin reaches the sink.
 */
abstract class PerCoinHandoff implements Handoff {
    private final Handoff inner;

    PerCoinHandoff(Handoff inner) {
        this.inner = inner;
    }

    /** What this hand-off adds to every coin, on the parent's thread. */
    abstract void beforeCoin();

    @Override
    public final String name() {
        return inner.name();
    }

    @Override
    public final int channel() {
        return inner.channel();
    }

    @Override
    public final boolean talliesItsSyscalls() {
        return inner.talliesItsSyscalls();
    }

    @Override
    public final MinerPool.Ends ends() {
        return inner.ends();
    }

    @Override
    public final void attach(MinerPool pool) throws IOException {
        inner.attach(pool);
    }

    @Override
    public final void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        inner.cashIn(pool, quota, deadlineNs, (miner, coin) -> {
            beforeCoin();
            sink.cashedIn(miner, coin);
        });
    }

    @Override
    public final void close() throws IOException {
        inner.close();
    }
}

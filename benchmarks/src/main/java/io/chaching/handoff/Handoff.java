package io.chaching.handoff;

import io.chaching.miners.Coin;
import io.chaching.miners.MinerPool;
import java.io.IOException;

/**
 * How coins travel from the miners to the parent. One implementation per mechanism, named as
 * on the command line and in {@code @Param("handoff")}. A hand-off cashes in one coin per
 * miner for a round that {@link io.chaching.miners.Round} has already started, handing each to
 * the sink the moment it is in hand.
 */
public interface Handoff {
    /** The name users type: "blocking", "nonblocking", ... */
    String name();

    /** Prepares the pool's channels for this hand-off (O_NONBLOCK, say); called before its first round. */
    void attach(MinerPool pool) throws IOException;

    /**
     * Cashes in one coin from every miner. Throws {@link io.chaching.miners.MinerGoneException}
     * when a miner ends first and {@link RoundTimeoutException} past {@code deadlineNs}
     * (System.nanoTime()), never blocks forever.
     */
    void cashIn(MinerPool pool, long round, long deadlineNs, Sink sink) throws IOException;

    /** Receives each coin as it is cashed in; the miner is the one whose channel it came on. */
    @FunctionalInterface
    interface Sink {
        void cashedIn(int miner, Coin coin);
    }
}

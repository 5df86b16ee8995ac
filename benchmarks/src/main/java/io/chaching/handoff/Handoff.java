package io.chaching.handoff;

import io.chaching.coins.CoinLayout;
import io.chaching.coins.Quota;
import io.chaching.coins.RoundTimeoutException;
import io.chaching.coins.Sink;
import io.chaching.miners.MinerPool;
import java.io.IOException;

/**
 * How coins travel from the miners to the parent. One implementation per mechanism, named as
 * on the command line and in {@code @Param("handoff")}. A hand-off cashes in the coins of a
 * round or stream that {@code io.chaching.rounds.Rounds} or {@code io.chaching.rounds.Streams}
 * has already started, handing each to the sink the moment it is in hand.
 *
 * <p>Life cycle: {@link #attach} before the first round or stream on a pool (O_NONBLOCK, an epoll
 * set, a ring...; a second attach to the same pool, from a second Rounds or Streams, must be
 * harmless), then any number of {@link #cashIn} calls, then {@link #close()} before the pool
 * closes.
 */
public interface Handoff extends AutoCloseable {
    /** The name users type: "blocking", "nonblocking", ... */
    String name();

    /** The channel the miners must hand coins off on (CoinLayout.CHANNEL_*). */
    default int channel() {
        return CoinLayout.CHANNEL_PIPE;
    }

    /**
     * Whether this hand-off's system calls are all tallied in {@link io.chaching.sys.SyscallCounts}
     * (every JNA call is). A hand-off whose calls the JDK makes itself (NIO, ProcessBuilder's
     * streams) answers false, and its per-coin call counts are left out rather than reported as 0.
     */
    default boolean talliesItsSyscalls() {
        return true;
    }

    /**
     * Who must make the parent's ends of the miners' sockets and rings for this hand-off: asked
     * before the pool is spawned, through {@link Handoffs#ends(String)}. JNA for every hand-off the
     * C parent has too; the JDK's own hand-offs read what the JDK made.
     */
    default MinerPool.Ends ends() {
        return MinerPool.Ends.JNA;
    }

    /** Prepares the pool's channels for this hand-off; called before its first round, maybe again. */
    void attach(MinerPool pool) throws IOException;

    /**
     * Cashes in every coin the quota asks for. Throws {@link io.chaching.coins.MinerGoneException}
     * when a miner ends first and {@link RoundTimeoutException} past {@code deadlineNs}
     * (System.nanoTime()); never blocks forever.
     */
    void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException;

    /** Releases what {@link #attach} took (descriptors, rings, threads); idempotent. */
    @Override
    default void close() throws IOException {
    }
}

package io.chaching.rounds;

import io.chaching.coins.Coin;
import io.chaching.coins.CoinLayout;
import io.chaching.coins.CoinVerifier;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.handoff.Handoff;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs rounds on a pool through one hand-off: starts every miner, cashes every coin in, and
 * verifies each before it counts (digest recomputed, difficulty, miner, round, payload, exactly
 * once). Any failure becomes a {@link RoundFailedException} naming the round, the hand-off and
 * the cause.
 */
public final class Rounds {
    private final MinerPool pool;
    private final Handoff handoff;
    private final long seed;
    private final long timeoutNanos;
    private final int payloadLength;
    private final CoinVerifier verifier = new CoinVerifier();

    public Rounds(MinerPool pool, Handoff handoff, long seed, long timeoutNanos) throws IOException {
        this(pool, handoff, seed, timeoutNanos, 0);
    }

    /** Every coin carries {@code payloadLength} payload bytes (0..1 MiB). */
    public Rounds(MinerPool pool, Handoff handoff, long seed, long timeoutNanos, int payloadLength) throws IOException {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("round timeout must be > 0: timeoutNanos=" + timeoutNanos);
        }
        if (payloadLength < 0 || payloadLength > CoinLayout.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload must be in 0.." + CoinLayout.MAX_PAYLOAD + ": payload=" + payloadLength);
        }
        this.pool = pool;
        this.handoff = handoff;
        this.seed = seed;
        this.timeoutNanos = timeoutNanos;
        this.payloadLength = payloadLength;
        handoff.attach(pool);
    }

    /** Every miner at the same difficulty. */
    public RoundResult run(long round, int difficulty, Sink listener) throws RoundFailedException {
        int[] d = new int[pool.size()];
        Arrays.fill(d, difficulty);
        return run(round, d, listener);
    }

    /**
     * Runs one round, miner i at {@code difficulty[i]}; {@code listener} (may be null) hears
     * each verified coin as it is cashed in.
     */
    public RoundResult run(long round, int[] difficulty, Sink listener) throws RoundFailedException {
        List<Coin> coins = new ArrayList<>(pool.size());
        long start;
        try {
            start = pool.start(Miner.Command.round(seed, round, 0, handoff.channel(), payloadLength), difficulty);
            handoff.cashIn(pool, new Quota(pool.size(), 1), start + timeoutNanos, (miner, coin) -> {
                verifier.verify(coin, seed, round, miner, difficulty[miner]);
                coins.add(coin.toCoin());
                if (listener != null) {
                    listener.cashedIn(miner, coin);
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new RoundFailedException(round, handoff.name(), e.getMessage(), e);
        }
        if (coins.size() != pool.size()) {
            throw new RoundFailedException(round, handoff.name(),
                    "cashed in " + coins.size() + " coins from " + pool.size() + " miners", null);
        }
        return new RoundResult(round, start, coins);
    }
}

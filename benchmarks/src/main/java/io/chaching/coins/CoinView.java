package io.chaching.coins;

/**
 * A coin as a sink sees it: its fields, read where it lies. A hand-off passes a view over its read
 * buffer or ring ({@link CoinSlot}), valid only until the sink returns, so cashing in a coin costs
 * no object; a sink that keeps the coin keeps {@link #toCoin()}. {@link Coin} is a view of itself.
 */
public interface CoinView {
    int magic();

    int miner();

    long round();

    long nonce();

    /** The miner's CLOCK_MONOTONIC stamp when it found the coin (or its paced slot). */
    long minedNs();

    long startedNs();

    int difficulty();

    int payloadLength();

    /** The payload checksum the miner sent. */
    long payloadSum();

    /** The payload checksum over the bytes that arrived. */
    long payloadActualSum();

    /** The parent's System.nanoTime() when the read or drain that found the coin returned. */
    long cashedNs();

    default long cashInDelayNs() {
        return cashedNs() - minedNs();
    }

    /** Whether the coin's digest is these 64 bytes. */
    boolean digestEquals(byte[] digest);

    /** Copies the coin's 64-byte digest into {@code dst} at {@code offset}. */
    void digestInto(byte[] dst, int offset);

    /** The coin as an object that outlives the sink call. */
    Coin toCoin();
}

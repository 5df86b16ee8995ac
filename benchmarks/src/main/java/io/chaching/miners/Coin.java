package io.chaching.miners;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * One mined coin as the parent cashed it in. {@code minedNs} is the miner's CLOCK_MONOTONIC
 * stamp, {@code cashedNs} the parent's System.nanoTime() (the same clock on Linux), so
 * {@link #cashInDelayNs()} spans the two processes.
 */
public record Coin(int magic, int miner, long round, long nonce, long minedNs, long startedNs,
                   int difficulty, byte[] digest, long cashedNs) {

    /** Decodes a 128-byte coin record at the buffer's position 0 (little-endian, as coin.h). */
    public static Coin decode(ByteBuffer record, long cashedNs) {
        ByteBuffer b = record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] digest = new byte[CoinLayout.DIGEST_LENGTH];
        b.get(CoinLayout.COIN_DIGEST_OFFSET, digest);
        return new Coin(b.getInt(CoinLayout.COIN_MAGIC_OFFSET), b.getInt(CoinLayout.COIN_MINER_OFFSET),
                b.getLong(CoinLayout.COIN_ROUND_OFFSET), b.getLong(CoinLayout.COIN_NONCE_OFFSET),
                b.getLong(CoinLayout.COIN_MINED_NS_OFFSET), b.getLong(CoinLayout.COIN_STARTED_NS_OFFSET),
                b.getInt(CoinLayout.COIN_DIFFICULTY_OFFSET), digest, cashedNs);
    }

    public long cashInDelayNs() {
        return cashedNs - minedNs;
    }

    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }
}

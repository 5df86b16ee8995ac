package io.chaching.coins;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * One mined coin as the parent cashed it in. {@code minedNs} is the miner's CLOCK_MONOTONIC
 * stamp, {@code cashedNs} the parent's System.nanoTime() (the same clock on Linux), so
 * {@link #cashInDelayNs()} spans the two processes. {@code payloadActualSum} is the checksum
 * the parent computed over the payload bytes it received; {@code payloadSum} the miner's.
 */
public record Coin(int magic, int miner, long round, long nonce, long minedNs, long startedNs,
                   int difficulty, byte[] digest, int payloadLength, long payloadSum, long payloadActualSum,
                   long cashedNs) implements CoinView {

    /**
     * Decodes the coin record at {@code offset} of {@code buf} (little-endian, as coin.h) and
     * checksums its payload, which must follow it in the buffer.
     */
    public static Coin decode(ByteBuffer buf, int offset, long cashedNs) {
        ByteBuffer b = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] digest = new byte[CoinLayout.DIGEST_LENGTH];
        b.get(offset + CoinLayout.COIN_DIGEST_OFFSET, digest);
        int payloadLength = b.getInt(offset + CoinLayout.COIN_PAYLOAD_LENGTH_OFFSET);
        long actual = payloadLength == 0 ? 0 : Payloads.checksum(b, offset + CoinLayout.COIN_LENGTH, payloadLength);
        return new Coin(b.getInt(offset + CoinLayout.COIN_MAGIC_OFFSET), b.getInt(offset + CoinLayout.COIN_MINER_OFFSET),
                b.getLong(offset + CoinLayout.COIN_ROUND_OFFSET), b.getLong(offset + CoinLayout.COIN_NONCE_OFFSET),
                b.getLong(offset + CoinLayout.COIN_MINED_NS_OFFSET), b.getLong(offset + CoinLayout.COIN_STARTED_NS_OFFSET),
                b.getInt(offset + CoinLayout.COIN_DIFFICULTY_OFFSET), digest, payloadLength,
                b.getLong(offset + CoinLayout.COIN_PAYLOAD_SUM_OFFSET), actual, cashedNs);
    }

    /** The payload length a record at {@code offset} announces, before the record is all in. */
    public static int payloadLengthAt(ByteBuffer buf, int offset) {
        return buf.order(ByteOrder.LITTLE_ENDIAN).getInt(offset + CoinLayout.COIN_PAYLOAD_LENGTH_OFFSET);
    }

    @Override
    public long cashInDelayNs() {
        return cashedNs - minedNs;
    }

    @Override
    public boolean digestEquals(byte[] other) {
        return java.util.Arrays.equals(digest, other);
    }

    @Override
    public void digestInto(byte[] dst, int offset) {
        System.arraycopy(digest, 0, dst, offset, CoinLayout.DIGEST_LENGTH);
    }

    @Override
    public Coin toCoin() {
        return this;
    }

    /** This coin, cashed in at {@code ns} instead (a hand-off that passes coins between threads). */
    public Coin cashedAt(long ns) {
        return new Coin(magic, miner, round, nonce, minedNs, startedNs, difficulty, digest, payloadLength, payloadSum,
                payloadActualSum, ns);
    }

    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }
}

package io.chaching.coins;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A coin record in place in a buffer (a pipe's read buffer, a miner's ring), read field by field
 * as asked: one slot per channel, moved from record to record, so a stream of millions of coins
 * allocates nothing per coin. Valid until the channel reads or drains again.
 */
public final class CoinSlot implements CoinView {
    private ByteBuffer buf;
    private int at;
    private long cashedNs;

    /** This slot, moved to the record at {@code offset} of {@code buffer} (little-endian), cashed at {@code cashedNs}. */
    public CoinSlot at(ByteBuffer buffer, int offset, long cashed) {
        if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("a coin record is little-endian: order=" + buffer.order());
        }
        this.buf = buffer;
        this.at = offset;
        this.cashedNs = cashed;
        return this;
    }

    @Override
    public int magic() {
        return buf.getInt(at + CoinLayout.COIN_MAGIC_OFFSET);
    }

    @Override
    public int miner() {
        return buf.getInt(at + CoinLayout.COIN_MINER_OFFSET);
    }

    @Override
    public long round() {
        return buf.getLong(at + CoinLayout.COIN_ROUND_OFFSET);
    }

    @Override
    public long nonce() {
        return buf.getLong(at + CoinLayout.COIN_NONCE_OFFSET);
    }

    @Override
    public long minedNs() {
        return buf.getLong(at + CoinLayout.COIN_MINED_NS_OFFSET);
    }

    @Override
    public long startedNs() {
        return buf.getLong(at + CoinLayout.COIN_STARTED_NS_OFFSET);
    }

    @Override
    public int difficulty() {
        return buf.getInt(at + CoinLayout.COIN_DIFFICULTY_OFFSET);
    }

    @Override
    public int payloadLength() {
        return buf.getInt(at + CoinLayout.COIN_PAYLOAD_LENGTH_OFFSET);
    }

    @Override
    public long payloadSum() {
        return buf.getLong(at + CoinLayout.COIN_PAYLOAD_SUM_OFFSET);
    }

    @Override
    public long payloadActualSum() {
        int length = payloadLength();
        return length == 0 ? 0 : Payloads.checksum(buf, at + CoinLayout.COIN_LENGTH, length);
    }

    @Override
    public long cashedNs() {
        return cashedNs;
    }

    @Override
    public boolean digestEquals(byte[] digest) {
        if (digest.length != CoinLayout.DIGEST_LENGTH) {
            return false;
        }
        int d = at + CoinLayout.COIN_DIGEST_OFFSET;
        for (int i = 0; i < CoinLayout.DIGEST_LENGTH; i++) {
            if (buf.get(d + i) != digest[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void digestInto(byte[] dst, int offset) {
        buf.get(at + CoinLayout.COIN_DIGEST_OFFSET, dst, offset, CoinLayout.DIGEST_LENGTH);
    }

    @Override
    public Coin toCoin() {
        return Coin.decode(buf, at, cashedNs);
    }
}

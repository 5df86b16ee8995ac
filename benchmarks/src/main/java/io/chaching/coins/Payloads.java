package io.chaching.coins;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The payload checksum of native/include/coin.h: over the payload as little-endian u64 words
 * (the last zero-padded), the sum of {@code w_i ^ (i * 0x9E3779B97F4A7C15)}. Keep in sync with
 * payload_checksum() in native/src/coinio.c (CoinLayoutTest compares a probe).
 */
public final class Payloads {
    static final long MIX = 0x9E3779B97F4A7C15L;

    private Payloads() {
    }

    /** Checksum of {@code length} bytes at {@code offset} of {@code buf}, read in place. */
    public static long checksum(ByteBuffer buf, int offset, int length) {
        ByteBuffer b = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        long i = 0;
        int end = offset + length;
        int at = offset;
        for (; at + 8 <= end; at += 8, i++) {
            sum += b.getLong(at) ^ (i * MIX);
        }
        if (at < end) {
            long w = 0;
            for (int k = 0; at + k < end; k++) {
                w |= (b.get(at + k) & 0xffL) << (8 * k);
            }
            sum += w ^ (i * MIX);
        }
        return sum;
    }
}

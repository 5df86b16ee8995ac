package io.chaching.coins;

import io.chaching.sys.NativeSha512;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Checks a coin before it counts: the digest recomputed from (seed, round, miner, nonce) by the
 * miners' own SHA-512 kernel (held to MessageDigest, {@link #digest}, by NativeSha512Test), the
 * difficulty met, and the miner and round the ones the parent expects.
 * Not thread-safe (one scratch array, one MessageDigest): one verifier per thread.
 */
public final class CoinVerifier {
    private final MessageDigest sha512;
    private final ByteBuffer message = ByteBuffer.allocate(CoinLayout.COIN_MESSAGE_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] scratch = new byte[CoinLayout.DIGEST_LENGTH];

    public CoinVerifier() {
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-512", e);
        }
    }

    /** The coin message, as native/include/sha512.h's coin_message(). */
    public static byte[] message(long seed, long round, int miner, long nonce) {
        return ByteBuffer.allocate(CoinLayout.COIN_MESSAGE_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(seed).putLong(round).putLong(Integer.toUnsignedLong(miner)).putLong(nonce).array();
    }

    public byte[] digest(long seed, long round, int miner, long nonce) {
        return digestInto(seed, round, miner, nonce, new byte[CoinLayout.DIGEST_LENGTH]);
    }

    private byte[] digestInto(long seed, long round, int miner, long nonce, byte[] out) {
        message.clear();
        message.putLong(seed).putLong(round).putLong(Integer.toUnsignedLong(miner)).putLong(nonce);
        sha512.update(message.array());
        try {
            sha512.digest(out, 0, out.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-512 into a 64-byte array", e);
        }
        return out;
    }

    /** Leading zero bits of a digest. */
    public static int leadingZeroBits(byte[] digest) {
        return leadingZeroBits(digest, 0, digest.length);
    }

    /** Leading zero bits of the {@code length} bytes at {@code from} (one digest of a batch). */
    public static int leadingZeroBits(byte[] d, int from, int length) {
        int bits = 0;
        for (int i = from; i < from + length; i++) {
            if (d[i] != 0) {
                return bits + Integer.numberOfLeadingZeros(d[i] & 0xff) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    /**
     * Everything but the digest: magic, miner, round, payload checksum. For streams that
     * measure pure transport, where recomputing SHA-512 would be the bottleneck.
     */
    public CoinView verifyTransport(CoinView coin, long round, int miner) {
        if (coin.magic() != CoinLayout.COIN_MAGIC) {
            throw new InvalidCoinException(coin, "bad magic: magic=0x" + Integer.toHexString(coin.magic()));
        }
        if (coin.miner() != miner) {
            throw new InvalidCoinException(coin, "came on miner " + miner + "'s channel");
        }
        if (coin.round() != round) {
            throw new InvalidCoinException(coin, "is for round " + coin.round() + ", expected round " + round);
        }
        if (coin.payloadSum() != coin.payloadActualSum()) {
            throw new InvalidCoinException(coin, "payload of " + coin.payloadLength() + " bytes fails its checksum: sent=0x"
                    + Long.toHexString(coin.payloadSum()) + " received=0x" + Long.toHexString(coin.payloadActualSum()));
        }
        return coin;
    }

    /** Throws {@link InvalidCoinException} naming what is wrong; returns the coin when it is good. */
    public CoinView verify(CoinView coin, long seed, long round, int miner, int difficulty) {
        verifyTransport(coin, round, miner);
        // The miners' own kernel (libchaching.so), as the C parent verifies, not MessageDigest: a
        // round's few coins run this in the interpreter, which would compute SHA-512 in bytecode
        // (README, "Where the JVM parent's time goes in rounds": it bought no delay that could be
        // seen, and stays as C's kernel). One array for every coin: no garbage a coin.
        NativeSha512.coin_digests(seed, round, miner, coin.nonce(), 1, scratch);
        byte[] expected = scratch;
        if (!coin.digestEquals(expected)) {
            throw new InvalidCoinException(coin, "digest does not match SHA-512 of its message");
        }
        int zeros = leadingZeroBits(expected);
        if (zeros < difficulty) {
            throw new InvalidCoinException(coin, "has " + zeros + " leading zero bits, difficulty is " + difficulty);
        }
        return coin;
    }

    /** A coin that fails verification. */
    public static final class InvalidCoinException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InvalidCoinException(int miner, long round, long nonce, String what) {
            super("invalid coin from miner " + miner + " (round " + round + ", nonce " + Long.toUnsignedString(nonce)
                    + "): " + what);
        }

        InvalidCoinException(CoinView coin, String what) {
            this(coin.miner(), coin.round(), coin.nonce(), what);
        }
    }
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * native/'s libchaching.so: the miners' own SHA-512 and searches, for the tests that hold them
 * to java.security.MessageDigest. Signatures as in native/include/sha512.h.
 */
public final class NativeSha512 {
    static {
        Native.register(NativeSha512.class, NativeLibrary.getInstance(NativeBinaries.library("libchaching.so").toString()));
    }

    private NativeSha512() {
    }

    public static native void sha512(byte[] msg, long len, byte[] out);

    public static native String sha512_kernel();

    public static native int sha512_set_kernel(String name);

    public static native int coin_search(long seed, long round, int miner, int difficulty, long start, long count,
                                         long[] nonce, byte[] digest);

    public static native int zeroes_search(int zeros, long start, long count, long[] found, byte[] digest);

    /**
     * Full digests of one miner's coins of nonces {@code first .. first+count-1}: digest k in
     * {@code out[64k .. 64k+63]}. {@code out} must hold at least {@code count * 64} bytes (not checked).
     */
    public static native void coin_digests(long seed, long round, int miner, long first, long count, byte[] out);

    /**
     * Full digests of the coins {@code (seed, round, miner[k], nonce[k])} for {@code k < count}: digest k in
     * {@code out[64k .. 64k+63]}. The arrays must hold at least {@code count} entries, {@code out} {@code count * 64}
     * bytes (not checked).
     */
    public static native void coin_digests_of(long seed, long round, int[] miner, long[] nonce, long count, byte[] out);
}

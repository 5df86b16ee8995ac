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
}

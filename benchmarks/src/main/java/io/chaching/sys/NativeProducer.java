package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * native/'s libchaching.so: the miner's producer without the hand-off (native/include/produce.h),
 * for ProducerBenchmark, the ceiling a stream's hand-off is read against.
 */
public final class NativeProducer {
    static {
        Native.register(NativeProducer.class, NativeLibrary.getInstance(NativeBinaries.library("libchaching.so").toString()));
    }

    private NativeProducer() {
    }

    /**
     * produce_coins(3): {@code count} coins made as a miner makes them for a stream, into a buffer
     * dropped when full; a checksum of them, {@code ok[0]} 0 when it could not (out of range, out
     * of memory). Premined keeps its block from call to call; not thread-safe.
     */
    public static native long produce_coins(long seed, long round, int miner, long count, int payloadLength, int batch,
                                            int premined, int[] ok);

    /** {@link #produce_coins}, or an IllegalArgumentException naming what it could not make. */
    public static long produce(long seed, long round, int miner, long count, int payloadLength, int batch,
                               boolean premined) {
        int[] ok = new int[1];
        long sum = produce_coins(seed, round, miner, count, payloadLength, batch, premined ? 1 : 0, ok);
        if (ok[0] == 0) {
            throw new IllegalArgumentException("produce_coins could not make count=" + count + " payload="
                    + payloadLength + " batch=" + batch + (premined ? " premined" : " mined"));
        }
        return sum;
    }
}

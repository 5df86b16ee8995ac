package io.chaching.handoff;

import io.chaching.miners.MinerPool;

/**
 * jdk-mapped: shm-spin's rings and loop, the rings mapped by the JDK instead of mmap(2) through
 * JNA: FileChannel.map of the ring's memfd (/proc/self/fd/N), a MappedByteBuffer, read with the
 * same {@code CoinRing} code (VarHandle load-acquire of the producer, store-release of the
 * consumer, {@code MethodHandles.byteBufferViewVarHandle}). The wake-up is shm-spin's: spin,
 * onSpinWait, a yield after {@link ShmSpinHandoff#SPINS_BEFORE_YIELD} empty sweeps, liveness about
 * once a millisecond (waitpid WNOHANG, off the hot path, as in shm-spin).
 *
 * <p>What it shows: whether the JDK's own mapping costs or saves anything against JNA's. Both are
 * a java.nio.DirectByteBuffer over the same shared pages and both loops make no JNA call per
 * coin, so what differs is only who made the mapping (and the JDK unmaps it at close with
 * Unsafe.invokeCleaner, Java 17 having no public unmap).
 */
final class JdkMappedHandoff extends ShmSpinHandoff {
    @Override
    public String name() {
        return "jdk-mapped";
    }

    @Override
    public MinerPool.Ends ends() {
        return MinerPool.Ends.JDK;
    }

    @Override
    public void attach(MinerPool pool) {
        pool.requireEnds(MinerPool.Ends.JDK, name()); // the rings exist from spawn on, mapped by the JDK
    }
}

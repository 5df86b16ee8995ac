package io.chaching.coins;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.chaching.sys.Futex;
import io.chaching.sys.Mapping;
import io.chaching.sys.SyscallException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * shm-futex's wake-up: one shared page, a futex word every miner bumps after it publishes, and
 * a flag the parent raises before it sleeps. Chosen over an eventfd because a miner pays a
 * system call only when the parent really sleeps (the flag), and waiting uses the memory the
 * coins already travel through. The futex is not private: the word is shared by processes.
 *
 * <p>The race that matters: a miner publishes just as the parent decides to sleep. The parent
 * reads {@code rings}, raises {@code waiting}, full fence, and looks at every ring again; the
 * miner publishes, increments {@code rings} (seq_cst), then reads {@code waiting}. Either the
 * parent's second look sees the coin, or the miner sees the flag and wakes it, or the futex
 * finds {@code rings} changed and returns at once.
 */
public final class Doorbell implements AutoCloseable {
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Mapping mapping;
    private final ByteBuffer mem;
    private final Pointer rings;
    private final Memory timeout = new Memory(Futex.TIMESPEC_LENGTH);

    public Doorbell(Mapping mapping) {
        this.mapping = mapping;
        this.mem = mapping.buffer();
        this.rings = mapping.address().share(CoinLayout.DOORBELL_RINGS_OFFSET);
    }

    public static Mapping create() throws SyscallException {
        return Mapping.memfd("cha-ching-doorbell", CoinLayout.DOORBELL_LENGTH);
    }

    /**
     * Sleeps until a miner rings, {@code anyReady} turns true, or {@code maxWaitNanos} passes.
     * Returns at once if {@code anyReady} is already true once the flag is up.
     */
    public void await(BooleanSupplier anyReady, long maxWaitNanos) throws SyscallException {
        int seen = (int) INTS.getVolatile(mem, CoinLayout.DOORBELL_RINGS_OFFSET);
        INTS.setVolatile(mem, CoinLayout.DOORBELL_WAITING_OFFSET, 1);
        VarHandle.fullFence();
        try {
            if (anyReady.getAsBoolean()) {
                return;
            }
            // returns at once if a miner rang between our read and the wait
            Futex.await(Pointer.nativeValue(rings), seen, maxWaitNanos, timeout, "doorbell");
        } finally {
            INTS.setVolatile(mem, CoinLayout.DOORBELL_WAITING_OFFSET, 0);
        }
    }

    @Override
    public void close() {
        mapping.close();
    }
}

package io.chaching.coins;

import io.chaching.sys.Mapping;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The parent's side of a miner's ring (layout in {@link CoinLayout} and native/include/coin.h):
 * single producer, single consumer, coins read in place in the shared memory, never copied
 * through the kernel.
 *
 * <p>Ordering: {@link #producerAcquire()} is a load-acquire that pairs with the miner's
 * store-release of producer in ring_publish(), so every record below that position is fully
 * written when we read it. {@link #drain} ends with a store-release of consumer that pairs with
 * the miner's load-acquire in ring_reserve(), so the miner reuses space only after we are done
 * reading it.
 */
public final class CoinRing implements AutoCloseable {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int miner;
    private final Mapping mapping;
    private final ByteBuffer mem;
    private final long capacity;
    private final long mask;
    private long consumer;
    private final CoinSlot slot = new CoinSlot();

    private CoinRing(int miner, Mapping mapping, long capacity) {
        this.miner = miner;
        this.mapping = mapping;
        this.mem = mapping.buffer();
        this.capacity = capacity;
        this.mask = capacity - 1;
    }

    /** A ring's shared memory, before the miner exists: memfd sized, mapped by mmap(2), its capacity written. */
    public static Mapping create(int minerId, long capacity) throws SyscallException {
        checkCapacity(capacity);
        return withCapacity(Mapping.memfd("cha-ching-ring-" + minerId, CoinLayout.RING_DATA_OFFSET + capacity), capacity);
    }

    /**
     * As {@link #create}, the memory mapped by the JDK instead (FileChannel.map, a MappedByteBuffer):
     * the ring is read with this class's code all the same, over the JDK's buffer.
     */
    public static Mapping createMappedByJdk(int minerId, long capacity) throws IOException {
        checkCapacity(capacity);
        return withCapacity(Mapping.memfdMappedByJdk("cha-ching-ring-" + minerId, CoinLayout.RING_DATA_OFFSET + capacity),
                capacity);
    }

    private static void checkCapacity(long capacity) {
        if (capacity < CoinLayout.DEFAULT_RING_CAPACITY || Long.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= "
                    + CoinLayout.DEFAULT_RING_CAPACITY + ": capacity=" + capacity);
        }
    }

    private static Mapping withCapacity(Mapping m, long capacity) {
        m.buffer().putLong(CoinLayout.RING_CAPACITY_OFFSET, capacity);
        return m;
    }

    /** The parent's side of miner {@code miner}'s ring in {@code mapping}, which it now owns. */
    public static CoinRing attach(int miner, Mapping mapping) {
        return new CoinRing(miner, mapping, mapping.buffer().getLong(CoinLayout.RING_CAPACITY_OFFSET));
    }

    public long capacity() {
        return capacity;
    }

    /** Whether the JDK mapped this ring ({@link #createMappedByJdk}) rather than mmap(2) through JNA. */
    public boolean mappedByJdk() {
        return mapping.mappedByJdk();
    }

    /** Load-acquire of the producer position. */
    public long producerAcquire() {
        return (long) LONGS.getAcquire(mem, CoinLayout.RING_PRODUCER_OFFSET);
    }

    /** Whether the miner has published records we have not read. */
    public boolean ready() {
        return producerAcquire() != consumer;
    }

    /**
     * Cashes in every published record, in place, then hands the space back with one
     * store-release. Returns the number of coins.
     */
    public int drain(Sink sink) {
        long produced = producerAcquire();
        if (produced == consumer) {
            return 0;
        }
        long cashedNs = System.nanoTime();
        int coins = 0;
        while (consumer != produced) {
            int at = CoinLayout.RING_DATA_OFFSET + (int) (consumer & mask);
            int magic = mem.getInt(at);
            if (magic == CoinLayout.PAD_MAGIC) {
                consumer += mem.getInt(at + CoinLayout.PAD_LENGTH_OFFSET);
                continue;
            }
            CoinSlot coin = slot.at(mem, at, cashedNs);
            consumer += CoinLayout.ringRecordLength(coin.payloadLength());
            sink.cashedIn(miner, coin);
            coins++;
        }
        LONGS.setRelease(mem, CoinLayout.RING_CONSUMER_OFFSET, consumer);
        return coins;
    }

    @Override
    public void close() {
        mapping.close();
    }
}

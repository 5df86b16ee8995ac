package io.chaching.bogatyrs;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.chaching.sys.Fd;
import io.chaching.sys.Futex;
import io.chaching.sys.Mapping;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One memfd holding every inbox, each a multi-producer ring of 64-byte slots
 * ({@link BogatyrLayout}). The parent consumes its own ring and, in --serve, produces START
 * into the bogatyrs' rings exactly as they do: CAS on the tail, the message, a store-release
 * of the slot's turn, then the bell (and FUTEX_WAKE if the owner said it sleeps).
 */
final class ShmInboxes implements Inboxes {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Mapping mapping;
    private final ByteBuffer mem;
    private final long capacity;
    private final long inboxLength;
    private final int listener;
    private final Memory timeout = new Memory(Futex.TIMESPEC_LENGTH);
    private long head; // the parent's position in its own ring

    private ShmInboxes(Mapping mapping, long capacity, int listener) {
        this.mapping = mapping;
        this.mem = mapping.buffer();
        this.capacity = capacity;
        this.inboxLength = BogatyrLayout.inboxLength(capacity);
        this.listener = listener;
    }

    /**
     * Slots per inbox: room for one message from everyone, a power of two in 64..512. A fuller
     * inbox is not a deadlock (a writer empties its own inbox while it waits), only slower; the
     * cap keeps 1025 inboxes at 32 MiB.
     */
    static long capacityFor(int count) {
        return Math.max(64, Math.min(512, Long.highestOneBit(count + 1) << 1));
    }

    static ShmInboxes open(int count, int listener) throws IOException {
        long capacity = capacityFor(count);
        Mapping m = Mapping.memfd("cha-ching-bogatyr-inboxes", BogatyrLayout.inboxLength(capacity) * (count + 1));
        ShmInboxes in = new ShmInboxes(m, capacity, listener);
        for (int a = 0; a <= count; a++) {
            in.mem.putLong((int) (a * in.inboxLength) + BogatyrLayout.INBOX_CAPACITY_OFFSET, capacity);
        }
        return in;
    }

    private int inbox(int address) {
        return (int) (address * inboxLength);
    }

    private int slot(int address, long position) {
        return inbox(address) + BogatyrLayout.INBOX_SLOTS_OFFSET + (int) (position & (capacity - 1)) * BogatyrLayout.SLOT_LENGTH;
    }

    @Override
    public Map<Fd, Integer> childFds(int address) {
        return Map.of(mapping.fd(), BogatyrLayout.INBOX_FD);
    }

    @Override
    public void spawned(boolean keepWriters) {
        mapping.closeFd(); // the mapping stays; writing needs no descriptor
    }

    @Override
    public int receive(Consumer<Message> sink, long timeoutNanos) throws IOException {
        int got = drain(sink);
        if (got > 0) {
            return got;
        }
        int bell = inbox(listener) + BogatyrLayout.INBOX_BELL_OFFSET;
        int sleeping = inbox(listener) + BogatyrLayout.INBOX_SLEEPING_OFFSET;
        int seen = (int) INTS.getVolatile(mem, bell);
        INTS.setVolatile(mem, sleeping, 1);
        VarHandle.fullFence(); // pairs with the producer's seq_cst bell increment and sleeping load
        try {
            got = drain(sink);
            if (got > 0) {
                return got;
            }
            // returns at once if a producer rang between our read and the wait
            Futex.await(Pointer.nativeValue(mapping.address()) + bell, seen, timeoutNanos, timeout, "listener inbox");
        } finally {
            INTS.setVolatile(mem, sleeping, 0);
        }
        return drain(sink);
    }

    private int drain(Consumer<Message> sink) {
        int got = 0;
        for (;;) {
            int s = slot(listener, head);
            long lap = head / capacity;
            // Pairs with the producer's store-release of 2*lap+1: the message is in.
            if ((long) LONGS.getAcquire(mem, s + BogatyrLayout.SLOT_TURN_OFFSET) != 2 * lap + 1) {
                return got;
            }
            Message m = Message.read(mem, s + BogatyrLayout.SLOT_MESSAGE_OFFSET);
            // Pairs with the producer's load-acquire of the turn next lap: we are done reading.
            LONGS.setRelease(mem, s + BogatyrLayout.SLOT_TURN_OFFSET, 2 * lap + 2);
            head++;
            sink.accept(m);
            got++;
        }
    }

    @Override
    public void broadcast(Message m, int[] addresses) throws IOException {
        for (int a : addresses) {
            long pauseNanos = 10_000;
            while (!offer(a, m)) {
                // a bogatyr between runs empties its inbox as it waits for START; let it have the CPU
                java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                pauseNanos = Math.min(pauseNanos * 2, 1_000_000);
            }
        }
    }

    private boolean offer(int address, Message m) {
        int tail = inbox(address) + BogatyrLayout.INBOX_TAIL_OFFSET;
        long pos = (long) LONGS.getOpaque(mem, tail);
        for (;;) {
            int s = slot(address, pos);
            long lap = pos / capacity;
            long turn = (long) LONGS.getAcquire(mem, s + BogatyrLayout.SLOT_TURN_OFFSET);
            if (turn == 2 * lap) {
                long witness = (long) LONGS.compareAndExchange(mem, tail, pos, pos + 1);
                if (witness == pos) {
                    m.write(mem, s + BogatyrLayout.SLOT_MESSAGE_OFFSET);
                    LONGS.setRelease(mem, s + BogatyrLayout.SLOT_TURN_OFFSET, 2 * lap + 1);
                    break;
                }
                pos = witness;
            } else if (turn < 2 * lap) {
                return false;
            } else {
                pos = (long) LONGS.getOpaque(mem, tail);
            }
        }
        int bell = inbox(address) + BogatyrLayout.INBOX_BELL_OFFSET;
        INTS.getAndAdd(mem, bell, 1);
        if ((int) INTS.getVolatile(mem, inbox(address) + BogatyrLayout.INBOX_SLEEPING_OFFSET) != 0) {
            Futex.wake(Pointer.nativeValue(mapping.address()) + bell, 1);
        }
        return true;
    }

    @Override
    public List<Fd> descriptors() {
        return mapping.fd().isOpen() ? List.of(mapping.fd()) : List.of();
    }

    @Override
    public void close() {
        mapping.close();
    }
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One Linux native AIO context (io_setup(2)) used for readiness: IOCB_CMD_POLL (Linux 4.18), a
 * one-shot poll whose completion carries the revents mask. glibc does not wrap these calls (its
 * aio_* is POSIX AIO, threads in user space), so they go through syscall(2). {@link #close()}
 * calls io_destroy, which cancels what is in flight, waits for it, and unmaps the context's ring
 * ("[aio]" in /proc/self/maps).
 *
 * <p>Layouts: keep in sync with linux/aio_abi.h (x86-64, little-endian).
 *
 * <pre>
 * struct iocb, 64 bytes                           struct io_event, 32 bytes
 *   0 aio_data u64 (ours, returned in the event)    0 data u64 (the iocb's aio_data)
 *   8 aio_key u32    12 aio_rw_flags u32            8 obj u64 (the iocb's address)
 *  16 aio_lio_opcode u16  18 aio_reqprio s16       16 res s64 (POLL: revents; or -errno)
 *  20 aio_fildes u32                               24 res2 s64
 *  24 aio_buf u64 (POLL: the events to wait for)
 *  32 aio_nbytes u64  40 aio_offset s64  48 aio_reserved2 u64
 *  56 aio_flags u32   60 aio_resfd u32
 * </pre>
 *
 * Single-threaded. The kernel copies an iocb at io_submit, so a slot may be refilled as soon as
 * its submission returns.
 */
public final class Aio implements AutoCloseable {
    public static final long SYS_io_setup = 206;
    public static final long SYS_io_destroy = 207;
    public static final long SYS_io_getevents = 208;
    public static final long SYS_io_submit = 209;

    public static final short IOCB_CMD_POLL = 5;

    public static final int IOCB_LENGTH = 64;
    static final int IOCB_DATA_OFFSET = 0;
    static final int IOCB_LIO_OPCODE_OFFSET = 16;
    static final int IOCB_FILDES_OFFSET = 20;
    static final int IOCB_BUF_OFFSET = 24;

    public static final int IO_EVENT_LENGTH = 32;
    static final int IO_EVENT_DATA_OFFSET = 0;
    static final int IO_EVENT_RES_OFFSET = 16;

    private final int slots;
    private final ByteBuffer iocbs;          // one iocb per slot
    private final Pointer iocbsPtr;
    private final ByteBuffer queue;          // struct iocb *[slots]: the next io_submit's argument
    private final Pointer queuePtr;
    private final ByteBuffer events;         // struct io_event[slots]
    private final Pointer eventsPtr;
    private final ByteBuffer timeout = ByteBuffer.allocateDirect(16).order(ByteOrder.LITTLE_ENDIAN);
    private final Pointer timeoutPtr = Native.getDirectBufferPointer(timeout);
    private long ctx;                        // aio_context_t: 0 once destroyed
    private int queued;

    private Aio(long ctx, int slots) {
        this.ctx = ctx;
        this.slots = slots;
        this.iocbs = ByteBuffer.allocateDirect(IOCB_LENGTH * slots).order(ByteOrder.LITTLE_ENDIAN);
        this.iocbsPtr = Native.getDirectBufferPointer(iocbs);
        this.queue = ByteBuffer.allocateDirect(8 * slots).order(ByteOrder.LITTLE_ENDIAN);
        this.queuePtr = Native.getDirectBufferPointer(queue);
        this.events = ByteBuffer.allocateDirect(IO_EVENT_LENGTH * slots).order(ByteOrder.LITTLE_ENDIAN);
        this.eventsPtr = Native.getDirectBufferPointer(events);
    }

    /** A context for up to {@code slots} requests in flight, one per slot. */
    public static Aio setup(int slots) throws SyscallException {
        if (slots < 1 || slots > 65536) {
            throw new IllegalArgumentException("aio slots must be in 1..65536: slots=" + slots);
        }
        ByteBuffer ctxp = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        ctxp.putLong(0, 0L); // io_setup requires *ctxp == 0
        long r = Unistd.syscall(SYS_io_setup, slots, Pointer.nativeValue(Native.getDirectBufferPointer(ctxp)), 0, 0, 0, 0);
        if (r < 0) {
            // EAGAIN here: slots would exceed /proc/sys/fs/aio-max-nr
            throw new SyscallException("io_setup(nr_events=" + slots + ")", Errno.last());
        }
        return new Aio(ctxp.getLong(0), slots);
    }

    public int slots() {
        return slots;
    }

    /** Fills slot {@code slot} with a one-shot poll of {@code fd} for {@code events} and queues it. */
    public void queuePoll(int slot, int fd, int events, long data) {
        checkOpen();
        if (queued == slots) {
            throw new IllegalStateException("aio queue is full: slots=" + slots);
        }
        int at = slot * IOCB_LENGTH;
        for (int i = 0; i < IOCB_LENGTH; i += 8) {
            iocbs.putLong(at + i, 0L); // reserved fields, offset and nbytes must be 0 for a poll
        }
        iocbs.putLong(at + IOCB_DATA_OFFSET, data);
        iocbs.putShort(at + IOCB_LIO_OPCODE_OFFSET, IOCB_CMD_POLL);
        iocbs.putInt(at + IOCB_FILDES_OFFSET, fd);
        iocbs.putLong(at + IOCB_BUF_OFFSET, events & 0xffffL);
        queue.putLong(8 * queued, Pointer.nativeValue(iocbsPtr) + at);
        queued++;
    }

    /** io_submit of everything queued; returns how many (all, or it throws). */
    public int submit() throws SyscallException {
        checkOpen();
        int done = 0;
        while (done < queued) {
            long r = HotCalls.CALLS.syscall(SYS_io_submit, ctx, queued - done, Pointer.nativeValue(queuePtr) + 8L * done, 0, 0, 0);
            SyscallCounts.other();
            if (r > 0) {
                done += (int) r;
                continue;
            }
            int errno = r == 0 ? Errno.EAGAIN : HotCalls.CALLS.errno();
            if (errno != Errno.EINTR) {
                int left = queued - done;
                queued = 0;
                throw new SyscallException("io_submit(" + left + " IOCB_CMD_POLL)", errno);
            }
        }
        queued = 0;
        return done;
    }

    /**
     * io_getevents(min_nr=1): waits up to {@code timeoutNs} for a completion and returns how many
     * are in {@link #eventData}/{@link #eventRes}, 0 on timeout. EINTR counts as 0: the caller
     * looks at its clock and calls again.
     */
    public int getEvents(long timeoutNs) throws SyscallException {
        checkOpen();
        long t = Math.max(0, timeoutNs);
        timeout.putLong(0, t / 1_000_000_000L);
        timeout.putLong(8, t % 1_000_000_000L);
        long r = HotCalls.CALLS.syscall(SYS_io_getevents, ctx, 1, slots, Pointer.nativeValue(eventsPtr),
                Pointer.nativeValue(timeoutPtr), 0);
        SyscallCounts.await();
        if (r < 0) {
            int errno = HotCalls.CALLS.errno();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw new SyscallException("io_getevents(min_nr=1, nr=" + slots + ", timeout=" + t + " ns)", errno);
        }
        return (int) r;
    }

    /** The aio_data of the {@code i}-th event of the last {@link #getEvents}. */
    public long eventData(int i) {
        return events.getLong(i * IO_EVENT_LENGTH + IO_EVENT_DATA_OFFSET);
    }

    /** Its result: for a poll the revents mask, or -errno. */
    public long eventRes(int i) {
        return events.getLong(i * IO_EVENT_LENGTH + IO_EVENT_RES_OFFSET);
    }

    private void checkOpen() {
        if (ctx == 0) {
            throw new IllegalStateException("aio context is destroyed");
        }
    }

    /** io_destroy, once: cancels the polls in flight, waits for them, unmaps the context. */
    @Override
    public synchronized void close() throws SyscallException {
        long c = ctx;
        if (c == 0) {
            return;
        }
        ctx = 0;
        // Not retried: its wait is uninterruptible, and a second call on a killed context is EINVAL.
        long r = Unistd.syscall(SYS_io_destroy, c, 0, 0, 0, 0, 0);
        if (r < 0) {
            throw new SyscallException("io_destroy(ctx=0x" + Long.toHexString(c) + ")", Errno.last());
        }
    }
}

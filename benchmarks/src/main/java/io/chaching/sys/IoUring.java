package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One io_uring instance driven by raw system calls (liburing is not used): io_uring_setup(2), the
 * three mappings, io_uring_enter(2). Owns the ring's descriptor and mappings; {@link #close()}
 * unmaps them and closes the descriptor once. Single-threaded: one thread prepares, submits and
 * reaps.
 *
 * <p>Layouts: keep in sync with linux/io_uring.h. Offsets inside the rings are not fixed: the kernel
 * reports them in io_uring_params (sq_off, cq_off), read once at setup.
 *
 * <pre>
 * struct io_uring_params, 120 bytes          struct io_uring_sqe, 64 bytes (the fields used)
 *   0 sq_entries    4 cq_entries               0 opcode u8   1 flags u8   2 ioprio u16   4 fd s32
 *   8 flags        12 sq_thread_cpu            8 off / addr2 u64
 *  16 sq_thread_idle 20 features               16 addr u64 (buffer; cancel: target user_data)
 *  24 wq_fd        28 resv[3]                 24 len u32    28 rw_flags / cancel_flags u32
 *  40 sq_off: head tail ring_mask ring_entries 32 user_data u64
 *     flags dropped array resv1 (u32) resv2   40 buf_index u16  42 personality u16  44 splice_fd_in
 *  80 cq_off: head tail ring_mask ring_entries 48 addr3 u64  56 pad u64
 *     overflow cqes flags resv1 (u32) resv2
 *                                            struct io_uring_cqe, 16 bytes
 *                                              0 user_data u64   8 res s32   12 flags u32
 * </pre>
 *
 * <p>Memory ordering (the kernel's side is in io_uring/io_uring.c): SQEs are written with plain
 * stores and published by a store-release of the SQ tail, which pairs with the kernel's
 * load-acquire of the tail; the SQ head is read with a load-acquire pairing with the kernel's
 * store-release once it has consumed the entries. The CQ tail is read with a load-acquire pairing
 * with the kernel's store-release after it wrote the CQEs; the CQ head is stored with a release
 * after the CQEs are read, so the kernel reuses no slot we are still reading.
 */
public final class IoUring implements AutoCloseable {
    public static final long SYS_io_uring_setup = 425;
    public static final long SYS_io_uring_enter = 426;

    public static final byte IORING_OP_NOP = 0;
    public static final byte IORING_OP_ASYNC_CANCEL = 14;
    public static final byte IORING_OP_READ = 22;

    public static final int IORING_ENTER_GETEVENTS = 1;
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;

    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    public static final int IORING_FEAT_NODROP = 1 << 1;
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;

    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // struct io_uring_params
    static final int PARAMS_LENGTH = 120;
    static final int PARAMS_SQ_ENTRIES_OFFSET = 0;
    static final int PARAMS_CQ_ENTRIES_OFFSET = 4;
    static final int PARAMS_FEATURES_OFFSET = 20;
    static final int PARAMS_SQ_OFF_OFFSET = 40;
    static final int PARAMS_CQ_OFF_OFFSET = 80;
    // struct io_sqring_offsets, relative to PARAMS_SQ_OFF_OFFSET
    static final int SQ_OFF_HEAD = 0;
    static final int SQ_OFF_TAIL = 4;
    static final int SQ_OFF_RING_MASK = 8;
    static final int SQ_OFF_ARRAY = 24;
    // struct io_cqring_offsets, relative to PARAMS_CQ_OFF_OFFSET
    static final int CQ_OFF_HEAD = 0;
    static final int CQ_OFF_TAIL = 4;
    static final int CQ_OFF_RING_MASK = 8;
    static final int CQ_OFF_CQES = 20;

    // struct io_uring_sqe
    public static final int SQE_LENGTH = 64;
    static final int SQE_OPCODE_OFFSET = 0;
    static final int SQE_FD_OFFSET = 4;
    static final int SQE_ADDR_OFFSET = 16;
    static final int SQE_LEN_OFFSET = 24;
    static final int SQE_USER_DATA_OFFSET = 32;

    // struct io_uring_cqe
    public static final int CQE_LENGTH = 16;
    static final int CQE_USER_DATA_OFFSET = 0;
    static final int CQE_RES_OFFSET = 8;

    // struct io_uring_getevents_arg (24 bytes) then struct __kernel_timespec (16 bytes)
    static final int GETEVENTS_ARG_LENGTH = 24;
    static final int GETEVENTS_ARG_TS_OFFSET = 16;
    static final int TIMESPEC_OFFSET = 24;

    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * io_uring_setup as a function, so tests can stand in for a kernel that refuses it: returns the
     * ring's descriptor, or -errno.
     */
    @FunctionalInterface
    public interface Setup {
        long setup(int entries, Pointer params);

        /** The real system call. */
        Setup SYSCALL = (entries, params) -> {
            long r = Unistd.syscall(SYS_io_uring_setup, entries, Pointer.nativeValue(params), 0, 0, 0, 0);
            return r < 0 ? -Errno.last() : r;
        };
    }

    /**
     * Whether a completion's {@code res} asks for the request again rather than failing it: -EINTR
     * (a signal), -EAGAIN (a non-blocking fd had nothing) or -ECANCELED (the submitting thread
     * exited). The EINTR rule of the checked wrappers, for completions.
     */
    public static boolean retryable(int res) {
        return res == -Errno.EINTR || res == -Errno.EAGAIN || res == -Errno.ECANCELED;
    }

    /** Handles one completion; called with the CQ head already past it. */
    @FunctionalInterface
    public interface Completion {
        void completed(long userData, int res) throws IOException;
    }

    /**
     * This kernel will not give us an io_uring: not built in (ENOSYS) or disabled by the
     * administrator (EPERM/EACCES, sysctl kernel.io_uring_disabled). A reason to report a
     * hand-off as unavailable here, not a bug.
     */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String reason, SyscallException cause) {
            super("io_uring is refused by this kernel (" + reason + "): " + cause.getMessage(), cause);
        }
    }

    private final Fd fd;
    private final int features;
    private final int sqEntries;
    private final int cqEntries;
    private Pointer sqRing;
    private long sqRingLength;
    private Pointer cqRing; // == sqRing with IORING_FEAT_SINGLE_MMAP
    private long cqRingLength;
    private Pointer sqes;
    private long sqesLength;

    private ByteBuffer sq;
    private ByteBuffer cq;
    private ByteBuffer sqeBuf;
    private int sqHeadOffset;
    private int sqTailOffset;
    private int sqMask;
    private int cqHeadOffset;
    private int cqTailOffset;
    private int cqMask;
    private int cqesOffset;

    private int sqTail;      // ours: the next SQE to fill; published by store-release
    private int cqHead;      // ours: the next CQE to read; published by store-release
    private final ByteBuffer waitArg = ByteBuffer.allocateDirect(GETEVENTS_ARG_LENGTH + 16).order(ByteOrder.LITTLE_ENDIAN);
    private final Pointer waitArgPtr = Native.getDirectBufferPointer(waitArg);
    private boolean closed;

    private IoUring(Fd fd, ByteBuffer params) {
        this.fd = fd;
        this.features = params.getInt(PARAMS_FEATURES_OFFSET);
        this.sqEntries = params.getInt(PARAMS_SQ_ENTRIES_OFFSET);
        this.cqEntries = params.getInt(PARAMS_CQ_ENTRIES_OFFSET);
    }

    /** A ring with at least {@code entries} submission entries (the kernel rounds up to a power of two). */
    public static IoUring open(int entries) throws IOException {
        return open(entries, Setup.SYSCALL);
    }

    /** As {@link #open(int)}, through {@code setup} instead of the system call. */
    public static IoUring open(int entries, Setup setup) throws IOException {
        if (entries < 1 || entries > 32768) {
            throw new IllegalArgumentException("io_uring entries must be in 1..32768: entries=" + entries);
        }
        ByteBuffer params = ByteBuffer.allocateDirect(PARAMS_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        // flags 0: no SQPOLL or IOPOLL. COOP_TASKRUN and SINGLE_ISSUER|DEFER_TASKRUN measured no
        // different here for rounds (cash-in delay ~5 us either way), and DEFER_TASKRUN would tie
        // the ring to one thread.
        long r = setup.setup(entries, Native.getDirectBufferPointer(params));
        if (r < 0) {
            throw setupFailure(entries, (int) -r);
        }
        IoUring ring = new IoUring(new Fd((int) r), params);
        try {
            ring.map(params);
            return ring;
        } catch (IOException | RuntimeException e) {
            ring.close();
            throw e;
        }
    }

    private static IOException setupFailure(int entries, int errno) {
        SyscallException e = new SyscallException("io_uring_setup(entries=" + entries + ")", errno);
        if (errno == Errno.ENOSYS) {
            return new RefusedException("not built into this kernel", e);
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            String disabled;
            try {
                disabled = Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
            } catch (IOException | RuntimeException unreadable) {
                disabled = "unknown";
            }
            return new RefusedException("disabled: sysctl kernel.io_uring_disabled=" + disabled, e);
        }
        return e;
    }

    private void map(ByteBuffer params) throws IOException {
        if ((features & IORING_FEAT_EXT_ARG) == 0) {
            // We wait with a timeout through IORING_ENTER_EXT_ARG (Linux 5.11): see waitFor.
            throw new RefusedException("no IORING_FEAT_EXT_ARG, kernel older than 5.11",
                    new SyscallException("io_uring_setup(features=0x" + Integer.toHexString(features) + ")", Errno.EINVAL));
        }
        int sqOff = PARAMS_SQ_OFF_OFFSET;
        int cqOff = PARAMS_CQ_OFF_OFFSET;
        sqRingLength = params.getInt(sqOff + SQ_OFF_ARRAY) + 4L * sqEntries;
        cqRingLength = params.getInt(cqOff + CQ_OFF_CQES) + (long) CQE_LENGTH * cqEntries;
        boolean single = (features & IORING_FEAT_SINGLE_MMAP) != 0;
        if (single) {
            // One mapping holds both rings: at IORING_OFF_SQ_RING, as long as the longer of the two.
            sqRingLength = Math.max(sqRingLength, cqRingLength);
            cqRingLength = sqRingLength;
        }
        sqRing = mmap(sqRingLength, IORING_OFF_SQ_RING, "SQ ring");
        cqRing = single ? sqRing : mmap(cqRingLength, IORING_OFF_CQ_RING, "CQ ring");
        sqesLength = (long) SQE_LENGTH * sqEntries;
        sqes = mmap(sqesLength, IORING_OFF_SQES, "SQEs");

        sq = sqRing.getByteBuffer(0, sqRingLength).order(ByteOrder.LITTLE_ENDIAN);
        cq = cqRing.getByteBuffer(0, cqRingLength).order(ByteOrder.LITTLE_ENDIAN);
        sqeBuf = sqes.getByteBuffer(0, sqesLength).order(ByteOrder.LITTLE_ENDIAN);
        sqHeadOffset = params.getInt(sqOff + SQ_OFF_HEAD);
        sqTailOffset = params.getInt(sqOff + SQ_OFF_TAIL);
        sqMask = sq.getInt(params.getInt(sqOff + SQ_OFF_RING_MASK));
        cqHeadOffset = params.getInt(cqOff + CQ_OFF_HEAD);
        cqTailOffset = params.getInt(cqOff + CQ_OFF_TAIL);
        cqMask = cq.getInt(params.getInt(cqOff + CQ_OFF_RING_MASK));
        cqesOffset = params.getInt(cqOff + CQ_OFF_CQES);
        // The SQ array maps ring slots to SQE indexes; identity, written once (the kernel only reads it).
        int array = params.getInt(sqOff + SQ_OFF_ARRAY);
        for (int i = 0; i < sqEntries; i++) {
            sq.putInt(array + 4 * i, i);
        }
        sqTail = (int) INTS.getAcquire(sq, sqTailOffset);
        cqHead = (int) INTS.getAcquire(cq, cqHeadOffset);
    }

    private Pointer mmap(long length, long offset, String what) throws SyscallException {
        Pointer p = Mman.mmap(null, length, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED,
                fd.fd(), offset);
        if (Pointer.nativeValue(p) == Mman.MAP_FAILED) {
            throw new SyscallException("mmap(io_uring " + what + ", fd=" + fd.fd() + ", length=" + length
                    + ", offset=0x" + Long.toHexString(offset) + ")", Errno.last());
        }
        return p;
    }

    public int sqEntries() {
        return sqEntries;
    }

    public int cqEntries() {
        return cqEntries;
    }

    public int features() {
        return features;
    }

    /** The ring's descriptor, for tests and messages. */
    public int fd() {
        return fd.fd();
    }

    /** Queues a read(2) of up to {@code len} bytes into {@code buf}; submitted by the next enter. */
    public void prepareRead(int fd, long buf, int len, long userData) throws SyscallException {
        int at = nextSqe();
        sqeBuf.put(at + SQE_OPCODE_OFFSET, IORING_OP_READ);
        sqeBuf.putInt(at + SQE_FD_OFFSET, fd);
        // off = -1 (8 bytes at 8): "the current position", the only meaning a pipe has
        sqeBuf.putLong(at + 8, -1L);
        sqeBuf.putLong(at + SQE_ADDR_OFFSET, buf);
        sqeBuf.putInt(at + SQE_LEN_OFFSET, len);
        sqeBuf.putLong(at + SQE_USER_DATA_OFFSET, userData);
        publish();
    }

    /** Queues a cancel of the request whose user_data is {@code target}. */
    public void prepareCancel(long target, long userData) throws SyscallException {
        int at = nextSqe();
        sqeBuf.put(at + SQE_OPCODE_OFFSET, IORING_OP_ASYNC_CANCEL);
        sqeBuf.putInt(at + SQE_FD_OFFSET, -1);
        sqeBuf.putLong(at + SQE_ADDR_OFFSET, target);
        sqeBuf.putLong(at + SQE_USER_DATA_OFFSET, userData);
        publish();
    }

    /** Queues a no-op, which completes with res 0: for tests. */
    public void prepareNop(long userData) throws SyscallException {
        int at = nextSqe();
        sqeBuf.put(at + SQE_OPCODE_OFFSET, IORING_OP_NOP);
        sqeBuf.putLong(at + SQE_USER_DATA_OFFSET, userData);
        publish();
    }

    /** The zeroed SQE at the tail; submits what is queued first if the SQ is full. */
    private int nextSqe() throws SyscallException {
        checkOpen();
        while (pending() == sqEntries) {
            submit();
        }
        int at = (sqTail & sqMask) * SQE_LENGTH;
        for (int i = 0; i < SQE_LENGTH; i += 8) {
            sqeBuf.putLong(at + i, 0L);
        }
        return at;
    }

    /** Store-release of the SQ tail: pairs with the kernel's load-acquire in io_submit_sqes. */
    private void publish() {
        sqTail++;
        INTS.setRelease(sq, sqTailOffset, sqTail);
    }

    /** Queued SQEs the kernel has not consumed yet. Load-acquire of the SQ head (kernel store-release). */
    public int pending() {
        return sqTail - (int) INTS.getAcquire(sq, sqHeadOffset);
    }

    /** io_uring_enter(to_submit=pending): hands the queued SQEs to the kernel, waits for none. */
    public int submit() throws SyscallException {
        checkOpen();
        int n = pending();
        if (n == 0) {
            return 0;
        }
        return (int) enter(n, 0, 0, 0, 0, -1);
    }

    /**
     * Submits what is queued, then waits until at least one completion is in the CQ or
     * {@code timeoutNs} has passed. Returns whether the CQ holds a completion.
     *
     * <p>The timeout rides on IORING_ENTER_EXT_ARG (struct io_uring_getevents_arg pointing to a
     * relative __kernel_timespec) rather than an IORING_OP_TIMEOUT SQE: no SQE, no extra CQE to
     * filter out, and no stale timeout to remove when a completion comes first.
     */
    public boolean waitFor(long timeoutNs) throws SyscallException {
        checkOpen();
        if (ready() > 0) {
            submit();
            return true;
        }
        long t = Math.max(0, timeoutNs);
        waitArg.putLong(0, 0L);                                      // sigmask: none
        waitArg.putInt(8, 0);                                        // sigmask_sz
        waitArg.putInt(12, 0);                                       // pad
        waitArg.putLong(GETEVENTS_ARG_TS_OFFSET, Pointer.nativeValue(waitArgPtr) + TIMESPEC_OFFSET);
        waitArg.putLong(TIMESPEC_OFFSET, t / 1_000_000_000L);        // tv_sec
        waitArg.putLong(TIMESPEC_OFFSET + 8, t % 1_000_000_000L);    // tv_nsec
        int n = pending();
        enter(n, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, Pointer.nativeValue(waitArgPtr),
                GETEVENTS_ARG_LENGTH, t);
        return ready() > 0;
    }

    /** Completions in the CQ not yet reaped. Load-acquire of the CQ tail (kernel store-release). */
    public int ready() {
        return (int) INTS.getAcquire(cq, cqTailOffset) - cqHead;
    }

    /**
     * Hands every completion in the CQ to {@code handler}, in order; returns how many. The CQ head
     * moves past each CQE (store-release, so the kernel may reuse its slot) before the handler runs,
     * so a handler that throws loses nothing and sees nothing twice.
     */
    public int reap(Completion handler) throws IOException {
        checkOpen();
        int tail = (int) INTS.getAcquire(cq, cqTailOffset);
        int n = 0;
        while (cqHead != tail) {
            int at = cqesOffset + (cqHead & cqMask) * CQE_LENGTH;
            long userData = cq.getLong(at + CQE_USER_DATA_OFFSET);
            int res = cq.getInt(at + CQE_RES_OFFSET);
            cqHead++;
            INTS.setRelease(cq, cqHeadOffset, cqHead);
            n++;
            handler.completed(userData, res);
        }
        return n;
    }

    /** io_uring_enter(2); {@code timeoutNs} only names the call in an error (-1: no wait). */
    private long enter(int toSubmit, int minComplete, int flags, long arg, long argSize, long timeoutNs)
            throws SyscallException {
        while (true) {
            long r = HotCalls.CALLS.syscall(SYS_io_uring_enter, fd.fd(), toSubmit, minComplete, flags, arg, argSize);
            if ((flags & IORING_ENTER_GETEVENTS) != 0) {
                SyscallCounts.await();
            } else {
                SyscallCounts.other();
            }
            if (r >= 0) {
                return r;
            }
            int errno = HotCalls.CALLS.errno();
            if (errno == Errno.ETIME) {
                return 0; // the wait timed out: a normal result, the caller looks at the clock
            }
            if (errno == Errno.EINTR) {
                // A signal (the JVM uses them) ended the wait; SQEs were not consumed, so resubmit all.
                if (minComplete > 0 && ready() > 0) {
                    return 0;
                }
                toSubmit = pending();
                continue;
            }
            // the call's name only when it failed: a string a submit would be garbage a submit
            throw new SyscallException("io_uring_enter(submit " + toSubmit + (timeoutNs < 0 ? ""
                    : ", wait " + minComplete + ", timeout " + timeoutNs + " ns") + ")", errno);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("io_uring is closed");
        }
    }

    /**
     * Unmaps the rings and closes the descriptor, once. Requests still in flight are cancelled by
     * the kernel as the ring goes, asynchronously: a caller whose buffers must stay valid cancels
     * and reaps them first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sqes != null) {
            Mman.munmap(sqes, sqesLength);
            sqes = null;
        }
        if (cqRing != null && cqRing != sqRing) {
            Mman.munmap(cqRing, cqRingLength);
        }
        cqRing = null;
        if (sqRing != null) {
            Mman.munmap(sqRing, sqRingLength);
            sqRing = null;
        }
        sq = cq = sqeBuf = null;
        fd.close();
    }
}

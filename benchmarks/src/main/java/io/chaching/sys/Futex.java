package io.chaching.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * futex(2) on a 32-bit word in memory shared between processes (so not FUTEX_PRIVATE), through
 * {@link Unistd#syscall}: glibc has no wrapper.
 */
public final class Futex {
    /** Bytes of the struct timespec {@link #await} takes: tv_sec s64, tv_nsec s64. */
    public static final int TIMESPEC_LENGTH = 16;
    static final long SYS_futex = 202; // x86-64
    static final int FUTEX_WAIT = 0;
    static final int FUTEX_WAKE = 1;

    private Futex() {
    }

    /**
     * FUTEX_WAIT: sleeps while the word at {@code address} holds {@code expected}, for up to
     * {@code timeoutNanos}. Returns on a wake-up, at once if the word already differs (EAGAIN), on
     * the timeout (ETIMEDOUT) or a signal (EINTR): the caller looks again in every case.
     * {@code timespec} is the caller's scratch (TIMESPEC_LENGTH bytes), so waiting allocates nothing.
     */
    public static void await(long address, int expected, long timeoutNanos, Memory timespec, String what)
            throws SyscallException {
        long ns = Math.max(0, timeoutNanos);
        timespec.setLong(0, ns / 1_000_000_000L);
        timespec.setLong(8, ns % 1_000_000_000L);
        long r = HotCalls.CALLS.syscall(SYS_futex, address, FUTEX_WAIT, expected, Pointer.nativeValue(timespec), 0, 0);
        SyscallCounts.await();
        if (r < 0) {
            int errno = HotCalls.CALLS.errno();
            if (errno != Errno.EAGAIN && errno != Errno.ETIMEDOUT && errno != Errno.EINTR) {
                throw new SyscallException("futex(FUTEX_WAIT, " + what + ")", errno);
            }
        }
    }

    /**
     * FUTEX_WAKE: wakes up to {@code count} waiters on the word at {@code address}. Returns how
     * many it woke, or -1 if the call failed (EFAULT or EINVAL: not a word of this process), which
     * a ringing miner has no use for and BindingBenchmark checks.
     */
    public static long wake(long address, int count) {
        long r = HotCalls.CALLS.syscall(SYS_futex, address, FUTEX_WAKE, count, 0, 0, 0);
        SyscallCounts.other();
        return r;
    }
}

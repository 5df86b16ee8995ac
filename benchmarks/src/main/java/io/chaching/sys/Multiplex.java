package io.chaching.sys;

import com.sun.jna.Pointer;

/**
 * The checked readiness waits over {@link Poll}, {@link Select} and {@link Epoll}, in the
 * convention of {@link Fd}: EINTR retried inside with the time left until the caller's deadline
 * recomputed, other errors a {@link SyscallException} naming the call; each wait counted in
 * {@link SyscallCounts#await()}. Deadlines are System.nanoTime() values; {@link #FOREVER} waits
 * without one.
 */
public final class Multiplex {
    /** A deadline that never comes: the wait gets timeout -1 (or a null timeval). */
    public static final long FOREVER = Long.MAX_VALUE;
    /** The longest timed wait, Integer.MAX_VALUE ms (about 24.8 days), as poll's int timeout allows. */
    static final long LONGEST_WAIT_NANOS = Integer.MAX_VALUE * 1_000_000L;

    private Multiplex() {
    }

    /**
     * poll(2) over {@code nfds} struct pollfd (see {@link Poll}) until one is ready or the
     * deadline passes: how many have revents, 0 on timeout.
     */
    public static int poll(Pointer fds, int nfds, long deadlineNs, Call call) throws SyscallException {
        int n;
        do {
            n = HotCalls.CALLS.poll(fds, nfds, timeoutMs(deadlineNs));
            SyscallCounts.await();
        } while (interrupted(n, call));
        return n;
    }

    /** epoll_wait(2) for up to {@code maxevents} events until the deadline: how many, 0 on timeout. */
    public static int epollWait(int epfd, Pointer events, int maxevents, long deadlineNs, Call call)
            throws SyscallException {
        int n;
        do {
            n = HotCalls.CALLS.epollWait(epfd, events, maxevents, timeoutMs(deadlineNs));
            SyscallCounts.await();
        } while (interrupted(n, call));
        return n;
    }

    /**
     * select(2) for reading, until the deadline: {@code wanted} (fd_set words, see {@link Select})
     * is copied into {@code readfds} before each call, since select overwrites it, and what is
     * ready is copied out into {@code ready}; {@code timeval} is the caller's scratch
     * ({@link Select#TIMEVAL_LENGTH} bytes). Returns how many are ready, 0 on timeout.
     */
    public static int select(int nfds, Pointer readfds, long[] wanted, long[] ready, Pointer timeval, long deadlineNs,
                             Call call) throws SyscallException {
        while (true) {
            readfds.write(0, wanted, 0, wanted.length);
            long left = Math.max(0, deadlineNs - System.nanoTime());
            long micros = (left + 999) / 1000; // rounded up: no busy loop in the last microsecond
            timeval.setLong(Select.TIMEVAL_SEC_OFFSET, micros / 1_000_000);
            timeval.setLong(Select.TIMEVAL_USEC_OFFSET, micros % 1_000_000);
            int n = HotCalls.CALLS.select(nfds, readfds, null, null, deadlineNs == FOREVER ? null : timeval);
            SyscallCounts.await();
            if (!interrupted(n, call)) {
                readfds.read(0, ready, 0, ready.length);
                return n;
            }
        }
    }

    /** For a wait that returned {@code n}: false if it succeeded, true if a signal cut it short (EINTR), else throws. */
    private static boolean interrupted(int n, Call call) throws SyscallException {
        if (n >= 0) {
            return false;
        }
        int errno = HotCalls.CALLS.errno();
        if (errno != Errno.EINTR) {
            throw new SyscallException(call.describe(), errno);
        }
        return true;
    }

    /** The deadline {@code timeoutNanos} from now, capped at {@link #LONGEST_WAIT_NANOS} (no overflow). */
    public static long deadlineAfter(long timeoutNanos) {
        return System.nanoTime() + Math.min(Math.max(0, timeoutNanos), LONGEST_WAIT_NANOS);
    }

    /**
     * Milliseconds for a poll(2)/epoll_wait(2) timeout until {@code deadlineNs} (System.nanoTime()),
     * rounded up: rounding down would turn the last millisecond into a busy loop of 0 ms waits.
     * -1 for {@link #FOREVER}.
     */
    public static int timeoutMs(long deadlineNs) {
        if (deadlineNs == FOREVER) {
            return -1;
        }
        long left = deadlineNs - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }
}

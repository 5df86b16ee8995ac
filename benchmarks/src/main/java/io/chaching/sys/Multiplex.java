package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Readiness multiplexing in libc, direct-mapped like {@link Libc}: select(2) and the epoll
 * family (poll(2) is {@link Libc#poll}). C names unchanged; each returns what the man page says
 * and leaves errno for {@link Errno#last()}. Raw calls: the hand-offs wrap them, retrying EINTR
 * and turning -1 into a {@link SyscallException}.
 *
 * <p>Layouts (x86-64, little-endian; keep in sync with sys/select.h and sys/epoll.h):
 * <pre>
 * fd_set: unsigned long words; fd f is bit (f % 64) of word (f / 64)
 * struct timeval, 16 bytes:      0 tv_sec s64    8 tv_usec s64
 * struct epoll_event, 12 bytes:  0 events u32    4 data u64     (packed on x86-64 only;
 *                                                                 16 bytes, data at 8, elsewhere)
 * </pre>
 */
public final class Multiplex {
    static {
        Native.register(Multiplex.class, Libc.LIBRARY);
    }

    private Multiplex() {
    }

    /** Bits in one fd_set word (__NFDBITS). */
    public static final int FD_SET_WORD_BITS = 64;
    public static final int TIMEVAL_LENGTH = 16;
    public static final int TIMEVAL_SEC_OFFSET = 0;
    public static final int TIMEVAL_USEC_OFFSET = 8;

    public static final int EPOLL_CLOEXEC = 02000000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;

    /** The kernel packs struct epoll_event on x86-64 only (__EPOLL_PACKED); elsewhere data is 8-aligned. */
    private static final boolean EPOLL_PACKED = Platform.isIntel() && Platform.is64Bit();
    public static final int EPOLL_EVENT_LENGTH = EPOLL_PACKED ? 12 : 16;
    public static final int EPOLL_EVENT_EVENTS_OFFSET = 0;
    public static final int EPOLL_EVENT_DATA_OFFSET = EPOLL_PACKED ? 4 : 8;

    /**
     * select(2): waits until one of the descriptors below {@code nfds} whose bit is set in
     * {@code readfds} is readable (or at EOF), or {@code timeout} passes (null: forever). Returns
     * the number of ready descriptors, 0 on timeout, -1 with errno (EINTR: a signal came first,
     * EBADF: a closed descriptor in a set, EINVAL: nfds negative or above RLIMIT_NOFILE). On
     * return the sets hold only the ready descriptors and, on Linux, {@code timeout} the time
     * not slept. The kernel sizes the sets from {@code nfds}, so sets larger than FD_SETSIZE
     * (1024) work when the caller allocates them; glibc's FD_SET/FD_ISSET do not (with
     * _FORTIFY_SOURCE they abort above 1023).
     */
    public static native int select(int nfds, Pointer readfds, Pointer writefds, Pointer exceptfds, Pointer timeout);

    /**
     * epoll_create1(2): a new epoll instance (flags 0 or EPOLL_CLOEXEC); a descriptor, or -1
     * with errno (EMFILE, ENFILE, ENOMEM).
     */
    public static native int epoll_create1(int flags);

    /**
     * epoll_ctl(2): adds (EPOLL_CTL_ADD), changes or removes {@code fd} in the interest list of
     * {@code epfd}; {@code event} is a struct epoll_event (ignored by EPOLL_CTL_DEL). 0, or -1
     * with errno (EEXIST: already added, ENOENT: not there, EBADF, EPERM: fd is a regular file).
     * EPOLLERR and EPOLLHUP are always reported, asked for or not.
     */
    public static native int epoll_ctl(int epfd, int op, int fd, Pointer event);

    /**
     * epoll_wait(2): waits up to {@code timeoutMs} (-1: forever, 0: not at all) for events and
     * stores at most {@code maxevents} struct epoll_event in {@code events}. Returns how many, 0
     * on timeout, -1 with errno (EINTR: a signal came first, never restarted, whatever SA_RESTART).
     */
    public static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeoutMs);

    /**
     * Milliseconds for a poll(2)/epoll_wait(2) timeout until {@code deadlineNs} (System.nanoTime()),
     * rounded up: rounding down would turn the last millisecond into a busy loop of 0 ms waits.
     */
    public static int timeoutMs(long deadlineNs) {
        long left = deadlineNs - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@code <sys/epoll.h>}, direct-mapped: the epoll family. Raw calls; {@link Multiplex#epollWait}
 * is the checked wait (EINTR retried).
 *
 * <p>Layout (keep in sync with sys/epoll.h):
 * <pre>
 * struct epoll_event, 12 bytes:  0 events u32    4 data u64     (packed on x86-64 only;
 *                                                                 16 bytes, data at 8, elsewhere)
 * </pre>
 */
public final class Epoll {
    static {
        Native.register(Epoll.class, CLibrary.LIBRARY);
    }

    private Epoll() {
    }

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
}

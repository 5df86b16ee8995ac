package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <poll.h>}, direct-mapped: poll(2) and struct pollfd, defined here once for every
 * caller. Raw call; {@link Multiplex#poll} is the checked one (EINTR retried).
 *
 * <pre>
 * struct pollfd, 8 bytes:  0 fd s32   4 events s16   6 revents s16
 * </pre>
 */
public final class Poll {
    static {
        Native.register(Poll.class, CLibrary.LIBRARY);
    }

    private Poll() {
    }

    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    public static final int POLLFD_LENGTH = 8;
    public static final int POLLFD_FD_OFFSET = 0;
    public static final int POLLFD_EVENTS_OFFSET = 4;
    public static final int POLLFD_REVENTS_OFFSET = 6;

    /**
     * poll(2) over {@code nfds} struct pollfd at {@code fds}: waits up to {@code timeoutMs} (-1:
     * forever, 0: not at all) until one is ready, and sets each revents (POLLIN; POLLHUP at EOF,
     * POLLERR, POLLNVAL for a closed fd, reported whatever events asked). Entries with a negative
     * fd are ignored. Returns how many entries have a nonzero revents, 0 on timeout, -1 with errno
     * (EINTR: a signal came first, never restarted; EINVAL: nfds above RLIMIT_NOFILE; ENOMEM).
     */
    public static native int poll(Pointer fds, long nfds, int timeoutMs);

    /** Fills entry {@code i} of a pollfd array: {@code fd}, {@code events}, revents 0. */
    public static void set(Pointer fds, int i, int fd, short events) {
        long at = (long) i * POLLFD_LENGTH;
        fds.setInt(at + POLLFD_FD_OFFSET, fd);
        fds.setShort(at + POLLFD_EVENTS_OFFSET, events);
        fds.setShort(at + POLLFD_REVENTS_OFFSET, (short) 0);
    }

    /** The revents of entry {@code i}. */
    public static short revents(Pointer fds, int i) {
        return fds.getShort((long) i * POLLFD_LENGTH + POLLFD_REVENTS_OFFSET);
    }
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <sys/select.h>}, direct-mapped: select(2). Raw call; {@link Multiplex#select} is the
 * checked one (EINTR retried).
 *
 * <p>Layouts (x86-64, little-endian):
 * <pre>
 * fd_set: unsigned long words; fd f is bit (f % 64) of word (f / 64)
 * struct timeval, 16 bytes:      0 tv_sec s64    8 tv_usec s64
 * </pre>
 */
public final class Select {
    static {
        Native.register(Select.class, CLibrary.LIBRARY);
    }

    private Select() {
    }

    /** Bits in one fd_set word (__NFDBITS). */
    public static final int FD_SET_WORD_BITS = 64;
    public static final int TIMEVAL_LENGTH = 16;
    public static final int TIMEVAL_SEC_OFFSET = 0;
    public static final int TIMEVAL_USEC_OFFSET = 8;

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
}

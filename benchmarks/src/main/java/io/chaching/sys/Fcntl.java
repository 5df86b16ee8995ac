package io.chaching.sys;

import com.sun.jna.Native;

/**
 * {@code <fcntl.h>}, direct-mapped: fcntl(2) and the flags open, pipe2 and fcntl take. Raw call;
 * {@link Fd#setNonBlocking} is the checked one.
 *
 * <p>fcntl is variadic in C; it is bound with a fixed long third argument, which the x86-64
 * and aarch64 calling conventions pass exactly as the variadic call would.
 */
public final class Fcntl {
    static {
        Native.register(Fcntl.class, CLibrary.LIBRARY);
    }

    private Fcntl() {
    }

    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;

    /**
     * fcntl(2) with an integer argument. F_GETFL: the file status flags; F_SETFL: 0 (only
     * O_APPEND, O_ASYNC, O_DIRECT, O_NOATIME, O_NONBLOCK change); F_DUPFD_CLOEXEC: the lowest free
     * descriptor at or above {@code arg}, close-on-exec; F_GETPIPE_SZ / F_SETPIPE_SZ: the pipe's
     * capacity. -1 with errno on failure (EBADF, EINVAL, EMFILE; EBUSY or EPERM for a pipe size).
     */
    public static native int fcntl(int fd, int cmd, long arg);
}

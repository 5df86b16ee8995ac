package io.chaching.sys;

import java.io.IOException;

/** A failed system call: names the call, errno and strerror ("read(fd=12) failed: errno=9 (Bad file descriptor)"). */
public class SyscallException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public SyscallException(String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** Throws for a -1 result, with errno read right after the call. */
    public static long check(long result, String call) throws SyscallException {
        if (result == -1) {
            throw new SyscallException(call, Errno.last());
        }
        return result;
    }
}

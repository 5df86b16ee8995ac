package io.chaching.sys;

/** One owned file descriptor; {@link #close()} is idempotent and never retried. */
public final class Fd implements AutoCloseable {
    private volatile int fd;

    public Fd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be >= 0: fd=" + fd);
        }
        this.fd = fd;
    }

    /** The descriptor number; -1 once closed. */
    public int fd() {
        return fd;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    /** Sets or clears O_NONBLOCK. */
    public void setNonBlocking(boolean on) throws SyscallException {
        int flags = (int) SyscallException.check(Libc.fcntl(fd, Libc.F_GETFL, 0), "fcntl(F_GETFL, fd=" + fd + ")");
        int wanted = on ? flags | Libc.O_NONBLOCK : flags & ~Libc.O_NONBLOCK;
        if (wanted != flags) {
            SyscallException.check(Libc.fcntl(fd, Libc.F_SETFL, wanted), "fcntl(F_SETFL, fd=" + fd + ")");
        }
    }

    @Override
    public void close() {
        int f;
        synchronized (this) {
            f = fd;
            fd = -1;
        }
        if (f >= 0) {
            // close(2) on Linux releases the descriptor even when it reports EINTR: no retry, no throw.
            Libc.close(f);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}

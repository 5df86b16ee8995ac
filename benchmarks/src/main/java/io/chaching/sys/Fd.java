package io.chaching.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One owned file descriptor ({@link #close()} is idempotent and never retried), and the checked
 * read(2) and write(2) every caller goes through.
 *
 * <p>The convention of this package's checked wrappers: EINTR is retried inside (a signal is
 * nobody's failure); EAGAIN/EWOULDBLOCK is a result, {@link #AGAIN}, and EPIPE on a write is one
 * too, {@link #BROKEN}, both returned without allocating; every other errno throws a
 * {@link SyscallException} naming the call (from the caller's {@link Call}) and the errno. Each
 * system call made, retries included, is counted in {@link SyscallCounts}.
 */
public final class Fd implements AutoCloseable {
    /** A read or write that found a non-blocking descriptor empty or full (EAGAIN). */
    public static final long AGAIN = -1;
    /** A write to a pipe whose read end is closed (EPIPE). */
    public static final long BROKEN = -2;

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
        int flags = (int) SyscallException.check(Fcntl.fcntl(fd, Fcntl.F_GETFL, 0), "fcntl(F_GETFL, fd=" + fd + ")");
        int wanted = on ? flags | Fcntl.O_NONBLOCK : flags & ~Fcntl.O_NONBLOCK;
        if (wanted != flags) {
            SyscallException.check(Fcntl.fcntl(fd, Fcntl.F_SETFL, wanted), "fcntl(F_SETFL, fd=" + fd + ")");
        }
    }

    /**
     * A copy of this descriptor (the same open file) at the lowest free number at or above
     * {@code floor}, close-on-exec: for handing a child descriptors at fixed low numbers without a
     * source being one of the targets. The caller closes it.
     */
    public Fd dupAbove(int floor) throws SyscallException {
        return new Fd((int) SyscallException.check(Fcntl.fcntl(fd, Fcntl.F_DUPFD_CLOEXEC, floor),
                "fcntl(F_DUPFD_CLOEXEC, fd=" + fd + ", " + floor + ")"));
    }

    /**
     * One read(2) of up to {@code count} bytes: how many came, 0 at end of file, or
     * {@link #AGAIN} when a non-blocking descriptor has nothing. EINTR retried.
     */
    public static long read(int fd, Pointer buf, long count, Call call) throws SyscallException {
        while (true) {
            long n = HotCalls.CALLS.read(fd, buf, count);
            SyscallCounts.read(n);
            if (n >= 0) {
                return n;
            }
            int errno = HotCalls.CALLS.errno();
            if (errno == Errno.EAGAIN) {
                return AGAIN;
            }
            if (errno != Errno.EINTR) {
                throw new SyscallException(call.describe(), errno);
            }
        }
    }

    /**
     * One write(2) of up to {@code count} bytes: how many went (perhaps fewer), {@link #AGAIN} when
     * a non-blocking pipe is full, {@link #BROKEN} when no reader is left. EINTR retried.
     */
    public static long write(int fd, Pointer buf, long count, Call call) throws SyscallException {
        while (true) {
            long n = HotCalls.CALLS.write(fd, buf, count);
            SyscallCounts.write();
            if (n >= 0) {
                return n;
            }
            int errno = HotCalls.CALLS.errno();
            if (errno == Errno.EAGAIN) {
                return AGAIN;
            }
            if (errno == Errno.EPIPE) {
                return BROKEN;
            }
            if (errno != Errno.EINTR) {
                throw new SyscallException(call.describe(), errno);
            }
        }
    }

    /**
     * All {@code count} bytes, in as many write(2) calls as it takes: returns {@code count}, or
     * {@link #BROKEN} when the reader has gone (some bytes may have been written). Meant for
     * blocking descriptors; on a non-blocking one that fills up it waits in poll(2) for room.
     */
    public static long writeFully(int fd, Pointer buf, long count, Call call) throws SyscallException {
        long put = 0;
        Memory room = null;
        while (put < count) {
            long n = write(fd, put == 0 ? buf : buf.share(put), count - put, call);
            if (n == BROKEN) {
                return BROKEN;
            }
            if (n == AGAIN) {
                if (room == null) {
                    room = new Memory(Poll.POLLFD_LENGTH); // only on a full non-blocking pipe
                }
                Poll.set(room, 0, fd, Poll.POLLOUT);
                Multiplex.poll(room, 1, Multiplex.FOREVER, call);
                continue;
            }
            put += n;
        }
        return count;
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
            Unistd.close(f);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <unistd.h>}, direct-mapped: raw calls, C names unchanged, errno left for
 * {@link Errno#last()}. The parent's code calls the checked wrappers ({@link Fd#read},
 * {@link Fd#write}, {@link Fd#writeFully}, {@link Pipe#open}), which retry EINTR.
 */
public final class Unistd {
    static {
        Native.register(Unistd.class, CLibrary.LIBRARY);
    }

    private Unistd() {
    }

    /**
     * read(2): the number of bytes read (fewer than {@code count} when fewer are there), 0 at end
     * of file (every write end of a pipe closed), -1 with errno: EAGAIN when a non-blocking
     * descriptor has nothing, EINTR when a signal came before any byte, EBADF for a closed fd.
     */
    public static native long read(int fd, Pointer buf, long count);

    /**
     * write(2): the number of bytes written, possibly fewer than {@code count} (a signal, a full
     * non-blocking pipe; writes of at most PIPE_BUF bytes to a pipe are all or nothing), -1 with
     * errno: EAGAIN when a non-blocking pipe is full, EPIPE when no reader is left (SIGPIPE is
     * ignored by the JVM), EINTR when a signal came before any byte, EBADF.
     */
    public static native long write(int fd, Pointer buf, long count);

    /**
     * close(2): 0, or -1 with errno. Never retried, even on EINTR: Linux has released the
     * descriptor whatever close reports, and a retry could close a number reused meanwhile.
     */
    public static native int close(int fd);

    /**
     * pipe2(2): {@code fds[0]} the read end, {@code fds[1]} the write end, with {@code flags}
     * (O_CLOEXEC, O_NONBLOCK from {@link Fcntl}); 0, or -1 with errno (EMFILE, ENFILE).
     */
    public static native int pipe2(int[] fds, int flags);

    /** ftruncate(2): sets the file's length (zero-filled when it grows); 0, or -1 with errno. */
    public static native int ftruncate(int fd, long length);

    /** getpid(2): the caller's process id; always succeeds. */
    public static native int getpid();

    /** isatty(3): 1 when fd refers to a terminal, else 0 with errno ENOTTY or EBADF. */
    public static native int isatty(int fd);

    /**
     * syscall(2), for calls glibc does not wrap (futex, io_uring_*, io_setup, gettid...): the
     * call's return value, or -1 with errno (the kernel's -errno moved into errno). Variadic in C;
     * six long arguments are passed as the variadic call would on x86-64 and aarch64. Only this
     * package uses it, with the numbers of {@code <sys/syscall.h>} next to their wrappers.
     */
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);
}

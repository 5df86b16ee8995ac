package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * libc, direct-mapped (JNA {@code Native.register}): the calls the parent makes on its hot
 * paths and to own its miners. C names unchanged; each returns what the man page says and
 * leaves errno for {@link Errno#last()}. Raw calls: use the checked wrappers in this package.
 *
 * <p>fcntl is variadic in C; it is bound with a fixed long third argument, which the x86-64
 * and aarch64 calling conventions pass exactly as the variadic call would.
 */
public final class Libc {
    static final NativeLibrary LIBRARY = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);

    static {
        Native.register(Libc.class, LIBRARY);
    }

    private Libc() {
    }

    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_GETPIPE_SZ = 1032;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int WNOHANG = 1;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGSTOP = 19;
    public static final int SIGCONT = 18;
    public static final int SIGPIPE = 13;
    public static final int SIGINT = 2;
    public static final int SIGHUP = 1;
    public static final int SIGQUIT = 3;
    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    /** pipe(2): fds[0] read end, fds[1] write end. */
    public static native int pipe2(int[] fds, int flags);

    /** RLIMIT_NOFILE, for getrlimit/setrlimit. */
    public static final int RLIMIT_NOFILE = 7;

    /** getrlimit(2): {@code rlim} is {soft, hard} (struct rlimit: two unsigned longs; -1 is infinity). */
    public static native int getrlimit(int resource, long[] rlim);

    /** setrlimit(2). */
    public static native int setrlimit(int resource, long[] rlim);

    /** fcntl(2) with an integer argument. */
    public static native int fcntl(int fd, int cmd, long arg);

    /** read(2): bytes read, 0 at end of file, -1 with errno (EAGAIN on an empty non-blocking pipe). */
    public static native long read(int fd, Pointer buf, long count);

    /** write(2): bytes written (possibly fewer than count), -1 with errno. */
    public static native long write(int fd, Pointer buf, long count);

    /** close(2): never retried, even on EINTR (Linux has released the descriptor). */
    public static native int close(int fd);

    /** kill(2). */
    public static native int kill(int pid, int sig);

    /** waitpid(2): status[0] gets the wait status; 0 with WNOHANG when the child still runs. */
    public static native int waitpid(int pid, int[] status, int options);

    /** poll(2) over an array of struct pollfd (8 bytes each: int fd, short events, short revents). */
    public static native int poll(Pointer fds, long nfds, int timeoutMs);

    public static final int MFD_CLOEXEC = 1;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final long SYS_futex = 202;
    public static final int FUTEX_WAIT = 0;
    public static final int FUTEX_WAKE = 1;
    public static final int ETIMEDOUT = 110;

    /** memfd_create(2): an anonymous file to share memory with a child through a descriptor. */
    public static native int memfd_create(String name, int flags);

    /** ftruncate(2). */
    public static native int ftruncate(int fd, long length);

    /** mmap(2): MAP_FAILED is (void *) -1. */
    public static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    /** munmap(2). */
    public static native int munmap(Pointer addr, long length);

    /**
     * syscall(2) for calls glibc does not wrap (futex, io_uring_*, io_submit, ...). Variadic in
     * C; six long arguments are passed as the variadic call would on x86-64.
     */
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** isatty(3): 1 when fd is a terminal. */
    public static native int isatty(int fd);

    /** getpid(2). */
    public static native int getpid();

    /** posix_spawn(3): returns an errno value (0 on success), does not set errno. */
    public static native int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attr,
                                         Pointer argv, Pointer envp);

    public static native int posix_spawn_file_actions_init(Pointer fileActions);

    public static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    public static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newfd);

    public static native int posix_spawnattr_init(Pointer attr);

    public static native int posix_spawnattr_destroy(Pointer attr);

    public static native int posix_spawnattr_setflags(Pointer attr, short flags);

    public static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    public static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    public static native int sigemptyset(Pointer set);

    public static native int sigaddset(Pointer set, int signum);

    /** getrusage(2) into {@code usage}: struct rusage as 18 longs (two timevals, then ru_maxrss .. ru_nivcsw). */
    public static native int getrusage(int who, long[] usage);

    /** strerror(3). */
    public static native String strerror(int errnum);
}

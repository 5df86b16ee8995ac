package io.chaching.sys;

import com.sun.jna.Function;
import com.sun.jna.Native;

/**
 * errno values the parent acts on (the one place they are defined: x86-64 and aarch64 Linux share
 * them, asm-generic/errno-base.h and errno.h), and the names and texts its error messages use.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    /** Also EWOULDBLOCK on Linux. */
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    /** A call did what it should not have (cc_call_loop: data in a pipe meant to be empty). */
    public static final int EPROTO = 71;
    /** A timer expired (io_uring_enter's wait). */
    public static final int ETIME = 62;
    /** A futex wait or a connection timed out. */
    public static final int ETIMEDOUT = 110;
    /** An operation was cancelled (an io_uring request of a thread that exited). */
    public static final int ECANCELED = 125;

    private Errno() {
    }

    /**
     * errno of the calling thread's last failed JNA direct-mapped call: the set-up calls. The
     * hot path's calls ({@link NativeCalls}: read, write, the waits, futex, io_uring_enter) read
     * theirs from the binding that made them.
     */
    public static int last() {
        return Native.getLastError();
    }

    /** "errno=9 (Bad file descriptor)". */
    public static String describe(int errno) {
        return "errno=" + errno + " (" + Strings.strerror(errno) + ")";
    }

    private static final Function SIGABBREV = CLibrary.lookup("sigabbrev_np");

    /** "signal 9 (SIGKILL)"; glibc names the signal, so no table here can fall out of date. */
    public static String describeSignal(int sig) {
        String abbrev = SIGABBREV == null ? null : SIGABBREV.invokeString(new Object[] {sig}, false);
        return "signal " + sig + (abbrev == null ? "" : " (SIG" + abbrev + ")");
    }
}

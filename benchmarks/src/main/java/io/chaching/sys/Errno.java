package io.chaching.sys;

import com.sun.jna.Function;
import com.sun.jna.Native;

/** errno values the parent acts on, and the names and texts its error messages use. */
public final class Errno {
    public static final int EINTR = 4;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EBADF = 9;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    public static final int ESRCH = 3;

    private Errno() {
    }

    /** errno of the calling thread's last failed direct-mapped call. */
    public static int last() {
        return Native.getLastError();
    }

    /** "errno=9 (Bad file descriptor)". */
    public static String describe(int errno) {
        return "errno=" + errno + " (" + Libc.strerror(errno) + ")";
    }

    private static final Function SIGABBREV = lookup("sigabbrev_np");

    /** "signal 9 (SIGKILL)"; glibc names the signal, so no table here can fall out of date. */
    public static String describeSignal(int sig) {
        String abbrev = SIGABBREV == null ? null : SIGABBREV.invokeString(new Object[] {sig}, false);
        return "signal " + sig + (abbrev == null ? "" : " (SIG" + abbrev + ")");
    }

    static Function lookup(String name) {
        try {
            return Libc.LIBRARY.getFunction(name);
        } catch (UnsatisfiedLinkError notInThisLibc) {
            return null;
        }
    }
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <signal.h>}, direct-mapped: sending signals and building signal sets (for
 * {@link Spawn}). Raw calls; {@link ChildProcess#signal} is the checked kill.
 */
public final class Signal {
    static {
        Native.register(Signal.class, CLibrary.LIBRARY);
    }

    private Signal() {
    }

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGPIPE = 13;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    /**
     * kill(2): sends {@code sig} to process {@code pid}; 0, or -1 with errno (ESRCH: no such
     * process, which includes one already reaped; EPERM; EINVAL: no such signal). A zombie still
     * takes signals (and ignores them).
     */
    public static native int kill(int pid, int sig);

    /** sigemptyset(3): empties the sigset_t at {@code set}; 0 (-1 only for an invalid set). */
    public static native int sigemptyset(Pointer set);

    /** sigaddset(3): adds {@code signum} to the set; 0, or -1 with errno EINVAL for no such signal. */
    public static native int sigaddset(Pointer set, int signum);
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <sys/wait.h>}, direct-mapped: waiting for children. Raw calls; {@link ChildProcess}
 * wraps waitpid (EINTR retried, the status decoded by {@link ExitStatus}), and {@link #awaitExit}
 * is the checked waitid.
 */
public final class Wait {
    static {
        Native.register(Wait.class, CLibrary.LIBRARY);
    }

    private Wait() {
    }

    public static final int WNOHANG = 1;
    public static final int WEXITED = 4;
    public static final int WNOWAIT = 0x01000000;
    /** idtype_t P_PID: waitid's id is a process id. */
    public static final int P_PID = 1;
    /** Bytes of a siginfo_t, what waitid fills. */
    public static final int SIGINFO_LENGTH = 128;

    /**
     * waitpid(2): the pid of a child whose state changed, its wait status in {@code status[0]};
     * 0 with WNOHANG while the child still runs; -1 with errno (ECHILD: not our child or already
     * reaped, EINTR: a signal came first, without WNOHANG).
     */
    public static native int waitpid(int pid, int[] status, int options);

    /**
     * waitid(2): waits for the child {@code id} (with {@code idtype} P_PID) to reach a state in
     * {@code options} (WEXITED), filling {@code infop}; with WNOWAIT it stays waitable, so a
     * waitpid can still reap it. 0, or -1 with errno (ECHILD, EINTR, EINVAL).
     */
    public static native int waitid(int idtype, int id, Pointer infop, int options);

    /**
     * Waits until child {@code pid} has exited, without reaping it (waitid, WEXITED | WNOWAIT),
     * EINTR retried; {@code siginfo} is the caller's scratch ({@link #SIGINFO_LENGTH} bytes).
     */
    public static void awaitExit(int pid, Pointer siginfo) throws SyscallException {
        while (waitid(P_PID, pid, siginfo, WEXITED | WNOWAIT) < 0) {
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw new SyscallException("waitid(pid=" + pid + ", WEXITED | WNOWAIT)", errno);
            }
        }
    }
}

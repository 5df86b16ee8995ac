package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <sys/wait.h>}, direct-mapped: waiting for children. Raw calls; {@link #reap} is the
 * checked waitpid ({@link ChildProcess} decodes its status with {@link ExitStatus}) and
 * {@link #awaitExit} the checked waitid, both retrying EINTR.
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
     * waitpid with EINTR retried: the child's pid once it has ended (its status in
     * {@code status[0]}), or 0 with WNOHANG while it runs; any error a {@link SyscallException}
     * ("waitpid(pid=N, WNOHANG) failed: ...").
     */
    public static int reap(int pid, int[] status, int options) throws SyscallException {
        while (true) {
            int r = waitpid(pid, status, options);
            if (r >= 0) {
                return r;
            }
            int errno = Errno.last();
            if (errno != Errno.EINTR) {
                throw new SyscallException("waitpid(pid=" + pid + ((options & WNOHANG) != 0 ? ", WNOHANG)" : ")"), errno);
            }
        }
    }

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

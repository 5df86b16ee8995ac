package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * native/'s {@code cc_call_loop} (native/include/callbench.h, in libchaching.so): BindingBenchmark's
 * system calls made in C, n in a row, timed there, with no binding between the loop and the
 * kernel. One JNA call starts the loop; the calls inside it are C's own.
 */
public final class CallLoop {
    static {
        Native.register(CallLoop.class, NativeLibrary.getInstance(NativeBinaries.library("libchaching.so").toString()));
    }

    /** The calls, in the order of enum cc_call: a name's index is its kind. */
    public static final List<String> CALLS = List.of("read-eagain", "futex-wake", "poll-0");

    private CallLoop() {
    }

    /** The index of {@code call} in {@link #CALLS}, or an IllegalArgumentException naming it and the calls there are. */
    public static int kind(String call) {
        int kind = CALLS.indexOf(call);
        if (kind < 0) {
            throw new IllegalArgumentException("call must be one of " + String.join(", ", CALLS) + ": call=" + call);
        }
        return kind;
    }

    /** The raw loop: nanoseconds, or a negative value (see callbench.h). */
    static native long cc_call_loop(int kind, int fd, Pointer word, long n);

    /**
     * {@code n} calls of {@code call} on {@code fd} (an empty non-blocking pipe's read end) or on
     * the futex word at {@code word}, made in C: the nanoseconds they took. A call that behaved
     * otherwise than it should throws, in one line naming it and what it did.
     */
    public static long run(String call, int fd, Pointer word, long n) {
        int kind = kind(call);
        if (n < 1 || word == null) {
            throw new IllegalArgumentException("cc_call_loop needs n >= 1 and a futex word: n=" + n + ", word=" + word);
        }
        long r = cc_call_loop(kind, fd, word, n);
        if (r < 0) {
            // the arguments were checked above, so a negative value is a call's doing
            throw new IllegalStateException("cc_call_loop(" + call + ", fd=" + fd + ", n=" + n + "): "
                    + (r == -Errno.EPROTO ? "a call succeeded where it should not have (data, a waiter or a ready fd)"
                    : "a call failed, " + Errno.describe((int) -r)));
        }
        return r;
    }
}

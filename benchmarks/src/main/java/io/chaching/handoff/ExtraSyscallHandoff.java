package io.chaching.handoff;

import io.chaching.sys.SyscallCounts;
import io.chaching.sys.Unistd;

/**
 * A hand-off that makes one system call more per coin, on purpose, to prove that the count gate
 * catches it: before each coin reaches the sink the parent calls getpid(2) (a real system call
 * since glibc 2.25, counted as "other"). Switched on only by
 * {@code -Dchaching.extrasyscall.handoff=NAME} (see README, "The regression gate"), and loudly.
 * It costs about a microsecond a coin: the time gate cannot see it, the count gate must.
 */
final class ExtraSyscallHandoff extends PerCoinHandoff {
    static final String PROPERTY = "chaching.extrasyscall.handoff";

    ExtraSyscallHandoff(Handoff inner) {
        super(inner);
        System.err.println("WARNING: hand-off " + inner.name() + " makes one extra system call per coin on purpose (-D"
                + PROPERTY + "); its counts are not its own");
    }

    /** The hand-off, with its extra call if the system property names it. */
    static Handoff maybeExtra(Handoff h) {
        return h.name().equals(System.getProperty(PROPERTY)) ? new ExtraSyscallHandoff(h) : h;
    }

    @Override
    void beforeCoin() {
        Unistd.getpid();
        SyscallCounts.other();
    }
}

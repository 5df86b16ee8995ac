package io.chaching.sys;

import java.io.File;

/**
 * The descriptor limit (RLIMIT_NOFILE), checked before a command opens hundreds of pipes: a
 * soft limit below the need is raised to the hard one where that suffices; beyond the hard
 * limit the command is refused up front, in the C parent's words, instead of failing half-way
 * with EMFILE or EINVAL.
 */
public final class FdLimit {
    private FdLimit() {
    }

    /** Descriptors this process holds now. */
    public static int openNow() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 64 : fds.length;
    }

    /**
     * Makes sure {@code need} descriptors can be open at once: null if so (raising the soft
     * limit if needed), or why not ("needs N descriptors, the hard limit is H").
     */
    public static String ensure(long need) {
        long[] rl = new long[2];
        if (Resource.getrlimit(Resource.RLIMIT_NOFILE, rl) != 0) {
            return null; // cannot tell: let the calls themselves say
        }
        long soft = rl[0];
        long hard = rl[1];
        if (soft == -1 || Long.compareUnsigned(soft, need) >= 0) {
            return null;
        }
        if (hard != -1 && Long.compareUnsigned(hard, need) < 0) {
            return "needs " + need + " descriptors, the hard limit is " + hard;
        }
        rl[0] = need;
        if (Resource.setrlimit(Resource.RLIMIT_NOFILE, rl) != 0) {
            return "needs " + need + " descriptors, the soft limit is " + soft + " and setrlimit failed: "
                    + Strings.strerror(Errno.last());
        }
        return null;
    }
}

package io.chaching.sys;

import com.sun.jna.Native;

/**
 * {@code <sys/resource.h>}, direct-mapped: resource limits and usage. Raw calls, used by
 * {@link FdLimit} and {@link SyscallCounts}.
 */
public final class Resource {
    static {
        Native.register(Resource.class, CLibrary.LIBRARY);
    }

    private Resource() {
    }

    /** RLIMIT_NOFILE: one more than the highest descriptor number the process may open. */
    public static final int RLIMIT_NOFILE = 7;
    public static final int RUSAGE_SELF = 0;
    /** RUSAGE_THREAD: the calling thread's usage only (Linux). */
    public static final int RUSAGE_THREAD = 1;
    /** struct rusage as longs: two timevals (ru_utime, ru_stime), then ru_maxrss .. ru_nivcsw. */
    public static final int RUSAGE_LONGS = 18;

    /**
     * getrlimit(2): {@code rlim} gets {soft, hard} (struct rlimit: two unsigned longs;
     * RLIM_INFINITY is -1); 0, or -1 with errno (EINVAL).
     */
    public static native int getrlimit(int resource, long[] rlim);

    /**
     * setrlimit(2): sets {soft, hard}; 0, or -1 with errno (EPERM: raising the hard limit
     * unprivileged; EINVAL: soft above hard).
     */
    public static native int setrlimit(int resource, long[] rlim);

    /**
     * getrusage(2) into {@code usage} ({@link #RUSAGE_LONGS} longs; ru_nvcsw and ru_nivcsw, the
     * voluntary and involuntary context switches, are the last two); 0, or -1 with errno (EINVAL).
     */
    public static native int getrusage(int who, long[] usage);
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <spawn.h>}, direct-mapped: posix_spawn(3) and the attributes and file actions it takes.
 * Unlike the system calls, every one of these <em>returns</em> an errno value (0 on success) and
 * leaves errno alone. Raw calls; {@link ChildProcess#spawn} is the checked one.
 */
public final class Spawn {
    static {
        Native.register(Spawn.class, CLibrary.LIBRARY);
    }

    private Spawn() {
    }

    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    /**
     * posix_spawn(3): starts {@code path} with {@code argv} and {@code envp} (NULL-terminated),
     * applying {@code fileActions} and {@code attr} in the child; the pid in {@code pid[0]}. 0, or
     * an errno value (ENOENT, EACCES, ENOEXEC: glibc reports a failed exec here, E2BIG, ENOMEM).
     */
    public static native int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attr,
                                         Pointer argv, Pointer envp);

    /** posix_spawn_file_actions_init(3): 0, or ENOMEM. */
    public static native int posix_spawn_file_actions_init(Pointer fileActions);

    /** posix_spawn_file_actions_destroy(3): 0. */
    public static native int posix_spawn_file_actions_destroy(Pointer fileActions);

    /**
     * posix_spawn_file_actions_adddup2(3): the child gets {@code fd} as {@code newfd} (without
     * O_CLOEXEC; a dup2 onto itself would keep it). 0, EBADF or ENOMEM.
     */
    public static native int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newfd);

    /** posix_spawnattr_init(3): 0, or ENOMEM. */
    public static native int posix_spawnattr_init(Pointer attr);

    /** posix_spawnattr_destroy(3): 0. */
    public static native int posix_spawnattr_destroy(Pointer attr);

    /** posix_spawnattr_setflags(3): which attributes apply (POSIX_SPAWN_SETSIGMASK, ...); 0 or EINVAL. */
    public static native int posix_spawnattr_setflags(Pointer attr, short flags);

    /** posix_spawnattr_setsigmask(3): the child's signal mask (with POSIX_SPAWN_SETSIGMASK); 0. */
    public static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    /** posix_spawnattr_setsigdefault(3): signals reset to SIG_DFL in the child (with POSIX_SPAWN_SETSIGDEF); 0. */
    public static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);
}

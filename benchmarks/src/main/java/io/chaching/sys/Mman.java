package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * {@code <sys/mman.h>}, direct-mapped: shared memory between the parent and its children.
 * Raw calls; {@link Mapping#memfd} is the checked one.
 */
public final class Mman {
    static {
        Native.register(Mman.class, CLibrary.LIBRARY);
    }

    private Mman() {
    }

    public static final int MFD_CLOEXEC = 1;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    /** What mmap returns on failure: (void *) -1, not NULL. */
    public static final long MAP_FAILED = -1L;

    /**
     * memfd_create(2): a descriptor for an anonymous file of length 0 (set it with
     * {@link Unistd#ftruncate}), to share memory with a child through the descriptor; -1 with
     * errno (EMFILE, ENFILE, ENOMEM, EINVAL for a name over 249 bytes).
     */
    public static native int memfd_create(String name, int flags);

    /**
     * mmap(2): the mapping's address, or {@link #MAP_FAILED} with errno (ENOMEM, EINVAL, EACCES,
     * ENODEV). A MAP_SHARED mapping of a file is seen by every process mapping it.
     */
    public static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    /** munmap(2): 0, or -1 with errno (EINVAL: not page-aligned); unmapping nothing mapped is not an error. */
    public static native int munmap(Pointer addr, long length);
}

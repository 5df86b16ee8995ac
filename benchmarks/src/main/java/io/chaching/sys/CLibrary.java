package io.chaching.sys;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/** The C library every binding class of this package registers its natives against (JNA direct mapping). */
final class CLibrary {
    static final NativeLibrary LIBRARY = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);

    private CLibrary() {
    }

    /** A function of libc that may be missing (a newer glibc's), or null. */
    static com.sun.jna.Function lookup(String name) {
        try {
            return LIBRARY.getFunction(name);
        } catch (UnsatisfiedLinkError notInThisLibc) {
            return null;
        }
    }
}

package io.chaching.sys;

import com.sun.jna.Native;

/** {@code <string.h>}, direct-mapped: the one call of it the parent makes. */
public final class Strings {
    static {
        Native.register(Strings.class, CLibrary.LIBRARY);
    }

    private Strings() {
    }

    /** strerror(3): the message for errno value {@code errnum} ("Unknown error N" for one it does not know). */
    public static native String strerror(int errnum);
}

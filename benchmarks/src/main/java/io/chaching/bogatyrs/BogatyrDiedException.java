package io.chaching.bogatyrs;

import java.io.IOException;

/** A bogatyr ended mid-protocol: names which one, how it ended and at what stage; the others have been stopped and reaped. */
public final class BogatyrDiedException extends IOException {
    private static final long serialVersionUID = 1L;

    public BogatyrDiedException(String message) {
        super(message);
    }
}

package io.chaching.coins;

import java.io.IOException;
import java.util.List;

/** A round's deadline passed with coins still missing. */
public final class RoundTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public RoundTimeoutException(long timeoutNanos, List<Integer> missing) {
        super(String.format("timed out after %.1f s with no coin yet from miner%s %s", timeoutNanos / 1e9,
                missing.size() == 1 ? "" : "s", missing));
    }
}

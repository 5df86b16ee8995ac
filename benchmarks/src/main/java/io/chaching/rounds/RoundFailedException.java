package io.chaching.rounds;

import java.io.IOException;

/** A round that could not cash in every coin: a miner died, stopped answering, or sent a bad coin. */
public final class RoundFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RoundFailedException(long round, String handoff, String why, Throwable cause) {
        super("round " + round + " (hand-off " + handoff + ") failed: " + why, cause);
    }
}

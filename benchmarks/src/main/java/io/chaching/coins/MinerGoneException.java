package io.chaching.coins;

import java.io.IOException;

/** A miner ended (killed, crashed or exited) while the parent still needed it. */
public final class MinerGoneException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int miner;

    public MinerGoneException(int miner, String message) {
        super(message);
        this.miner = miner;
    }

    public int miner() {
        return miner;
    }
}

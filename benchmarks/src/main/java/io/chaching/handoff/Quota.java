package io.chaching.handoff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many coins each miner still owes in this round or stream. Hand-offs count every coin here;
 * a miner that sends more than it owes is an error, not a silent extra.
 */
public final class Quota {
    private final long[] owed;
    private final long each;
    private long total;

    public Quota(int miners, long each) {
        if (each < 1) {
            throw new IllegalArgumentException("coins per miner must be >= 1: each=" + each);
        }
        this.owed = new long[miners];
        Arrays.fill(owed, each);
        this.each = each;
        this.total = each * miners;
    }

    /** Counts one coin from {@code miner}. */
    public void count(int miner) {
        if (owed[miner] == 0) {
            throw new IllegalStateException("miner " + miner + " delivered more than the " + each + " coin"
                    + (each == 1 ? "" : "s") + " asked");
        }
        owed[miner]--;
        total--;
    }

    /** Wraps a sink so that every coin it passes is counted. */
    public Handoff.Sink counting(Handoff.Sink sink) {
        return (miner, coin) -> {
            count(miner);
            sink.cashedIn(miner, coin);
        };
    }

    public boolean done() {
        return total == 0;
    }

    public boolean done(int miner) {
        return owed[miner] == 0;
    }

    public int miners() {
        return owed.length;
    }

    public long each() {
        return each;
    }

    /** Miners still owing coins, for timeout messages. */
    public List<Integer> missing() {
        List<Integer> m = new ArrayList<>();
        for (int i = 0; i < owed.length; i++) {
            if (owed[i] > 0) {
                m.add(i);
            }
        }
        return m;
    }

    /** Throws {@link RoundTimeoutException} naming the miners still owing, if past the deadline. */
    public void checkDeadline(long deadlineNs, long timeoutNanos) throws RoundTimeoutException {
        if (!done() && System.nanoTime() - deadlineNs > 0) {
            throw new RoundTimeoutException(timeoutNanos, missing());
        }
    }
}

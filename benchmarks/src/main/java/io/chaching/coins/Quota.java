package io.chaching.coins;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many coins each miner still owes in this round or stream. Hand-offs count every coin here;
 * a miner that sends more than it owes is an error, not a silent extra.
 */
public final class Quota {
    private final long[] owed;
    private final long[] asked;
    private final long each;
    private long total;

    public Quota(int miners, long each) {
        if (each < 1) {
            throw new IllegalArgumentException("coins per miner must be >= 1: each=" + each);
        }
        this.owed = new long[miners];
        Arrays.fill(owed, each);
        this.asked = owed.clone();
        this.each = each;
        this.total = each * miners;
    }

    /**
     * Miner i owes {@code owed[i]} coins (0 allowed: that miner is done from the start and a
     * hand-off need not watch it); at least one coin in all. For rounds on a subset of the pool.
     */
    public Quota(long[] owed) {
        long sum = 0;
        long most = 0;
        for (int i = 0; i < owed.length; i++) {
            if (owed[i] < 0) {
                throw new IllegalArgumentException("coins owed must be >= 0: miner=" + i + " owed=" + owed[i]);
            }
            sum += owed[i];
            most = Math.max(most, owed[i]);
        }
        if (sum < 1) {
            throw new IllegalArgumentException("a quota must ask for at least one coin: miners=" + owed.length);
        }
        this.owed = owed.clone();
        this.asked = owed.clone();
        this.each = most;
        this.total = sum;
    }

    /** Counts one coin from {@code miner}. */
    public void count(int miner) {
        if (owed[miner] == 0) {
            throw new IllegalStateException("miner " + miner + " delivered more than the " + asked[miner] + " coin"
                    + (asked[miner] == 1 ? "" : "s") + " asked");
        }
        owed[miner]--;
        total--;
    }

    /** Wraps a sink so that every coin it passes is counted. */
    public Sink counting(Sink sink) {
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

    /** Coins per miner; for a quota built from a per-miner array, the most any miner owes. */
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

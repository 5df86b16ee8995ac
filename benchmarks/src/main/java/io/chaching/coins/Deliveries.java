package io.chaching.coins;

import io.chaching.sys.SyscallCounts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Coins on their way from reader threads, one per miner, to the parent's thread: what the
 * {@code threads} and {@code jdk-process} hand-offs share. A reader puts the coins of each read
 * as one batch ({@link #readUntilEnd}); the parent sleeps on the queue and cashes each batch in
 * with one stamp when it takes it ({@link #cashIn}), for a coin is cashed in when the parent has
 * it, not when its reader read it.
 *
 * <p>A reader's end (EOF: the miner is gone; a failed read) travels through the queue too and
 * is thrown on the parent's thread for a miner that still owes coins, then or in its next round.
 * The queue is bounded, so a parent that falls behind in a stream holds the readers back, and
 * they the miners, instead of filling the heap.
 */
public final class Deliveries {
    /** The coins of one read, or how a reader ended. */
    private record Delivery(int miner, List<Coin> coins, Throwable error) {
    }

    /** A reader's wait before each read: false to end the reader quietly (it is being closed). */
    @FunctionalInterface
    public interface Ready {
        boolean await() throws IOException;
    }

    private final String handoff;
    private final BlockingQueue<Delivery> queue;
    private final Throwable[] gone; // how each reader ended, for the miner's next round; the parent's thread only

    /** For {@code miners} readers; {@code handoff} names the hand-off in an interruption's message. */
    public Deliveries(String handoff, int miners) {
        this.handoff = handoff;
        // Room for two reads per reader: enough to keep them all busy, little enough to bound the heap.
        this.queue = new ArrayBlockingQueue<>(Math.max(64, 2 * miners));
        this.gone = new Throwable[miners];
    }

    /**
     * A reader's life: wait until {@code ready}, read the pipe, queue what came, until the pipe
     * ends, a read fails or {@code ready} says stop. A failure is queued for the parent unless
     * {@code closing} says the pipes are going away (nobody waits for it then); an interrupt
     * (the owner closing while this waits for room on the queue) ends it quietly.
     */
    public void readUntilEnd(int miner, CoinPipe pipe, Ready ready, BooleanSupplier closing) {
        List<Coin> batch = new ArrayList<>();
        try {
            while (!closing.getAsBoolean()) {
                if (!ready.await()) {
                    return;
                }
                pipe.readAvailable((m, coin) -> batch.add(coin.toCoin())); // the buffer is read again before the parent takes them
                if (!batch.isEmpty()) {
                    queue.put(new Delivery(miner, List.copyOf(batch), null));
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            // closing, and waiting for room on the queue
        } catch (IOException | RuntimeException | Error e) {
            if (closing.getAsBoolean()) {
                return;
            }
            try {
                queue.put(new Delivery(miner, List.of(), e));
            } catch (InterruptedException closed) {
                // the owner is closing
            }
        }
    }

    /**
     * Cashes in every coin the quota asks for, as the batches come, on the calling thread;
     * {@link MinerGoneException} (or whatever ended a reader) for a miner whose reader has ended
     * while it owes coins, {@link RoundTimeoutException} past {@code deadlineNs}.
     */
    public void cashIn(Quota quota, long deadlineNs, Sink sink) throws IOException {
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        for (int i = 0; i < gone.length; i++) {
            if (gone[i] != null && !quota.done(i)) {
                throw rethrow(gone[i]);
            }
        }
        try {
            while (!quota.done()) {
                if (queue.isEmpty()) {
                    SyscallCounts.await(); // the parent parks (a futex wait inside the queue), as C's cond_wait
                }
                Delivery d = queue.poll(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (d == null) {
                    quota.checkDeadline(deadlineNs, timeout);
                    continue;
                }
                if (d.error() != null) {
                    // Its reader has ended; a miner that has delivered fails only the round it next owes in.
                    gone[d.miner()] = d.error();
                    if (!quota.done(d.miner())) {
                        throw rethrow(d.error());
                    }
                    continue;
                }
                long now = System.nanoTime();
                for (Coin c : d.coins()) {
                    counted.cashedIn(d.miner(), c.cashedAt(now));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cashing in with " + handoff, e);
        }
    }

    /** A reader's failure, thrown again on the parent thread (the trace shows where the reader saw it). */
    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        return new IOException("coin reader failed: " + t, t);
    }
}

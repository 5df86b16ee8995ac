package io.chaching.miners;

import io.chaching.coins.CoinPipe;
import io.chaching.coins.Deliveries;
import io.chaching.coins.MinerGoneException;
import io.chaching.sys.SyscallCounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A ProcessBuilder miner's channels ({@code miner --stdio}): commands to its
 * {@link Process#getOutputStream()}, coins from its {@link Process#getInputStream()}, read by a
 * thread of its own into the pool's {@link Deliveries}, the way most Java code reads a child.
 *
 * <p>The reader belongs to the miner, not to a hand-off: a thread blocked in an InputStream's
 * read wakes only for bytes or the end of the stream (closing the stream from another thread
 * does not wake it, and interrupting it does nothing), and the stream ends only when the miner
 * does. So it lives as long as the process, and {@link #close()} joins it after the miner is
 * reaped.
 */
final class StdioChannel {
    static final String THREAD_PREFIX = "coin-reader-stdout-";
    static final long JOIN_NANOS = 2_000_000_000L;

    private final int miner;
    private final OutputStream commands;
    private final InputStream coins;
    private final Thread reader;
    private volatile boolean closing;

    StdioChannel(int miner, Process process, Deliveries deliveries, UnaryOperator<String> describeEnd) {
        this.miner = miner;
        this.commands = process.getOutputStream();
        this.coins = process.getInputStream();
        CoinPipe pipe = new CoinPipe(miner, coins, describeEnd);
        this.reader = new SyscallCounts.CountingThread(
                () -> deliveries.readUntilEnd(miner, pipe, () -> true, () -> closing), THREAD_PREFIX + miner);
        reader.setDaemon(true);
        reader.start();
    }

    /** One command, written and flushed: one write(2) of the record (the stream's buffer is 8 KiB), the JDK's, not counted. */
    void send(byte[] command, UnaryOperator<String> describeEnd, long round) throws IOException {
        try {
            commands.write(command);
            commands.flush();
        } catch (IOException e) {
            // "Broken pipe" (EPIPE: the JVM ignores SIGPIPE) or "Stream closed": the miner is gone
            throw new MinerGoneException(miner, describeEnd.apply("before it took round " + round));
        }
    }

    /** Closes the miner's stdin (EOF ends it); from here the end of its stdout is no failure. */
    void closeCommands() {
        closing = true;
        try {
            commands.close();
        } catch (IOException ignored) {
            // its buffer is empty (every command is flushed); a dead miner's pipe is closed anyway
        }
    }

    /** Once the miner is reaped: joins the reader (its stream has ended), then closes the stream. */
    void close() throws IOException {
        closeCommands();
        reader.interrupt(); // one waiting for room on the queue, which nobody drains now
        try {
            reader.join(TimeUnit.NANOSECONDS.toMillis(JOIN_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            throw new IOException("coin reader " + reader.getName() + " did not stop within "
                    + JOIN_NANOS / 1_000_000 + " ms of miner " + miner + "'s end");
        }
        coins.close();
    }
}

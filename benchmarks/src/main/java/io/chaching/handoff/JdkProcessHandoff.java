package io.chaching.handoff;

import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.MinerPool;
import java.io.IOException;

/**
 * The JDK's own way to talk to a child: miners started with {@link ProcessBuilder} ({@code miner
 * --stdio}), commands written to each one's {@link Process#getOutputStream()}, coins read from
 * its {@link Process#getInputStream()} by one thread per miner (a blocking read on a
 * BufferedInputStream over the pipe) and taken by the parent's thread from one queue, as
 * {@code threads} takes them. What it adds to {@code threads} is the JDK's streams in place of
 * raw read(2) and poll(2), and its process handling (its reaper thread, destroyForcibly).
 *
 * <p>Its pool must be spawned for it ({@code MinerPool.spawn(n, capacity,
 * Handoffs.ends("jdk-process"))}): a ProcessBuilder child has stdin, stdout and stderr only,
 * and its stdout's reader lives as long as the process, so the readers are the pool's
 * ({@link MinerPool#deliveries()}) and this hand-off only cashes in what they deliver.
 */
public final class JdkProcessHandoff implements Handoff {
    @Override
    public String name() {
        return "jdk-process";
    }

    /** Its reads and writes are the JDK's streams' (and their available() ioctls): none is tallied. */
    @Override
    public boolean talliesItsSyscalls() {
        return false;
    }

    /** Miners started with ProcessBuilder, their ends their stdin and stdout. */
    @Override
    public MinerPool.Ends ends() {
        return MinerPool.Ends.STDIO;
    }

    @Override
    public void attach(MinerPool pool) {
        if (pool.ends() != MinerPool.Ends.STDIO) {
            throw new IllegalArgumentException("hand-off jdk-process needs miners started with ProcessBuilder"
                    + " (MinerPool.spawn with Handoffs.ends(\"jdk-process\")): ends=" + pool.ends());
        }
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        pool.deliveries().cashIn(quota, deadlineNs, sink);
    }
}

package io.chaching.handoff;

import io.chaching.coins.CoinLayout;
import io.chaching.coins.CoinPipe;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Multiplex;
import io.chaching.sys.SyscallCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;

/**
 * jdk-selector: what a plain Java program multiplexes with, a {@link Selector} over the miners'
 * Unix-domain {@link SocketChannel}s (the same sockets and records as uds, their parent ends made
 * by the JDK: a pool with ends=JDK). On Linux the Selector is the JDK's own epoll,
 * level-triggered as {@link EpollHandoff}'s; no JNA on the hot path: {@code select(action,
 * timeout)} hands each ready key to one consumer made once (no selected-key set, no iterator a
 * wake-up), and each ready channel is read once into its miner's direct buffer and decoded in
 * place with the pipe's framing ({@link CoinPipe}).
 *
 * <p>What it shows against uds (the same socket read through JNA's epoll_wait and read): what
 * the JDK's selector adds per wake-up (its locks, its update queue, its interrupt bookkeeping)
 * and per read.
 *
 * <p>A miner that owes nothing but is readable (EOF: it died, or it sent more than asked) is
 * taken out of the interest set until it owes again, as epoll does; a channel's end of stream is
 * the same {@link io.chaching.coins.MinerGoneException} the pipes give. Every wait ends by the
 * deadline: select's timeout is the milliseconds left, rounded up.
 */
final class JdkSelectorHandoff implements Handoff {
    private MinerPool attached;
    private Selector selector;
    private SelectionKey[] keys;
    private SocketChannel[] channels;
    private CoinPipe[] framing;   // what each miner's channel is decoded with
    private boolean[] parked;     // no interest while it owed nothing
    private Quota quota;          // of the cashIn under way, for the consumer
    private Sink counted;
    private final Consumer<SelectionKey> onReady = this::ready; // one, not one a select

    @Override
    public String name() {
        return "jdk-selector";
    }

    @Override
    public int channel() {
        return CoinLayout.CHANNEL_SOCKET;
    }

    @Override
    public MinerPool.Ends ends() {
        return MinerPool.Ends.JDK;
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (pool == attached) {
            return; // Rounds and Streams on one pool both attach
        }
        close();
        pool.requireEnds(MinerPool.Ends.JDK, name());
        List<Miner> miners = pool.miners();
        Selector s = Selector.open();
        try {
            keys = new SelectionKey[miners.size()];
            channels = new SocketChannel[miners.size()];
            framing = new CoinPipe[miners.size()];
            parked = new boolean[miners.size()];
            for (Miner m : miners) {
                SocketChannel ch = m.socketChannel();
                ch.configureBlocking(false);
                channels[m.id()] = ch;
                framing[m.id()] = new CoinPipe(m.id(), m::describeEnd);
                keys[m.id()] = ch.register(s, SelectionKey.OP_READ, m.id());
                SyscallCounts.other(); // its epoll_ctl(ADD), made by the selectNow below
            }
            // The selector hands registrations to the kernel at its next select: make it now, so
            // the interest list is filled at attach as epoll's is, not inside the first round.
            SyscallCounts.await();
            s.selectNow(); // nothing is ready: no miner has a command yet
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        selector = s;
        attached = pool;
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        this.quota = quota;
        this.counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        for (int i = 0; i < parked.length; i++) {
            if (parked[i] && !quota.done(i)) {
                interest(i, SelectionKey.OP_READ);
                parked[i] = false;
            }
        }
        try {
            while (!quota.done()) {
                SyscallCounts.await();
                int ms = Multiplex.timeoutMs(deadlineNs);
                // select's 0 is no timeout at all: a deadline just passed waits 1 ms, then the check below
                selector.select(onReady, ms == -1 ? 0 : Math.max(1, ms));
                quota.checkDeadline(deadlineNs, timeout);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a dead miner, met inside the consumer
        } finally {
            this.quota = null;
            this.counted = null;
        }
    }

    /** The consumer of each ready key: read its channel once, or park a miner that owes nothing. */
    private void ready(SelectionKey key) {
        int miner = (Integer) key.attachment();
        if (quota.done(miner)) {
            interest(miner, 0);
            parked[miner] = true;
            return;
        }
        try {
            framing[miner].readAvailable(channels[miner], counted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void interest(int miner, int ops) {
        SyscallCounts.other(); // the selector's epoll_ctl(MOD), made at its next select
        keys[miner].interestOps(ops);
    }

    /** Closes the selector (its epoll and wake-up descriptors; the keys go with it); the channels stay the pool's. */
    @Override
    public void close() throws IOException {
        if (selector != null) {
            selector.close();
            selector = null;
        }
        attached = null;
    }
}

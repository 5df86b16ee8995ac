package io.chaching.handoff;

import com.sun.jna.Memory;
import io.chaching.coins.CoinPipe;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Call;
import io.chaching.sys.Epoll;
import io.chaching.sys.Fd;
import io.chaching.sys.Multiplex;
import io.chaching.sys.SyscallCounts;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Function;

/**
 * epoll(7): the interest list lives in the kernel, filled once at attach, and epoll_wait
 * returns only the ready pipes, each tagged with its miner's id: O(ready) per wake-up instead
 * of poll's O(miners). Each ready pipe is read once (O_NONBLOCK).
 *
 * <p>Level-triggered, not edge-triggered: in a round each miner writes one record, and one
 * read takes it whole (or what there is of it; the rest keeps the pipe ready, and LT reports it
 * again). Edge-triggered would report a pipe only when new bytes land, so every wake-up would
 * need an extra read until EAGAIN to be sure nothing is left behind: one more system call per
 * coin for the rounds this lab is about.
 *
 * <p>A miner that has delivered has nothing more to send; if it is readable anyway it has died
 * (EOF, which LT would report on every call) or sent more than asked. Like select and poll,
 * which stop watching it, epoll takes it out of the interest list until it owes coins again;
 * the next round then meets its EOF. Only unusual events pay these epoll_ctl calls.
 *
 * <p>What it watches is each miner's coin pipe; a subclass may name another byte stream with the
 * pipe's framing ({@code UdsHandoff}: the miners' Unix sockets).
 */
public class EpollHandoff implements Handoff {
    private final Function<Miner, CoinPipe> channel;
    private MinerPool attached;
    private Fd epoll;
    private int[] fds;
    private CoinPipe[] pipes;   // what each miner's fd is read with
    private boolean[] parked;   // taken out of the interest list while it owed nothing
    private Memory events;
    private ByteBuffer view;
    private final Memory event = new Memory(Epoll.EPOLL_EVENT_LENGTH);
    private final Call waitCall = () -> "epoll_wait(epfd=" + epoll.fd() + ", maxevents=" + fds.length + ")";

    /** epoll over the coin pipes. */
    public EpollHandoff() {
        this(Miner::pipe);
    }

    /** epoll over {@code channel}'s descriptor of each miner, read with its framing. */
    EpollHandoff(Function<Miner, CoinPipe> channel) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (pool == attached) {
            return; // Rounds and Streams on one pool both attach
        }
        close();
        List<Miner> miners = pool.miners();
        Fd ep = new Fd((int) SyscallException.check(Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC),
                "epoll_create1(EPOLL_CLOEXEC)"));
        try {
            fds = new int[miners.size()];
            pipes = new CoinPipe[miners.size()];
            parked = new boolean[miners.size()];
            for (Miner m : miners) {
                pipes[m.id()] = channel.apply(m);
                pipes[m.id()].fd().setNonBlocking(true);
                fds[m.id()] = pipes[m.id()].fd().fd();
                control(ep, Epoll.EPOLL_CTL_ADD, m.id());
            }
        } catch (IOException | RuntimeException e) {
            ep.close();
            throw e;
        }
        events = new Memory((long) miners.size() * Epoll.EPOLL_EVENT_LENGTH);
        view = events.getByteBuffer(0, events.size()).order(ByteOrder.nativeOrder());
        epoll = ep;
        attached = pool;
    }

    private void control(Fd ep, int op, int miner) throws SyscallException {
        event.setInt(Epoll.EPOLL_EVENT_EVENTS_OFFSET, Epoll.EPOLLIN); // level-triggered: no EPOLLET
        event.setLong(Epoll.EPOLL_EVENT_DATA_OFFSET, miner);
        SyscallCounts.other();
        SyscallException.check(Epoll.epoll_ctl(ep.fd(), op, fds[miner], event),
                "epoll_ctl(" + (op == Epoll.EPOLL_CTL_ADD ? "EPOLL_CTL_ADD" : "EPOLL_CTL_DEL") + ", epfd="
                        + ep.fd() + ", miner " + miner + ", fd=" + fds[miner] + ")");
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        for (int i = 0; i < parked.length; i++) {
            if (parked[i] && !quota.done(i)) {
                control(epoll, Epoll.EPOLL_CTL_ADD, i);
                parked[i] = false;
            }
        }
        while (!quota.done()) {
            int n = await(deadlineNs);
            for (int k = 0; k < n; k++) {
                int miner = (int) view.getLong(k * Epoll.EPOLL_EVENT_LENGTH + Epoll.EPOLL_EVENT_DATA_OFFSET);
                if (quota.done(miner)) {
                    control(epoll, Epoll.EPOLL_CTL_DEL, miner);
                    parked[miner] = true;
                } else {
                    pipes[miner].readAvailable(counted);
                }
            }
            quota.checkDeadline(deadlineNs, timeout);
        }
    }

    /** One epoll_wait(2) until the deadline; an interrupted wait is retried in sys. */
    private int await(long deadlineNs) throws SyscallException {
        return Multiplex.epollWait(epoll.fd(), events, fds.length, deadlineNs, waitCall);
    }

    /** Closes the epoll descriptor; the pipes (or sockets) stay the pool's. */
    @Override
    public void close() {
        if (epoll != null) {
            epoll.close();
            epoll = null;
        }
        attached = null;
    }
}

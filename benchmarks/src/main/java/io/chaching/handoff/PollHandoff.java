package io.chaching.handoff;

import com.sun.jna.Memory;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Call;
import io.chaching.sys.Multiplex;
import io.chaching.sys.Poll;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * poll(2): select without the bitmap's ceiling. One struct pollfd per miner, built once at
 * attach; the parent sleeps until a pipe of a miner that still owes coins is readable and then
 * reads each ready one once (O_NONBLOCK). Still O(miners) per wake-up: the kernel walks the
 * whole array each call and the parent scans every revents after.
 *
 * <p>A miner that has delivered is taken out by setting its fd to -1 (poll ignores negative
 * fds): its pipe has nothing more to say this round, and were it to die, its EOF would
 * otherwise wake the parent on every call.
 * The array's layout is {@link Poll}'s struct pollfd.
 */
public final class PollHandoff implements Handoff {
    private MinerPool attached;
    private int[] fds;
    private Memory pollfds;
    private ByteBuffer view;    // the same memory, for reads and writes without a JNA call each
    private final Call pollCall = () -> "poll(nfds=" + fds.length + ")";

    @Override
    public String name() {
        return "poll";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (pool == attached) {
            return; // Rounds and Streams on one pool both attach
        }
        List<Miner> miners = pool.miners();
        fds = new int[miners.size()];
        pollfds = new Memory((long) miners.size() * Poll.POLLFD_LENGTH);
        view = pollfds.getByteBuffer(0, pollfds.size()).order(ByteOrder.nativeOrder());
        for (Miner m : miners) {
            m.coinFd().setNonBlocking(true);
            fds[m.id()] = m.coinFd().fd();
            int at = m.id() * Poll.POLLFD_LENGTH;
            view.putInt(at + Poll.POLLFD_FD_OFFSET, -1);
            view.putShort(at + Poll.POLLFD_EVENTS_OFFSET, Poll.POLLIN);
            view.putShort(at + Poll.POLLFD_REVENTS_OFFSET, (short) 0);
        }
        attached = pool;
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        List<Miner> miners = pool.miners();
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        for (int i = 0; i < fds.length; i++) {
            view.putInt(i * Poll.POLLFD_LENGTH + Poll.POLLFD_FD_OFFSET, quota.done(i) ? -1 : fds[i]);
        }
        while (!quota.done()) {
            if (await(deadlineNs) > 0) {
                for (int i = 0; i < fds.length; i++) {
                    int at = i * Poll.POLLFD_LENGTH;
                    // any of POLLIN, POLLHUP (EOF), POLLERR, POLLNVAL: the read says which, with errno or EOF
                    if (view.getShort(at + Poll.POLLFD_REVENTS_OFFSET) != 0 && view.getInt(at + Poll.POLLFD_FD_OFFSET) >= 0) {
                        miners.get(i).pipe().readAvailable(counted);
                        if (quota.done(i)) {
                            view.putInt(at + Poll.POLLFD_FD_OFFSET, -1);
                        }
                    }
                }
            }
            quota.checkDeadline(deadlineNs, timeout);
        }
    }

    /** One poll(2) until the deadline; an interrupted wait is retried in sys. */
    private int await(long deadlineNs) throws SyscallException {
        return Multiplex.poll(pollfds, fds.length, deadlineNs, pollCall);
    }

    @Override
    public void close() {
        attached = null; // the pollfd array is plain memory: nothing of the kernel's held
    }
}

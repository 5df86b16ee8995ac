package io.chaching.handoff;

import com.sun.jna.Memory;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Call;
import io.chaching.sys.Multiplex;
import io.chaching.sys.Select;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * select(2), the oldest readiness call: the parent sleeps until at least one pipe of a miner
 * that still owes coins is readable, then reads each ready one once (O_NONBLOCK, so a pipe
 * that turns out empty costs an EAGAIN, never a block). Every call hands the kernel the whole
 * bitmap and gets it back overwritten, so the parent rebuilds it each time and scans it
 * after: O(highest fd) per wake-up, whatever the number of ready pipes.
 *
 * <p>FD_SETSIZE (1024) is a glibc limit, not the kernel's: the kernel sizes the sets from nfds.
 * The bitmap here has as many 64-bit words as the highest coin fd needs, so 1024 miners (whose
 * pipes sit above fd 2048) work. glibc's FD_SET/FD_ISSET macros would not: they index a fixed
 * 1024-bit fd_set and, with _FORTIFY_SOURCE, abort above fd 1023.
 *
 * <p>A dead miner's pipe reads as ready (EOF), so its death wakes the parent and the read
 * throws; the timeout only bounds the wait by the round's deadline.
 */
public final class SelectHandoff implements Handoff {
    private MinerPool attached;
    private int[] fds;          // the coin fd of miner i, as at attach
    private int nfds;           // highest coin fd + 1
    private long[] wanted;      // the read set handed to select, rebuilt each call
    private long[] ready;       // what select left in it
    private Memory readfds;
    private final Memory timeval = new Memory(Select.TIMEVAL_LENGTH);
    private final Call selectCall = () -> "select(nfds=" + nfds + ")";

    @Override
    public String name() {
        return "select";
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (pool == attached) {
            return; // Rounds and Streams on one pool both attach
        }
        List<Miner> miners = pool.miners();
        fds = new int[miners.size()];
        int highest = 0;
        for (Miner m : miners) {
            m.coinFd().setNonBlocking(true);
            fds[m.id()] = m.coinFd().fd();
            highest = Math.max(highest, fds[m.id()]);
        }
        nfds = highest + 1;
        int words = highest / Select.FD_SET_WORD_BITS + 1;
        wanted = new long[words];
        ready = new long[words];
        readfds = new Memory((long) words * Long.BYTES);
        attached = pool;
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        List<Miner> miners = pool.miners();
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        while (!quota.done()) {
            int n = await(quota, deadlineNs);
            if (n > 0) {
                for (int i = 0; i < fds.length; i++) {
                    int fd = fds[i];
                    if ((ready[fd >>> 6] & (1L << fd)) != 0 && !quota.done(i)) {
                        miners.get(i).pipe().readAvailable(counted);
                    }
                }
            }
            quota.checkDeadline(deadlineNs, timeout);
        }
    }

    /** One select(2) over the pipes of the miners still owing, until the deadline; an interrupted wait is retried in sys. */
    private int await(Quota quota, long deadlineNs) throws SyscallException {
        Arrays.fill(wanted, 0);
        for (int i = 0; i < fds.length; i++) {
            if (!quota.done(i)) {
                wanted[fds[i] >>> 6] |= 1L << fds[i]; // shifts of a long use the low 6 bits: fd % 64
            }
        }
        return Multiplex.select(nfds, readfds, wanted, ready, timeval, deadlineNs, selectCall);
    }

    @Override
    public void close() {
        attached = null; // nothing of the kernel's held: the bitmaps are plain memory
    }
}

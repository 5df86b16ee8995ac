package io.chaching.handoff;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.chaching.coins.Quota;
import io.chaching.coins.RoundTimeoutException;
import io.chaching.coins.Sink;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Call;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.ExitStatus;
import io.chaching.sys.Fd;
import io.chaching.sys.Multiplex;
import io.chaching.sys.NativeBinaries;
import io.chaching.sys.Pipe;
import io.chaching.sys.Poll;
import io.chaching.sys.SyscallException;
import io.chaching.sys.Unistd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * readers-K, the seminar's "parallelize the read over several processes": K native reader
 * processes ({@code native/src/reader.c}) between the miners and the parent. Reader r holds the
 * coin pipes of miners r, r+K, r+2K, ... (a blocking read with one pipe, poll(2) and a read of
 * each ready one with more) and forwards their records to the parent over one pipe all readers
 * share, in frames of at most PIPE_BUF bytes, so their writes never interleave
 * ({@code native/include/forward.h}). The parent, the coordinator, sleeps in poll(2) on that one
 * pipe with the round's deadline, reads it, and cashes every record in through its miner's own
 * {@link io.chaching.coins.CoinPipe} (framing and verification as ever), whose descriptor it keeps
 * but never reads while the readers live.
 *
 * <p>A miner's EOF reaches the parent as that miner's "gone" frame (a MinerGoneException as
 * everywhere); a reader's end as its pidfd turning readable, polled beside the pipe: readers never
 * end on their own, so that is an error naming the reader. With fewer miners than K, only as many
 * readers as miners. The readers are spawned at {@link #attach} and killed and reaped at
 * {@link #close()}.
 */
public final class ReadersHandoff implements Handoff {
    // keep in sync with native/include/forward.h (ReadersLayoutTest)
    static final int READER_OUT_FD = 3;
    static final int READER_FIRST_PIPE_FD = 4;
    static final int FRAME_LENGTH = 8;
    static final int FRAME_MINER_OFFSET = 0;
    static final int FRAME_LENGTH_OFFSET = 4;
    static final int FRAME_MAX = 4096;
    private static final int READ_CHUNK = 65536;

    private final int k;
    private MinerPool attached;
    private final List<ChildProcess> readers = new ArrayList<>();
    private final List<Fd> pidfds = new ArrayList<>();
    private final List<String> shares = new ArrayList<>();
    private Fd forward;
    private Memory pollfds;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(READ_CHUNK + FRAME_MAX).order(ByteOrder.LITTLE_ENDIAN);
    private final Pointer ptr = Native.getDirectBufferPointer(buf);
    private int start;
    private int end;
    private final Call pollCall = () -> "poll(forwarding pipe and " + readers.size() + " reader pidfds)";
    private final Call readCall = () -> "read(forwarding pipe, fd=" + forward.fd() + ")";

    /** {@code k} readers (1..1024). */
    public ReadersHandoff(int k) {
        if (k < 1 || k > MinerPool.MAX_MINERS) {
            throw new IllegalArgumentException("readers must be in 1.." + MinerPool.MAX_MINERS + ": readers=" + k);
        }
        this.k = k;
    }

    @Override
    public String name() {
        return "readers-" + k;
    }

    @Override
    public void attach(MinerPool pool) throws IOException {
        if (pool == attached) {
            return; // Rounds and Streams on one pool both attach
        }
        close();
        String path = NativeBinaries.program("reader").toString();
        String parentPid = Integer.toString(Unistd.getpid());
        Pipe pipe = Pipe.open();
        forward = pipe.readEnd;
        try {
            int n = Math.min(k, pool.size());
            for (int r = 0; r < n; r++) {
                spawnReader(pool, r, n, pipe.writeEnd, path, parentPid);
            }
        } catch (IOException | RuntimeException e) {
            try {
                close(); // the readers started so far, their pidfds, the read end
            } catch (IOException c) {
                e.addSuppressed(c);
            }
            throw e;
        } finally {
            // The readers have their copies; ours would keep the pipe open after the last of them.
            pipe.writeEnd.close();
        }
        pollfds = new Memory((long) (1 + readers.size()) * Poll.POLLFD_LENGTH);
        attached = pool;
    }

    /** Reader r of n, with the pipes of miners r, r+n, ...; its pidfd beside it. */
    private void spawnReader(MinerPool pool, int r, int n, Fd forwardEnd, String path, String parentPid)
            throws IOException {
        List<Miner> share = new ArrayList<>();
        StringJoiner ids = new StringJoiner(",");
        for (Miner m : pool.miners()) {
            if (m.id() % n == r) {
                m.coinFd().setNonBlocking(false); // the reader's read blocks; the flags are the file's, ours too
                share.add(m);
                ids.add(Integer.toString(m.id()));
            }
        }
        // Copies above every target number, so that no dup2 in the child lands on a source.
        int floor = READER_FIRST_PIPE_FD + share.size();
        Map<Fd, Integer> fds = new LinkedHashMap<>();
        try {
            fds.put(forwardEnd.dupAbove(floor), READER_OUT_FD);
            for (Miner m : share) {
                fds.put(m.coinFd().dupAbove(floor), READER_FIRST_PIPE_FD + fds.size() - 1);
            }
            ChildProcess reader = ChildProcess.spawn("reader " + r,
                    List.of(path, "--id", Integer.toString(r), "--parent-pid", parentPid, "--miners", ids.toString()), fds);
            readers.add(reader);
            shares.add(ids.toString());
            pidfds.add(reader.openPidfd());
        } finally {
            fds.keySet().forEach(Fd::close);
        }
    }

    @Override
    public void cashIn(MinerPool pool, Quota quota, long deadlineNs, Sink sink) throws IOException {
        Sink counted = quota.counting(sink);
        long timeout = deadlineNs - System.nanoTime();
        Poll.set(pollfds, 0, forward.fd(), Poll.POLLIN);
        for (int r = 0; r < pidfds.size(); r++) {
            Poll.set(pollfds, 1 + r, pidfds.get(r).fd(), Poll.POLLIN);
        }
        while (!quota.done()) {
            if (Multiplex.poll(pollfds, 1 + pidfds.size(), deadlineNs, pollCall) > 0) {
                // The pipe first: a reader's last frames are in it before its pidfd turns readable.
                if (Poll.revents(pollfds, 0) != 0) {
                    readForwarded(pool, counted);
                } else {
                    for (int r = 0; r < readers.size(); r++) {
                        if (Poll.revents(pollfds, 1 + r) != 0) {
                            throw readerGone(r, quota);
                        }
                    }
                }
            }
            if (!quota.done() && System.nanoTime() - deadlineNs > 0) {
                throw new RoundTimeoutException(timeout, quota.missing());
            }
        }
    }

    /** One read of the forwarding pipe, every whole frame in it to its miner's pipe, one stamp. */
    private void readForwarded(MinerPool pool, Sink sink) throws IOException {
        if (buf.capacity() - end < READ_CHUNK) { // the partial frame (under FRAME_MAX) to the front
            buf.put(0, buf, start, end - start);
            end -= start;
            start = 0;
        }
        long n = Fd.read(forward.fd(), ptr.share(end), buf.capacity() - end, readCall);
        if (n == 0) {
            throw new IOException("every reader has closed the forwarding pipe: " + describeReaders());
        }
        if (n == Fd.AGAIN) {
            return;
        }
        long cashedNs = System.nanoTime();
        end += (int) n;
        while (end - start >= FRAME_LENGTH) {
            int miner = buf.getInt(start + FRAME_MINER_OFFSET);
            int length = buf.getInt(start + FRAME_LENGTH_OFFSET);
            if (miner < 0 || miner >= pool.size() || length < 0 || length > FRAME_MAX - FRAME_LENGTH) {
                throw new IOException("malformed frame on the forwarding pipe: miner=" + Integer.toUnsignedString(miner)
                        + " length=" + Integer.toUnsignedString(length) + " (miners 0.." + (pool.size() - 1)
                        + ", length 0.." + (FRAME_MAX - FRAME_LENGTH) + ")");
            }
            if (end - start - FRAME_LENGTH < length) {
                break;
            }
            start += FRAME_LENGTH;
            if (length == 0) {
                throw pool.miner(miner).pipe().ended();
            }
            pool.miner(miner).pipe().forwarded(buf, start, length, cashedNs, sink);
            start += length;
        }
        if (start == end) {
            start = end = 0;
        }
    }

    /** "reader 1 (pid 4242, miners 1,3) was killed by signal 9 (SIGKILL) ...". */
    private IOException readerGone(int r, Quota quota) {
        return new IOException(describe(r) + " while miners " + quota.missing() + " owed coins");
    }

    private String describe(int r) {
        ChildProcess p = readers.get(r);
        String how;
        try {
            ExitStatus s = p.waitFor(2_000_000_000L);
            how = s == null ? "still runs" : s.toString();
        } catch (SyscallException e) {
            how = "ended (" + e.getMessage() + ")";
        }
        return "reader " + r + " (pid " + p.pid() + ", miners " + shares.get(r) + ") " + how;
    }

    private String describeReaders() {
        StringJoiner j = new StringJoiner("; ");
        for (int r = 0; r < readers.size(); r++) {
            j.add(describe(r));
        }
        return j.toString();
    }

    /** Kills and reaps every reader, closes the pidfds and the forwarding pipe; idempotent. */
    @Override
    public void close() throws IOException {
        SyscallException failure = null;
        for (ChildProcess r : readers) {
            try {
                r.kill();
            } catch (SyscallException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        readers.clear();
        pidfds.forEach(Fd::close);
        pidfds.clear();
        shares.clear();
        if (forward != null) {
            forward.close();
            forward = null;
        }
        start = end = 0;
        attached = null;
        if (failure != null) {
            throw failure;
        }
    }
}

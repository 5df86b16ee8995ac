package io.chaching.cli;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.chaching.coins.CoinLayout;
import io.chaching.coins.MinerGoneException;
import io.chaching.sys.Call;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.Errno;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The SHA512 race of 001_76d804e248b8b630.txt: the first integer whose decimal string hashes
 * to a digest starting with Z hex zeros, searched by P miner processes.
 *
 * <p>Integers are cut into chunks; miner i takes chunks i, i+P, i+2P, ... and reports each
 * chunk when done (its smallest hit, or none). A hit in chunk k is the answer once every chunk
 * below k has been reported empty, so the answer is the smallest whatever P is, and miners
 * that run ahead cost nothing but the chunk they are in.
 */
public final class ZeroesRace implements AutoCloseable {
    public static final int MIN_ZEROS = 1;
    public static final int MAX_ZEROS = 16;
    public static final int MIN_PROCS = 1;
    public static final int MAX_PROCS = 1024;
    /** ~4 ms of hashing per chunk at this machine's rate: fine-grained enough, few reports. */
    public static final long CHUNK = 1 << 16;
    private static final Call WRITE_WORK = () -> "write(work pipe)";

    /** The answer: the integer, its digest, and what it took. */
    public record Result(int zeros, long number, byte[] digest, long hashed, long elapsedNs) {
        /** As the document's Python prints it: (5, 1839773, '00000a6e...'). */
        public String pythonTuple() {
            return "(" + zeros + ", " + number + ", '" + HexFormat.of().formatHex(digest) + "')";
        }
    }

    /** Progress, for a user watching a long search. */
    public record Progress(long hashed, long elapsedNs) {
    }

    private final List<ChildProcess> children = new ArrayList<>();
    private final List<Fd> fds = new ArrayList<>();

    public static void checkArguments(int zeros, int procs) {
        if (zeros < MIN_ZEROS || zeros > MAX_ZEROS) {
            throw new IllegalArgumentException("ZEROS must be in " + MIN_ZEROS + ".." + MAX_ZEROS + ": ZEROS=" + zeros);
        }
        if (procs < MIN_PROCS || procs > MAX_PROCS) {
            throw new IllegalArgumentException("PROCS must be in " + MIN_PROCS + ".." + MAX_PROCS + ": PROCS=" + procs);
        }
    }

    /** How long the search may wait on the chunk next in line unless told otherwise: generous. */
    public static final long DEFAULT_TIMEOUT_NANOS = 60_000_000_000L;
    /** The smallest chunk: a report per 4096 integers keeps the parent's share of the CPU small. */
    static final long MIN_CHUNK = 1 << 12;

    /**
     * Integers per chunk for {@code procs} miners: {@link #CHUNK} for one or two, smaller for
     * more, so that the work in flight (a chunk per miner, all of which run side by side on
     * the cores there are) stays about that of two miners and the search does not hash far past
     * the answer. The answer is the smallest whatever the chunk.
     */
    public static long chunkFor(int procs) {
        return Math.min(CHUNK, Math.max(MIN_CHUNK, 2 * CHUNK / procs));
    }

    /** Runs the race with the default timeout. */
    public Result run(int zeros, int procs, Consumer<Progress> progress, long progressEveryNs) throws IOException {
        return run(zeros, procs, progress, progressEveryNs, DEFAULT_TIMEOUT_NANOS);
    }

    /**
     * Runs the race. {@code progress} (may be null) is called about every {@code progressEveryNs}
     * while the search goes on. The search fails, naming the miner, if the chunk next in line
     * is not reported within {@code timeoutNanos} (a stopped or starved miner).
     */
    public Result run(int zeros, int procs, Consumer<Progress> progress, long progressEveryNs, long timeoutNanos)
            throws IOException {
        checkArguments(zeros, procs);
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be > 0: timeoutNanos=" + timeoutNanos);
        }
        String path = NativeBinaries.program("miner").toString();
        String parentPid = Integer.toString(Unistd.getpid());
        long chunkSize = chunkFor(procs);
        long start = System.nanoTime();
        // The work pipe, one for all: the parent writes chunk numbers, a miner reads one, hashes
        // that chunk and reports it. Chunks are handed out only up to `window` past the lowest
        // one not yet reported, so a miner that runs ahead waits instead of taking the CPU the
        // miner holding that chunk needs (with hundreds of miners on 2 cores, free-running ones
        // made the search a hang); and nothing is handed out before every miner is spawned.
        Pipe work = Pipe.open();
        fds.add(work.writeEnd);
        try {
            for (int i = 0; i < procs; i++) {
                Pipe p = Pipe.open();
                fds.add(p.readEnd);
                try {
                    children.add(ChildProcess.spawn("miner " + i, List.of(path, "--zeroes", Integer.toString(zeros),
                            "--procs", Integer.toString(procs), "--index", Integer.toString(i), "--chunk",
                            Long.toString(chunkSize), "--parent-pid", parentPid),
                            Map.of(work.readEnd, CoinLayout.COMMAND_FD, p.writeEnd, CoinLayout.COIN_FD)));
                } finally {
                    p.writeEnd.close();
                }
                p.readEnd.setNonBlocking(true);
            }
        } finally {
            work.readEnd.close(); // the miners hold it; ours would keep them from seeing EOF
        }
        long window = 2L * procs;
        Memory tokens = new Memory(8L * window);
        long issued = issue(work.writeEnd, tokens, 0, window);

        Memory pollfds = new Memory((long) Poll.POLLFD_LENGTH * procs);
        Call[] readCalls = new Call[procs];
        for (int i = 0; i < procs; i++) {
            Poll.set(pollfds, i, fds.get(i + 1).fd(), Poll.POLLIN);
            int miner = i;
            readCalls[i] = () -> "read(report, miner " + miner + ")";
        }
        Call pollCall = () -> "poll(" + procs + " miners)";
        ByteBuffer report = ByteBuffer.allocateDirect(CoinLayout.ZEROES_REPORT_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        Pointer reportPtr = Native.getDirectBufferPointer(report);
        TreeMap<Long, Long> hits = new TreeMap<>();
        Map<Long, byte[]> digests = new TreeMap<>();
        long contiguous = 0; // chunks 0..contiguous-1 are all reported
        java.util.TreeSet<Long> ahead = new java.util.TreeSet<>();
        long hashed = 0;
        long nextProgress = start + progressEveryNs;
        long waitingSince = System.nanoTime(); // for chunk `contiguous`
        while (true) {
            // The answer is known once chunks 0..k-1 are all reported and chunk k holds the first hit.
            if (!hits.isEmpty() && contiguous >= hits.firstKey()) {
                long chunk = hits.firstKey();
                return new Result(zeros, hits.get(chunk), digests.get(chunk), hashed, System.nanoTime() - start);
            }
            long now = System.nanoTime();
            if (now - waitingSince >= timeoutNanos) {
                StringBuilder stopped = new StringBuilder();
                for (ChildProcess c : children) {
                    char state = state(c.pid());
                    if (state == 'T' || state == 't') {
                        stopped.append(stopped.length() == 0 ? "; stopped: " : ", ").append(c);
                    }
                }
                throw new IOException("search timed out: chunk " + contiguous + " not reported in "
                        + timeoutNanos / 1_000_000_000L + " s" + stopped);
            }
            long untilMs = (waitingSince + timeoutNanos - now) / 1_000_000 + 1;
            if (progress != null) {
                untilMs = Math.min(untilMs, Math.max(1, (nextProgress - now) / 1_000_000));
            }
            int n = Multiplex.poll(pollfds, procs, now + Math.min(untilMs, 1000) * 1_000_000L, pollCall);
            for (int i = 0; i < procs && n > 0; i++) {
                short revents = Poll.revents(pollfds, i);
                if (revents == 0) {
                    continue;
                }
                n--;
                long r;
                // Reports are 96 bytes, written whole (< PIPE_BUF), so a read gets whole ones.
                while ((r = Fd.read(fds.get(i + 1).fd(), reportPtr, CoinLayout.ZEROES_REPORT_LENGTH, readCalls[i])) > 0) {
                    if (r != CoinLayout.ZEROES_REPORT_LENGTH || report.getInt(CoinLayout.ZEROES_MAGIC_OFFSET) != CoinLayout.ZEROES_MAGIC) {
                        throw new IOException("miner " + i + " sent a malformed report (" + r + " bytes)");
                    }
                    long chunk = report.getLong(CoinLayout.ZEROES_CHUNK_OFFSET);
                    long found = report.getLong(CoinLayout.ZEROES_FOUND_OFFSET);
                    hashed += report.getLong(CoinLayout.ZEROES_HASHED_OFFSET);
                    if (chunk == contiguous) {
                        contiguous++;
                        while (ahead.remove(contiguous)) {
                            contiguous++;
                        }
                        waitingSince = System.nanoTime();
                    } else {
                        ahead.add(chunk);
                    }
                    if (found != -1L) {
                        byte[] d = new byte[CoinLayout.DIGEST_LENGTH];
                        report.get(CoinLayout.ZEROES_DIGEST_OFFSET, d);
                        hits.put(chunk, found);
                        digests.put(chunk, d);
                    }
                }
                if (r == 0) {
                    throw new MinerGoneException(i, describe(i));
                }
                // else Fd.AGAIN: drained
            }
            if (issued < contiguous + window) {
                issued = issue(work.writeEnd, tokens, issued, contiguous + window);
            }
            if (progress != null && System.nanoTime() - nextProgress >= 0) {
                progress.accept(new Progress(hashed, System.nanoTime() - start));
                nextProgress += progressEveryNs;
            }
        }
    }

    /** Hands out chunks {@code from..to-1} on the work pipe; returns {@code to}. */
    private static long issue(Fd work, Memory buf, long from, long to) throws SyscallException {
        int n = (int) (to - from);
        for (int k = 0; k < n; k++) {
            buf.setLong(8L * k, from + k);
        }
        // at most 2 * 1024 outstanding chunks: 16 KiB, always room in the pipe
        if (Fd.writeFully(work.fd(), buf, 8L * n, WRITE_WORK) == Fd.BROKEN) {
            throw new SyscallException(WRITE_WORK.describe(), Errno.EPIPE);
        }
        return to;
    }

    /** The state letter of /proc/PID/stat (R, S, T for stopped, ...), or '?' if it cannot be read. */
    static char state(int pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException e) {
            return '?';
        }
    }

    private String describe(int i) {
        ChildProcess c = children.get(i);
        try {
            var status = c.waitFor(2_000_000_000L);
            return "miner " + i + " (pid " + c.pid() + ") " + (status == null ? "closed its pipe" : status) + " during the search";
        } catch (SyscallException e) {
            return "miner " + i + " (pid " + c.pid() + ") ended during the search";
        }
    }

    /** Kills and reaps every miner (they search until stopped), closes every pipe. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (ChildProcess c : children) {
            try {
                c.kill();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        fds.forEach(Fd::close);
        if (failure != null) {
            throw failure;
        }
    }
}

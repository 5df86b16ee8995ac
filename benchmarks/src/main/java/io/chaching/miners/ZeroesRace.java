package io.chaching.miners;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.Errno;
import io.chaching.sys.Fd;
import io.chaching.sys.Libc;
import io.chaching.sys.Pipe;
import io.chaching.sys.SyscallException;
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

    /**
     * Runs the race. {@code progress} (may be null) is called about every {@code progressEveryNs}
     * while the search goes on.
     */
    public Result run(int zeros, int procs, Consumer<Progress> progress, long progressEveryNs) throws IOException {
        checkArguments(zeros, procs);
        String path = NativeBinaries.program("miner").toString();
        String parentPid = Integer.toString(Libc.getpid());
        long start = System.nanoTime();
        for (int i = 0; i < procs; i++) {
            Pipe p = Pipe.open();
            fds.add(p.readEnd);
            try {
                children.add(ChildProcess.spawn("miner " + i, List.of(path, "--zeroes", Integer.toString(zeros),
                        "--procs", Integer.toString(procs), "--index", Integer.toString(i), "--chunk",
                        Long.toString(CHUNK), "--parent-pid", parentPid), Map.of(p.writeEnd, CoinLayout.COIN_FD)));
            } finally {
                p.writeEnd.close();
            }
            p.readEnd.setNonBlocking(true);
        }

        Memory pollfds = new Memory(8L * procs);
        ByteBuffer report = ByteBuffer.allocateDirect(CoinLayout.ZEROES_REPORT_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        Pointer reportPtr = Native.getDirectBufferPointer(report);
        TreeMap<Long, Long> hits = new TreeMap<>();
        Map<Long, byte[]> digests = new TreeMap<>();
        long contiguous = 0; // chunks 0..contiguous-1 are all reported
        java.util.TreeSet<Long> ahead = new java.util.TreeSet<>();
        long hashed = 0;
        long nextProgress = start + progressEveryNs;
        while (true) {
            // The answer is known once chunks 0..k-1 are all reported and chunk k holds the first hit.
            if (!hits.isEmpty() && contiguous >= hits.firstKey()) {
                long chunk = hits.firstKey();
                return new Result(zeros, hits.get(chunk), digests.get(chunk), hashed, System.nanoTime() - start);
            }
            for (int i = 0; i < procs; i++) {
                pollfds.setInt(8L * i, fds.get(i).fd());
                pollfds.setShort(8L * i + 4, Libc.POLLIN);
                pollfds.setShort(8L * i + 6, (short) 0);
            }
            int timeoutMs = progress == null ? -1 : (int) Math.max(1, (nextProgress - System.nanoTime()) / 1_000_000);
            int n = Libc.poll(pollfds, procs, timeoutMs);
            if (n < 0) {
                int errno = Errno.last();
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw new SyscallException("poll(" + procs + " miners)", errno);
            }
            for (int i = 0; i < procs && n > 0; i++) {
                short revents = pollfds.getShort(8L * i + 6);
                if (revents == 0) {
                    continue;
                }
                long r;
                // Reports are 96 bytes, written whole (< PIPE_BUF), so a read gets whole ones.
                while ((r = Libc.read(fds.get(i).fd(), reportPtr, CoinLayout.ZEROES_REPORT_LENGTH)) > 0) {
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
                if (Errno.last() != Errno.EAGAIN && Errno.last() != Errno.EINTR) {
                    throw new SyscallException("read(report, miner " + i + ")", Errno.last());
                }
            }
            if (progress != null && System.nanoTime() - nextProgress >= 0) {
                progress.accept(new Progress(hashed, System.nanoTime() - start));
                nextProgress += progressEveryNs;
            }
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

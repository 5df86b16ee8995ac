package io.chaching.coins;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.chaching.sys.Call;
import io.chaching.sys.Fd;
import io.chaching.sys.SyscallCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.function.UnaryOperator;

/**
 * The parent's end of a miner's coin pipe, with framing: records are a 128-byte coin and its
 * payload, and a read(2) may return part of one or many. Each read takes as much as fits
 * (64 KiB or more), and every whole record in it is cashed in with that read's stamp: a read
 * that finds several coins is a burst. The same framing reads a JDK channel
 * ({@link #readAvailable(ReadableByteChannel, Sink)}: jdk-selector's SocketChannels) into the same
 * direct buffer.
 *
 * <p>The pipe is a descriptor read with read(2) through JNA, or an {@link InputStream} (a
 * ProcessBuilder child's stdout) read with {@link InputStream#read(byte[], int, int)} into a
 * heap buffer: the same records, the same framing.
 */
public final class CoinPipe {
    /** A pipe's default buffer: one read can drain all a miner has written. */
    static final int READ_CHUNK = 65536;

    private final int miner;
    private final UnaryOperator<String> describeEnd;
    private final Fd fd;
    private final InputStream in; // or null: fd
    private ByteBuffer buf;
    private Pointer ptr;
    private int start;  // first unread byte
    private int end;    // one past the last byte read
    private int reached; // where the last deliver's whole records ended
    private final Call readCall;
    private final CoinSlot slot = new CoinSlot();

    /**
     * The pipe of miner {@code miner}; {@code describeEnd} turns "when" into a sentence saying how
     * the miner ended (the miner's describeEnd), for the error when the pipe reaches EOF.
     */
    public CoinPipe(int miner, Fd fd, UnaryOperator<String> describeEnd) {
        this(miner, fd, null, describeEnd);
    }

    /** The pipe of miner {@code miner} as a stream: its InputStream's reads instead of read(2). */
    public CoinPipe(int miner, InputStream in, UnaryOperator<String> describeEnd) {
        this(miner, null, in, describeEnd);
    }

    private CoinPipe(int miner, Fd fd, InputStream in, UnaryOperator<String> describeEnd) {
        this.miner = miner;
        this.describeEnd = describeEnd;
        this.fd = fd;
        this.in = in;
        this.readCall = in != null ? () -> "InputStream.read(coins, miner " + miner + ")"
                : () -> "read(coins, miner " + miner + ", fd=" + fd.fd() + ")";
        allocate(READ_CHUNK + CoinLayout.COIN_LENGTH);
    }

    /** The framing of miner {@code miner}'s records from a channel the JDK reads; {@link #fd()} is null. */
    public CoinPipe(int miner, UnaryOperator<String> describeEnd) {
        this(miner, null, null, describeEnd);
    }

    private void allocate(int capacity) {
        ByteBuffer b = (in != null ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (buf != null) {
            b.put(0, buf, start, end - start);
        }
        end -= start;
        start = 0;
        buf = b;
        ptr = in != null ? null : Native.getDirectBufferPointer(b);
    }

    public Fd fd() {
        return fd;
    }

    /**
     * One read(2), then every whole coin in the buffer to the sink. Returns the number of coins
     * cashed in: 0 when a non-blocking read found nothing (EAGAIN) or only part of a record.
     * A blocking fd waits for at least one byte. EOF throws {@link MinerGoneException}.
     */
    public int readAvailable(Sink sink) throws IOException {
        makeRoom();
        long n = in != null ? readStream() : Fd.read(fd.fd(), ptr.share(end), buf.capacity() - end, readCall);
        if (n == Fd.AGAIN) {
            return 0;
        }
        if (n == 0) {
            throw ended();
        }
        long cashedNs = System.nanoTime();
        end += (int) n;
        return deliver(sink, cashedNs);
    }

    /**
     * As {@link #readAvailable(Sink)}, the bytes read by the JDK: one {@code channel.read} into the
     * direct buffer (for a non-blocking SocketChannel, one read(2), counted here), then every whole
     * coin to the sink. 0 when it found nothing or part of a record; end of stream throws
     * {@link MinerGoneException}.
     */
    public int readAvailable(ReadableByteChannel channel, Sink sink) throws IOException {
        makeRoom();
        buf.limit(buf.capacity()).position(end);
        int n = channel.read(buf);
        buf.clear();
        SyscallCounts.read(Math.max(0, n)); // the JDK's read(2): 0 for EAGAIN, -1 for its 0 (end of file)
        if (n == 0) {
            return 0;
        }
        if (n < 0) {
            throw ended();
        }
        long cashedNs = System.nanoTime();
        end += n;
        return deliver(sink, cashedNs);
    }

    /**
     * One InputStream read (for a ProcessBuilder child's stdout, a BufferedInputStream: one read(2)
     * at least, directly into the array since it asks for more than its 8 KiB; then, after a short
     * read, an available() ioctl, and more reads while that says there are bytes): 0 at the end of
     * the stream, as read(2). The JDK makes those calls, so none is counted in SyscallCounts.
     */
    private long readStream() throws IOException {
        int n;
        try {
            n = in.read(buf.array(), end, buf.capacity() - end);
        } catch (IOException e) {
            throw new IOException(readCall.describe() + " failed: " + e.getMessage(), e);
        }
        return Math.max(n, 0);
    }

    /**
     * The address where the next bytes should land, for completion-based hand-offs (io_uring) that
     * read into the buffer themselves; it stays valid until {@link #arrived} (call it only when
     * submitting). An address, not a Pointer: a Pointer a read would be garbage a read.
     */
    public long writeAddress() {
        if (in != null) {
            throw new IllegalStateException("miner " + miner + "'s pipe is an InputStream: it has no address to read into");
        }
        makeRoom();
        return Pointer.nativeValue(ptr) + end;
    }

    /** Room left at {@link #writeAddress()}. */
    public int writeRoom() {
        return buf.capacity() - end;
    }

    /** Accounts {@code n} bytes that arrived at {@link #writeAddress()} and cashes in the whole coins. */
    public int arrived(int n, Sink sink) throws MinerGoneException {
        if (n == 0) {
            throw ended();
        }
        long cashedNs = System.nanoTime();
        SyscallCounts.arrived(n);
        end += n;
        return deliver(sink, cashedNs);
    }

    /**
     * The miner's pipe ended (EOF, here or at a reader of readers-K): the exception that says how
     * the miner ended and whether inside a record, to throw.
     */
    public MinerGoneException ended() {
        return new MinerGoneException(miner, describeEnd.apply(end == start ? "before delivering its coin"
                : "in the middle of a coin (" + (end - start) + " bytes of a record)"));
    }

    /**
     * Bytes of this pipe that another process read and forwarded (readers-K): {@code length}
     * bytes of {@code from} at {@code at}, the pipe's next ones. Every record they complete is
     * cashed in with {@code cashedNs}; whole records are read where they lie, and only a record's
     * unfinished part is copied in. The pipe's own descriptor is not read.
     */
    public int forwarded(ByteBuffer from, int at, int length, long cashedNs, Sink sink) {
        int coins = 0;
        if (start == end) {
            coins = deliver(from, at, at + length, cashedNs, sink);
            length -= reached - at;
            at = reached;
            if (length == 0) {
                return coins;
            }
        }
        makeRoom();
        buf.put(end, from, at, length);
        end += length;
        return coins + deliver(sink, cashedNs);
    }

    private int deliver(Sink sink, long cashedNs) {
        int coins = deliver(buf, start, end, cashedNs, sink);
        start = reached;
        if (start == end) {
            start = end = 0;
        }
        return coins;
    }

    /** Cashes in the whole records of {@code b[from, to)}; {@link #reached} is where they end. */
    private int deliver(ByteBuffer b, int from, int to, long cashedNs, Sink sink) {
        int coins = 0;
        while (to - from >= CoinLayout.COIN_LENGTH) {
            int record = CoinLayout.COIN_LENGTH + Coin.payloadLengthAt(b, from);
            if (to - from < record) {
                break;
            }
            sink.cashedIn(miner, slot.at(b, from, cashedNs));
            from += record;
            coins++;
        }
        reached = from;
        return coins;
    }

    /** Keeps at least READ_CHUNK free, and room for the whole record being read. */
    private void makeRoom() {
        int need = READ_CHUNK;
        if (end - start >= CoinLayout.COIN_LENGTH) {
            need = Math.max(need, CoinLayout.COIN_LENGTH + Coin.payloadLengthAt(buf, start) - (end - start));
        }
        if (buf.capacity() - end >= need) {
            return;
        }
        if (buf.capacity() - (end - start) >= need) {
            buf.limit(end).position(start);
            buf.compact(); // overlapping move, defined by compact()
            buf.clear();
            end -= start;
            start = 0;
        } else {
            allocate(end - start + need);
        }
    }
}

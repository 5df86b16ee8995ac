package io.chaching.miners;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.chaching.coins.CoinLayout;
import io.chaching.coins.CoinPipe;
import io.chaching.coins.CoinRing;
import io.chaching.coins.Deliveries;
import io.chaching.coins.MinerGoneException;
import io.chaching.sys.Call;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.ExitStatus;
import io.chaching.sys.Fd;
import io.chaching.sys.Mapping;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;

/**
 * One native miner process and the parent's ends of its channels: commands go out on
 * {@link #commandFd()}; coins come back on its {@link #pipe()}, its {@link #socket()} (or, in a
 * pool with JDK ends, its {@link #socketChannel()}) or in its {@link #ring()}. A miner started
 * with ProcessBuilder ({@link MinerPool.Ends#STDIO}) has none of those: its commands go to its
 * stdin and its coins come from its stdout, read by a thread of its own into the pool's
 * {@link MinerPool#deliveries()}; asking it for a descriptor, pipe, socket or ring is an
 * IllegalStateException that says so.
 */
public final class Miner implements AutoCloseable {
    private final int id;
    private final ChildProcess process;
    private final Fd commandFd;
    private final CoinPipe pipe;
    private final Fd socketFd;               // null in a pool with JDK ends
    private final SocketChannel socketChannel; // the same socket in a pool with JDK ends, else null
    private CoinPipe socket; // made on first use: most hand-offs never read the socket
    private final CoinRing ring;
    private final StdioChannel stdio; // a ProcessBuilder miner's, or null
    private final ByteBuffer command = ByteBuffer.allocateDirect(CoinLayout.COMMAND_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final Pointer commandPtr = Native.getDirectBufferPointer(command);
    private final Call writeCall;

    Miner(int id, ChildProcess process, Fd commandFd, Fd coinFd, Fd socketFd, SocketChannel socketChannel,
          Mapping ring) {
        this.id = id;
        this.process = process;
        this.commandFd = commandFd;
        this.writeCall = () -> "write(command, miner " + id + ", fd=" + commandFd.fd() + ")";
        this.pipe = new CoinPipe(id, coinFd, this::describeEnd);
        this.socketFd = socketFd;
        this.socketChannel = socketChannel;
        this.ring = CoinRing.attach(id, ring);
        this.stdio = null;
    }

    /** A miner started with ProcessBuilder ({@code miner --stdio}): its reader puts its coins into {@code deliveries}. */
    Miner(int id, ChildProcess process, Deliveries deliveries) {
        this.id = id;
        this.process = process;
        this.commandFd = null;
        this.writeCall = null;
        this.pipe = null;
        this.socketFd = null;
        this.socketChannel = null;
        this.ring = null;
        this.stdio = new StdioChannel(id, process.jdkProcess(), deliveries, this::describeEnd);
    }

    /** Whether this miner was started with ProcessBuilder and talks over its stdin and stdout only. */
    public boolean stdio() {
        return stdio != null;
    }

    private <T> T channel(T channel, String what) {
        if (stdio != null) {
            throw new IllegalStateException("miner " + id + " was started with ProcessBuilder (for jdk-process): it has"
                    + " only stdin and stdout, no " + what);
        }
        return channel;
    }

    public int id() {
        return id;
    }

    public ChildProcess process() {
        return process;
    }

    /** The coin pipe's read end (CHANNEL_PIPE). */
    public Fd coinFd() {
        return channel(pipe, "coin pipe").fd();
    }

    public CoinPipe pipe() {
        return channel(pipe, "coin pipe");
    }

    /**
     * The parent's end of the miner's Unix socket, with the pipe's framing (CHANNEL_SOCKET); its
     * buffer is allocated on the first call.
     */
    public synchronized CoinPipe socket() {
        channel(socketFd, "socket");
        if (socketFd == null) {
            throw new IllegalStateException("miner " + id + "'s socket is a JDK SocketChannel (a pool with ends=JDK),"
                    + " not a descriptor to read(2): spawn the pool with ends=JNA");
        }
        if (socket == null) {
            socket = new CoinPipe(id, socketFd, this::describeEnd);
        }
        return socket;
    }

    /** The socket's descriptor, for leak checks; reads go through {@link #socket()}. Null in a pool with JDK ends. */
    public Fd socketFd() {
        return channel(socketFd, "socket");
    }

    /**
     * The parent's end of the miner's Unix socket as a JDK channel (a pool with ends=JDK,
     * jdk-selector), blocking until a hand-off says otherwise; closed by {@link #close()}.
     */
    public SocketChannel socketChannel() {
        channel(socketChannel, "socket");
        if (socketChannel == null) {
            throw new IllegalStateException("miner " + id + "'s socket is a descriptor (a pool with ends=JNA), not a JDK"
                    + " SocketChannel: spawn the pool with ends=JDK");
        }
        return socketChannel;
    }

    /** The shared-memory ring (CHANNEL_SHM, CHANNEL_SHM_FUTEX). */
    public CoinRing ring() {
        return channel(ring, "ring");
    }

    public Fd commandFd() {
        return channel(commandFd, "command pipe");
    }

    /** Closes the channel commands go out on (EOF tells the miner to exit); the first step of {@link #close()}. */
    public void closeCommands() {
        if (stdio != null) {
            stdio.closeCommands();
        } else {
            commandFd.close();
        }
    }

    /** What a miner is asked to do: a round (one coin) or a stream of coins. */
    public record Command(int op, long seed, long round, int difficulty, long count, int channel, int payloadLength,
                          int batch, long paceNs, int flags) {
        public static Command round(long seed, long round, int difficulty, int channel, int payloadLength) {
            return new Command(CoinLayout.COMMAND_ROUND, seed, round, difficulty, 1, channel, payloadLength, 1, 0, 0);
        }
    }

    /** Writes a command to the miner's command pipe. */
    public void send(Command c) throws IOException {
        command.clear();
        command.putInt(CoinLayout.COMMAND_OP_OFFSET, c.op())
                .putInt(CoinLayout.COMMAND_DIFFICULTY_OFFSET, c.difficulty())
                .putLong(CoinLayout.COMMAND_SEED_OFFSET, c.seed())
                .putLong(CoinLayout.COMMAND_ROUND_OFFSET, c.round())
                .putLong(CoinLayout.COMMAND_COUNT_OFFSET, c.count())
                .putInt(CoinLayout.COMMAND_CHANNEL_OFFSET, c.channel())
                .putInt(CoinLayout.COMMAND_PAYLOAD_LENGTH_OFFSET, c.payloadLength())
                .putInt(CoinLayout.COMMAND_BATCH_OFFSET, c.batch())
                .putInt(CoinLayout.COMMAND_FLAGS_OFFSET, c.flags())
                .putLong(CoinLayout.COMMAND_PACE_NS_OFFSET, c.paceNs());
        if (stdio != null) {
            byte[] bytes = new byte[CoinLayout.COMMAND_LENGTH]; // a command a round: not a coin's cost
            command.get(0, bytes);
            stdio.send(bytes, this::describeEnd, c.round());
            return;
        }
        if (Fd.writeFully(commandFd.fd(), commandPtr, CoinLayout.COMMAND_LENGTH, writeCall) == Fd.BROKEN) {
            throw new MinerGoneException(id, describeEnd("before it took round " + c.round()));
        }
    }

    /** "miner 3 (pid 1234) was killed by signal 9 (SIGKILL) before delivering its coin". */
    public String describeEnd(String when) {
        ExitStatus status;
        try {
            // The pipe closes as the process exits; give the kernel a moment to make it a zombie.
            status = process.waitFor(2_000_000_000L);
        } catch (SyscallException e) {
            return "miner " + id + " (pid " + process.pid() + ") ended " + when + " (" + e.getMessage() + ")";
        }
        String how = status == null ? "closed its coin channel but still runs" : status.toString();
        return "miner " + id + " (pid " + process.pid() + ") " + how + " " + when;
    }

    /**
     * For hand-offs that cannot see EOF (shared memory): throws if the miner has ended, with
     * how it ended; returns quietly while it runs.
     */
    public void checkAlive(String when) throws IOException {
        if (process.poll() != null) {
            throw new MinerGoneException(id, describeEnd(when));
        }
    }

    /** Closes the command pipe (EOF tells the miner to exit), reaps it, then closes the coin pipe and socket. */
    @Override
    public void close() throws IOException {
        close(1_000_000_000L);
    }

    /**
     * As {@link #close()}, killing the miner if it has not exited within {@code graceNanos}
     * (a miner in the middle of a coin reads no commands until it has mined it). The ring is
     * unmapped only after the miner is reaped.
     */
    public void close(long graceNanos) throws IOException {
        closeCommands();
        if (stdio != null) {
            try {
                process.stop(Math.max(0, graceNanos)); // Process.waitFor(grace), then destroyForcibly
            } finally {
                stdio.close();
            }
            return;
        }
        try {
            process.stop(Math.max(0, graceNanos));
        } finally {
            pipe.fd().close();
            try {
                if (socketFd != null) {
                    socketFd.close();
                } else {
                    socketChannel.close(); // may report an I/O error; the descriptor is released all the same
                }
            } finally {
                ring.close();
            }
        }
    }
}

package io.chaching.miners;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.Errno;
import io.chaching.sys.ExitStatus;
import io.chaching.sys.Fd;
import io.chaching.sys.Libc;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One native miner process and the parent's ends of its two pipes: commands go out on
 * {@link #commandFd()}, coins come back on {@link #coinFd()}. A coin record is read into a
 * direct buffer that survives short reads, so a non-blocking hand-off can come back for the rest.
 */
public final class Miner implements AutoCloseable {
    private final int id;
    private final ChildProcess process;
    private final Fd commandFd;
    private final Fd coinFd;
    private final ByteBuffer command = ByteBuffer.allocateDirect(CoinLayout.COMMAND_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final Pointer commandPtr = Native.getDirectBufferPointer(command);
    private final ByteBuffer record = ByteBuffer.allocateDirect(CoinLayout.COIN_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final Pointer recordPtr = Native.getDirectBufferPointer(record);
    private int filled;

    Miner(int id, ChildProcess process, Fd commandFd, Fd coinFd) {
        this.id = id;
        this.process = process;
        this.commandFd = commandFd;
        this.coinFd = coinFd;
    }

    public int id() {
        return id;
    }

    public ChildProcess process() {
        return process;
    }

    public Fd coinFd() {
        return coinFd;
    }

    public Fd commandFd() {
        return commandFd;
    }

    /** Asks the miner to mine one coin of (seed, round) at the given difficulty. */
    public void sendRound(long seed, long round, int difficulty) throws IOException {
        command.clear();
        command.putInt(CoinLayout.COMMAND_OP_OFFSET, CoinLayout.COMMAND_ROUND)
                .putInt(CoinLayout.COMMAND_DIFFICULTY_OFFSET, difficulty)
                .putLong(CoinLayout.COMMAND_SEED_OFFSET, seed)
                .putLong(CoinLayout.COMMAND_ROUND_OFFSET, round);
        long put = 0;
        while (put < CoinLayout.COMMAND_LENGTH) {
            long n = Libc.write(commandFd.fd(), commandPtr.share(put), CoinLayout.COMMAND_LENGTH - put);
            if (n >= 0) {
                put += n;
            } else {
                int errno = Errno.last();
                if (errno == Errno.EPIPE) {
                    throw new MinerGoneException(this, describeEnd("before it took round " + round));
                }
                if (errno != Errno.EINTR) {
                    throw new SyscallException("write(command, miner " + id + ", fd=" + commandFd.fd() + ")", errno);
                }
            }
        }
    }

    /**
     * Reads toward the next coin. Returns the coin once its 128 bytes are in (stamping
     * {@code cashedNs} then), or null when a non-blocking read found the pipe empty.
     * A blocking fd is read until the coin is whole. EOF means the miner is gone.
     */
    public Coin readCoin() throws IOException {
        while (true) {
            long n = Libc.read(coinFd.fd(), recordPtr.share(filled), CoinLayout.COIN_LENGTH - filled);
            if (n > 0) {
                filled += (int) n;
                if (filled == CoinLayout.COIN_LENGTH) {
                    long cashedNs = System.nanoTime();
                    filled = 0;
                    return Coin.decode(record, cashedNs);
                }
            } else if (n == 0) {
                throw new MinerGoneException(this, describeEnd(filled == 0 ? "before delivering its coin"
                        : "in the middle of a coin (" + filled + " of " + CoinLayout.COIN_LENGTH + " bytes)"));
            } else {
                int errno = Errno.last();
                if (errno == Errno.EAGAIN) {
                    return null;
                }
                if (errno != Errno.EINTR) {
                    throw new SyscallException("read(coin, miner " + id + ", fd=" + coinFd.fd() + ")", errno);
                }
            }
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
        String how = status == null ? "closed its pipe but still runs" : status.toString();
        return "miner " + id + " (pid " + process.pid() + ") " + how + " " + when;
    }

    /** Closes the command pipe (EOF tells the miner to exit), reaps it, then closes the coin pipe. */
    @Override
    public void close() throws SyscallException {
        close(1_000_000_000L);
    }

    /**
     * As {@link #close()}, killing the miner if it has not exited within {@code graceNanos}
     * (a miner in the middle of a coin reads no commands until it has mined it).
     */
    public void close(long graceNanos) throws SyscallException {
        commandFd.close();
        try {
            process.stop(Math.max(0, graceNanos));
        } finally {
            coinFd.close();
        }
    }
}

package io.chaching.miners;

import io.chaching.coins.CoinLayout;
import io.chaching.coins.CoinRing;
import io.chaching.coins.Deliveries;
import io.chaching.coins.Doorbell;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.Fd;
import io.chaching.sys.Mapping;
import io.chaching.sys.NativeBinaries;
import io.chaching.sys.Pipe;
import io.chaching.sys.Signal;
import io.chaching.sys.Socket;
import io.chaching.sys.SyscallException;
import io.chaching.sys.Unistd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * N miner processes that live across rounds. Each round the parent sends every miner its
 * command at once and a hand-off cashes one coin per miner in. {@link #close()} ends and
 * reaps them all and closes every descriptor, also after a failed round.
 */
public final class MinerPool implements AutoCloseable {
    public static final int MIN_MINERS = 1;
    public static final int MAX_MINERS = 1024;

    private static final long GRACE_NANOS = 1_000_000_000L;

    /**
     * How the miners are started, which decides the channels they have; a hand-off names the one
     * it needs (Handoffs.launch), and every caller spawns its pool with that.
     */
    public enum Launch {
        /** posix_spawn through JNA, with every channel at its fixed descriptor (CoinLayout.*_FD). */
        POSIX_SPAWN,
        /**
         * {@link ProcessBuilder}, as most Java code starts a child ({@code miner --stdio}):
         * commands on its stdin, coins on its stdout, read by one thread a miner into
         * {@link #deliveries()}; no ring, socket or doorbell.
         */
        PROCESS_BUILDER
    }

    private final List<Miner> miners;
    private final Doorbell doorbell;
    private final Launch launch;
    private final Deliveries deliveries; // PROCESS_BUILDER's, or null
    private volatile boolean closed;

    private MinerPool(List<Miner> miners, Doorbell doorbell, Launch launch, Deliveries deliveries) {
        this.miners = Collections.unmodifiableList(miners);
        this.doorbell = doorbell;
        this.launch = launch;
        this.deliveries = deliveries;
    }

    /** Spawns {@code count} miners (1..1024), ids 0..count-1, with rings of the default capacity. */
    public static MinerPool spawn(int count) throws IOException {
        return spawn(count, CoinLayout.DEFAULT_RING_CAPACITY);
    }

    /** Spawns {@code count} miners whose rings hold {@code ringCapacity} bytes (a power of two). */
    public static MinerPool spawn(int count, long ringCapacity) throws IOException {
        return spawn(count, ringCapacity, Launch.POSIX_SPAWN);
    }

    /** Spawns {@code count} miners started as {@code launch} says, with rings of the default capacity. */
    public static MinerPool spawn(int count, Launch launch) throws IOException {
        return spawn(count, CoinLayout.DEFAULT_RING_CAPACITY, launch);
    }

    /**
     * Spawns {@code count} miners started as {@code launch} says; with posix_spawn, their rings
     * hold {@code ringCapacity} bytes (a power of two); ProcessBuilder miners have no ring.
     */
    public static MinerPool spawn(int count, long ringCapacity, Launch launch) throws IOException {
        checkCount(count);
        String path = NativeBinaries.program("miner").toString();
        String parentPid = Integer.toString(Unistd.getpid());
        List<Miner> started = new ArrayList<>(count);
        Mapping bell = Doorbell.create();
        Deliveries deliveries = launch == Launch.PROCESS_BUILDER ? new Deliveries("jdk-process", count) : null;
        try {
            for (int id = 0; id < count; id++) {
                started.add(deliveries != null ? startOne(path, id, parentPid, deliveries)
                        : spawnOne(path, id, parentPid, ringCapacity, bell));
            }
            bell.closeFd();
            return new MinerPool(started, new Doorbell(bell), launch, deliveries);
        } catch (IOException | RuntimeException e) {
            closeAll(started, e);
            bell.close();
            throw e;
        }
    }

    public static void checkCount(int count) {
        if (count < MIN_MINERS || count > MAX_MINERS) {
            throw new IllegalArgumentException("miners must be in " + MIN_MINERS + ".." + MAX_MINERS + ": miners=" + count);
        }
    }

    private static Miner spawnOne(String path, int id, String parentPid, long ringCapacity, Mapping bell)
            throws IOException {
        Pipe command = null;
        Pipe coins = null;
        Socket.Pair socket = null; // first: ours, second: the miner's (uds)
        Mapping ring = null;
        try {
            command = Pipe.open();
            coins = Pipe.open();
            // Every miner gets one, as every miner gets a ring: the pool does not know its hand-off.
            socket = Socket.pair();
            ring = CoinRing.create(id, ringCapacity);
            ChildProcess child = ChildProcess.spawn("miner " + id,
                    List.of(path, "--id", Integer.toString(id), "--parent-pid", parentPid),
                    Map.of(command.readEnd, CoinLayout.COMMAND_FD, coins.writeEnd, CoinLayout.COIN_FD,
                            ring.fd(), CoinLayout.RING_FD, bell.fd(), CoinLayout.DOORBELL_FD,
                            socket.second(), CoinLayout.SOCKET_FD));
            return new Miner(id, child, command.writeEnd, coins.readEnd, socket.first(), ring);
        } catch (IOException | RuntimeException e) {
            if (command != null) {
                command.close();
            }
            if (coins != null) {
                coins.close();
            }
            if (socket != null) {
                socket.close();
            }
            if (ring != null) {
                ring.close();
            }
            throw e;
        } finally {
            // The child has its own copies; keeping these would hide its death (no EOF) from us.
            if (command != null) {
                command.readEnd.close();
            }
            if (coins != null) {
                coins.writeEnd.close();
            }
            if (socket != null) {
                socket.second().close();
            }
            if (ring != null) {
                ring.closeFd();
            }
        }
    }

    /**
     * A miner started with ProcessBuilder: stderr is the parent's, as a posix_spawn miner's; its
     * stdin and stdout are pipes the JDK made, which the miner closes with the process.
     */
    private static Miner startOne(String path, int id, String parentPid, Deliveries deliveries) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(path, "--id", Integer.toString(id), "--parent-pid", parentPid,
                "--stdio").redirectError(ProcessBuilder.Redirect.INHERIT);
        ChildProcess child = ChildProcess.start("miner " + id, builder);
        try {
            return new Miner(id, child, deliveries);
        } catch (RuntimeException | Error e) {
            child.kill();
            child.jdkProcess().getOutputStream().close();
            child.jdkProcess().getInputStream().close();
            throw e;
        }
    }

    public Launch launch() {
        return launch;
    }

    /** Where a ProcessBuilder pool's readers put its coins; IllegalStateException for a posix_spawn pool. */
    public Deliveries deliveries() {
        if (deliveries == null) {
            throw new IllegalStateException("this pool's miners were started with posix_spawn: no reader threads deliver"
                    + " their coins (launch=" + launch + ")");
        }
        return deliveries;
    }

    /** The doorbell every miner rings in shm-futex. */
    public Doorbell doorbell() {
        return doorbell;
    }

    public List<Miner> miners() {
        return miners;
    }

    public int size() {
        return miners.size();
    }

    public Miner miner(int id) {
        return miners.get(id);
    }

    /**
     * Sends every miner its command at once, miner i at {@code difficulty[i]}, and returns the
     * start stamp (System.nanoTime() before the first command).
     */
    public long start(Miner.Command command, int[] difficulty) throws IOException {
        if (closed) {
            throw new IllegalStateException("miner pool is closed");
        }
        if (difficulty.length != miners.size()) {
            throw new IllegalArgumentException("one difficulty per miner: miners=" + miners.size()
                    + " difficulties=" + difficulty.length);
        }
        long start = System.nanoTime();
        for (Miner m : miners) {
            m.send(new Miner.Command(command.op(), command.seed(), command.round(), difficulty[m.id()], command.count(),
                    command.channel(), command.payloadLength(), command.batch(), command.paceNs(), command.flags()));
        }
        return start;
    }

    /** Ends every miner (EOF on its command pipe, SIGKILL after a grace period), reaps it, closes its pipes and socket. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeAll(miners, null);
        } finally {
            doorbell.close();
        }
    }

    private static void closeAll(List<Miner> miners, Exception primary) throws IOException {
        // All command pipes first, so the miners wind down in parallel rather than one by one.
        for (Miner m : miners) {
            m.closeCommands();
        }
        IOException failure = null;
        // One grace period for all of them: a pool of busy miners must not take N seconds to close.
        long deadline = System.nanoTime() + GRACE_NANOS;
        for (Miner m : miners) {
            try {
                m.close(deadline - System.nanoTime());
            } catch (IOException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Kills every miner at once: the way out of a round that cannot finish. */
    public void killAll() {
        for (Miner m : miners) {
            try {
                m.process().signal(Signal.SIGKILL);
            } catch (SyscallException ignored) {
                // already gone: close() reaps it
            }
        }
    }

    /** Descriptors the parent holds for the miners, for tests that look for leaks (a ProcessBuilder miner's are the JDK's). */
    public List<Fd> descriptors() {
        List<Fd> fds = new ArrayList<>();
        for (Miner m : miners) {
            if (m.stdio()) {
                continue;
            }
            fds.add(m.commandFd());
            fds.add(m.coinFd());
            fds.add(m.socketFd());
        }
        return fds;
    }
}

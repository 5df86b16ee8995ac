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
import java.util.Objects;

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
     * Who makes the parent's ends of the miners' channels. A pool is spawned before it is given a
     * hand-off, so the caller says which its hand-off reads:
     * {@code MinerPool.spawn(miners, capacity, Handoffs.ends(name))}, the same in every caller.
     */
    public enum Ends {
        /**
         * The system calls, through JNA: posix_spawn with every channel at its fixed descriptor
         * (CoinLayout.*_FD), a socketpair(2) whose end is a descriptor (uds reads it with read(2)),
         * a ring mapped by mmap(2). Every hand-off of the C parent's.
         */
        JNA,
        /**
         * The JDK's own classes for the socket and the ring: the socket's end a
         * {@link java.nio.channels.SocketChannel} accepted from a ServerSocketChannel
         * (jdk-selector), the ring a MappedByteBuffer from FileChannel.map (jdk-mapped). The
         * miner's ends, and what it writes, are the same.
         */
        JDK,
        /**
         * {@link ProcessBuilder}, as most Java code starts a child ({@code miner --stdio}):
         * commands on its stdin, coins on its stdout, read by one thread a miner into
         * {@link #deliveries()}; no ring, socket or doorbell (jdk-process).
         */
        STDIO
    }

    private final List<Miner> miners;
    private final Doorbell doorbell;
    private final Ends ends;
    private final Deliveries deliveries; // STDIO's, or null
    private volatile boolean closed;

    private MinerPool(List<Miner> miners, Doorbell doorbell, Ends ends, Deliveries deliveries) {
        this.miners = Collections.unmodifiableList(miners);
        this.doorbell = doorbell;
        this.ends = ends;
        this.deliveries = deliveries;
    }

    /** Spawns {@code count} miners (1..1024), ids 0..count-1, with rings of the default capacity. */
    public static MinerPool spawn(int count) throws IOException {
        return spawn(count, CoinLayout.DEFAULT_RING_CAPACITY);
    }

    /** Spawns {@code count} miners with rings of the default capacity, their parent ends made by {@code ends}. */
    public static MinerPool spawn(int count, Ends ends) throws IOException {
        return spawn(count, CoinLayout.DEFAULT_RING_CAPACITY, ends);
    }

    /** Spawns {@code count} miners whose rings hold {@code ringCapacity} bytes (a power of two). */
    public static MinerPool spawn(int count, long ringCapacity) throws IOException {
        return spawn(count, ringCapacity, Ends.JNA);
    }

    /**
     * Spawns {@code count} miners whose parent ends are made by {@code ends}; their rings hold
     * {@code ringCapacity} bytes (a power of two), but STDIO miners, which have none.
     */
    public static MinerPool spawn(int count, long ringCapacity, Ends ends) throws IOException {
        checkCount(count);
        Objects.requireNonNull(ends, "ends (MinerPool.Ends.JNA, JDK or STDIO)");
        String path = NativeBinaries.program("miner").toString();
        String parentPid = Integer.toString(Unistd.getpid());
        List<Miner> started = new ArrayList<>(count);
        Mapping bell = Doorbell.create();
        SocketRendezvous rendezvous = null;
        Deliveries deliveries = ends == Ends.STDIO ? new Deliveries("jdk-process", count) : null;
        try {
            rendezvous = ends == Ends.JDK ? SocketRendezvous.open() : null;
            for (int id = 0; id < count; id++) {
                started.add(deliveries != null ? startOne(path, id, parentPid, deliveries)
                        : spawnOne(path, id, parentPid, ringCapacity, bell, rendezvous));
            }
            if (rendezvous != null) {
                rendezvous.close(); // every pair is connected: the path goes now
                rendezvous = null;
            }
            bell.closeFd();
            return new MinerPool(started, new Doorbell(bell), ends, deliveries);
        } catch (IOException | RuntimeException e) {
            if (rendezvous != null) {
                try {
                    rendezvous.close();
                } catch (IOException | RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
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

    private static Miner spawnOne(String path, int id, String parentPid, long ringCapacity, Mapping bell,
                                  SocketRendezvous rendezvous) throws IOException {
        Pipe command = null;
        Pipe coins = null;
        Socket.Pair socket = null; // first: ours, second: the miner's (uds)
        SocketRendezvous.Pair channel = null; // or, in a JDK pool, ours a SocketChannel (jdk-selector)
        Mapping ring = null;
        try {
            command = Pipe.open();
            coins = Pipe.open();
            // Every miner gets one, as every miner gets a ring: the pool does not know its hand-off.
            if (rendezvous == null) {
                socket = Socket.pair();
            } else {
                channel = rendezvous.connect();
            }
            ring = rendezvous == null ? CoinRing.create(id, ringCapacity) : CoinRing.createMappedByJdk(id, ringCapacity);
            ChildProcess child = ChildProcess.spawn("miner " + id,
                    List.of(path, "--id", Integer.toString(id), "--parent-pid", parentPid),
                    Map.of(command.readEnd, CoinLayout.COMMAND_FD, coins.writeEnd, CoinLayout.COIN_FD,
                            ring.fd(), CoinLayout.RING_FD, bell.fd(), CoinLayout.DOORBELL_FD,
                            socket != null ? socket.second() : channel.miner(), CoinLayout.SOCKET_FD));
            return new Miner(id, child, command.writeEnd, coins.readEnd,
                    socket != null ? socket.first() : null, channel != null ? channel.parent() : null, ring);
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
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException | RuntimeException again) {
                    e.addSuppressed(again);
                }
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
            if (channel != null) {
                channel.miner().close();
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

    /** Where a ProcessBuilder pool's readers put its coins; IllegalStateException for a posix_spawn pool. */
    public Deliveries deliveries() {
        if (deliveries == null) {
            throw new IllegalStateException("this pool's miners were started with posix_spawn: no reader threads deliver"
                    + " their coins (ends=" + ends + ")");
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

    /** Who made the parent's ends of the miners' sockets and rings. */
    public Ends ends() {
        return ends;
    }

    /**
     * For a hand-off that reads only one kind of ends: returns quietly if this pool's are
     * {@code wanted}, else says how to spawn the pool it needs.
     */
    public void requireEnds(Ends wanted, String handoff) {
        if (ends != wanted) {
            throw new IllegalStateException("hand-off " + handoff + " needs a miner pool with ends=" + wanted
                    + " (spawn it with MinerPool.spawn(miners, ringCapacity, Handoffs.ends(\"" + handoff
                    + "\"))): this pool's are ends=" + ends);
        }
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
            if (m.socketFd() != null) {
                fds.add(m.socketFd()); // a JDK pool's socket is a channel
            }
        }
        return fds;
    }
}

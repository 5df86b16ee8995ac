package io.chaching.miners;

import io.chaching.sys.Fd;
import io.chaching.sys.Socket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How a miner gets a Unix socket whose parent end is a JDK {@link SocketChannel} (the JDK cannot
 * wrap a descriptor it did not open, so socketpair(2) will not do): a {@link ServerSocketChannel}
 * listens at a path in a private directory (mode 0700: no other user can connect), and for each
 * miner the miner's end is made by socket(2) + connect(2) through JNA, a descriptor to hand to
 * posix_spawn, and the parent's end is accepted. {@link #close()} stops listening and removes
 * the path and its directory; the connected pairs live on without them.
 */
final class SocketRendezvous implements AutoCloseable {
    private final Path dir;
    private final Path path;
    private final ServerSocketChannel server;

    private SocketRendezvous(Path dir, Path path, ServerSocketChannel server) {
        this.dir = dir;
        this.path = path;
        this.server = server;
    }

    static SocketRendezvous open() throws IOException {
        Path dir = Files.createTempDirectory("cha-ching-sockets",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path path = dir.resolve("miners");
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), 1);
            // Non-blocking: accept after our own connect has returned finds it queued, or something
            // is wrong, and then it says so rather than waiting.
            server.configureBlocking(false);
            return new SocketRendezvous(dir, path, server);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(path);
            Files.delete(dir);
            throw e;
        }
    }

    /** A connected pair, both ends blocking: the miner's end is the descriptor, the parent's the channel. */
    record Pair(SocketChannel parent, Fd miner) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            miner.close();
            parent.close();
        }
    }

    /** One connected pair: connect(2) the miner's end, then accept the parent's. */
    Pair connect() throws IOException {
        Fd miner = Socket.connectTo(path);
        try {
            SocketChannel parent = server.accept();
            if (parent == null) {
                throw new IOException("accept(" + path + ") found no connection after connect(fd=" + miner.fd() + ") returned");
            }
            return new Pair(parent, miner);
        } catch (IOException | RuntimeException e) {
            miner.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            try {
                Files.deleteIfExists(path);
            } finally {
                Files.deleteIfExists(dir);
            }
        }
    }
}

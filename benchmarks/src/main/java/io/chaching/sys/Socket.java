package io.chaching.sys;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code <sys/socket.h>}, direct-mapped: socketpair(2), socket(2), connect(2) and the constants
 * they take. Raw calls, errno left for {@link Errno#last()}; {@link #pair()} and
 * {@link #connectTo(Path)} are the checked ones. The ends are read
 * and written as any descriptor, with {@link Fd#read} and {@link Fd#write}: on a stream socket
 * they keep the pipe's contract (EAGAIN on an empty or full non-blocking end, 0 at end of file
 * once the other end is closed, EPIPE writing to a closed one), except that a write is never
 * atomic the way a pipe's of at most PIPE_BUF bytes is, so a reader's framing must piece records
 * together (as {@code CoinPipe}'s does for records above PIPE_BUF anyway).
 */
public final class Socket {
    static {
        Native.register(Socket.class, CLibrary.LIBRARY);
    }

    private Socket() {
    }

    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    /** Or'ed into a type: the new descriptors are close-on-exec (the value of O_CLOEXEC). */
    public static final int SOCK_CLOEXEC = Fcntl.O_CLOEXEC;

    /**
     * socketpair(2): two connected, unnamed sockets of {@code domain} (AF_UNIX; Linux has no
     * other) and {@code type} (SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET, or'ed with SOCK_CLOEXEC
     * or SOCK_NONBLOCK), in {@code sv[0]} and {@code sv[1]}; what one end writes the other reads.
     * 0, or -1 with errno: EMFILE or ENFILE (descriptor limits), EAFNOSUPPORT, EOPNOTSUPP or
     * EPROTONOSUPPORT (a domain, type or protocol it does not pair), EFAULT. It does not block, so
     * it is never interrupted (no EINTR).
     */
    public static native int socketpair(int domain, int type, int protocol, int[] sv);

    /**
     * socket(2): a new, unconnected socket of {@code domain} and {@code type} (as socketpair's);
     * its descriptor, or -1 with errno: EMFILE or ENFILE, EACCES, EAFNOSUPPORT, EINVAL, ENOBUFS or
     * ENOMEM, EPROTONOSUPPORT. Never interrupted.
     */
    public static native int socket(int domain, int type, int protocol);

    /**
     * connect(2) of {@code fd} to the address in {@code addr} ({@code addrlen} bytes of it; for
     * AF_UNIX a struct sockaddr_un). 0, or -1 with errno: ENOENT or ECONNREFUSED (nobody listens
     * at that path), EACCES, EAGAIN (a non-blocking socket and a full backlog), EINTR (a blocking
     * one interrupted while it waited for room in the backlog), EISCONN, ENOTSOCK, EPROTOTYPE.
     */
    public static native int connect(int fd, byte[] addr, int addrlen);

    /** sizeof(struct sockaddr_un): sa_family_t sun_family, then char sun_path[108]. */
    static final int SOCKADDR_UN_LENGTH = 110;
    /** The longest path sun_path holds, its terminating NUL left out. */
    public static final int UNIX_PATH_MAX = SOCKADDR_UN_LENGTH - 2 - 1;

    /** A connected pair of Unix-domain stream sockets, both ends close-on-exec; closing it closes both ends. */
    public record Pair(Fd first, Fd second) implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    /** socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC), or a {@link SyscallException} naming the call and errno. */
    public static Pair pair() throws SyscallException {
        int[] sv = new int[2];
        SyscallException.check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                "socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)");
        return new Pair(new Fd(sv[0]), new Fd(sv[1]));
    }

    /**
     * A blocking Unix-domain stream socket (close-on-exec) connected to whoever listens at
     * {@code path}, or a {@link SyscallException} naming the call, the path and errno. An
     * interrupted connect (it waits only for room in the listener's backlog) is retried.
     */
    public static Fd connectTo(Path path) throws SyscallException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > UNIX_PATH_MAX) {
            throw new IllegalArgumentException("a Unix socket's path must be at most " + UNIX_PATH_MAX + " bytes: path="
                    + path + " (" + name.length + " bytes)");
        }
        byte[] addr = new byte[SOCKADDR_UN_LENGTH]; // zeros: sun_path ends in NUL
        ByteBuffer.wrap(addr).order(ByteOrder.nativeOrder()).putShort(0, (short) AF_UNIX);
        System.arraycopy(name, 0, addr, 2, name.length);
        Fd fd = new Fd((int) SyscallException.check(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0),
                "socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)"));
        try {
            while (connect(fd.fd(), addr, 2 + name.length + 1) == -1) {
                int errno = Errno.last();
                if (errno != Errno.EINTR) {
                    throw new SyscallException("connect(fd=" + fd.fd() + ", " + path + ")", errno);
                }
            }
            return fd;
        } catch (SyscallException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }
}

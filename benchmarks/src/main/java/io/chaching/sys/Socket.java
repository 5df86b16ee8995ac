package io.chaching.sys;

import com.sun.jna.Native;

/**
 * {@code <sys/socket.h>}, direct-mapped: socketpair(2) and the constants it takes. Raw call,
 * errno left for {@link Errno#last()}; {@link #pair()} is the checked one. The ends are read
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
}

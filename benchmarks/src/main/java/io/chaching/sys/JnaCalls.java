package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The JNA binding: each call is the static native it was before there were two bindings. The
 * holder's field is static final and this class the only implementation loaded in a JNA run, so
 * C2 inlines the interface call down to the native call ({@code -XX:+PrintInlining} on a JDK 17
 * epoll stream: {@code JnaCalls::read (7 bytes) inline}, then {@code Unistd::read native method}).
 */
final class JnaCalls implements NativeCalls {
    @Override
    public long read(int fd, Pointer buf, long count) {
        return Unistd.read(fd, buf, count);
    }

    @Override
    public long write(int fd, Pointer buf, long count) {
        return Unistd.write(fd, buf, count);
    }

    @Override
    public int poll(Pointer fds, long nfds, int timeoutMs) {
        return Poll.poll(fds, nfds, timeoutMs);
    }

    @Override
    public int epollWait(int epfd, Pointer events, int maxevents, int timeoutMs) {
        return Epoll.epoll_wait(epfd, events, maxevents, timeoutMs);
    }

    @Override
    public int select(int nfds, Pointer readfds, Pointer writefds, Pointer exceptfds, Pointer timeout) {
        return Select.select(nfds, readfds, writefds, exceptfds, timeout);
    }

    @Override
    public long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return Unistd.syscall(number, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public int errno() {
        return Native.getLastError();
    }
}

package io.chaching.sys;

import com.sun.jna.Pointer;

/**
 * The system calls on a hand-off's hot path (per coin, per wait, per command), as one binding
 * makes them: {@link JnaCalls} (the direct-mapped natives of {@link Unistd}, {@link Poll},
 * {@link Epoll}, {@link Select}) or, on JDK 22 and later, {@code FfmCalls} (java.lang.foreign
 * downcalls). Raw calls with the C contracts of those classes: -1 with errno on failure, and
 * {@link #errno()} is the calling thread's errno of its last failed call made here (what
 * {@link Errno#last()} is for the JNA calls). {@link Binding} says which one a JVM uses.
 *
 * <p>Everything else (spawning, pipe2, mmap, epoll_ctl, io_uring_setup...) is set-up, made once
 * a trial, and stays JNA in both bindings.
 */
interface NativeCalls {
    /** read(2), as {@link Unistd#read}. */
    long read(int fd, Pointer buf, long count);

    /** write(2), as {@link Unistd#write}. */
    long write(int fd, Pointer buf, long count);

    /** poll(2), as {@link Poll#poll}. */
    int poll(Pointer fds, long nfds, int timeoutMs);

    /** epoll_wait(2), as {@link Epoll#epoll_wait}. */
    int epollWait(int epfd, Pointer events, int maxevents, int timeoutMs);

    /** select(2), as {@link Select#select}; null sets and a null timeout are NULL. */
    int select(int nfds, Pointer readfds, Pointer writefds, Pointer exceptfds, Pointer timeout);

    /** syscall(2), as {@link Unistd#syscall}: futex, io_uring_enter, io_submit, io_getevents. */
    long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** errno of the calling thread's last failed call through this binding. */
    int errno();
}

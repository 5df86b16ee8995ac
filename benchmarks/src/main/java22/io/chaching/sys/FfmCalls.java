package io.chaching.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import com.sun.jna.Pointer;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The FFM binding (JDK 22+, compiled only by such a JDK: benchmarks/pom.xml's profile
 * {@code ffm}): the hot path's libc calls as java.lang.foreign downcalls, one static final
 * MethodHandle each, looked up once in the linker's default lookup (libc).
 *
 * <p>errno: each handle captures it ({@code Linker.Option.captureCallState("errno")}) into the
 * calling thread's own small segment, written by the downcall right after the C function returns,
 * before the JVM can run anything that might change errno; {@link #errno()} reads it back, as
 * JNA's {@code Native.getLastError()} reads the errno JNA saved. One segment a thread (a
 * ThreadLocal: the hand-off thread and the {@code threads} readers), allocated once.
 *
 * <p>Buffers are passed as their addresses, {@code JAVA_LONG}: the buffers are JNA memory or
 * direct buffers whose address is all the call needs, and on x86-64 and aarch64 a pointer and a
 * long go in the same integer register, so no MemorySegment is made per call. syscall(2) is
 * variadic, declared so ({@code firstVariadicArg(1)}), as the C ABI wants. No call is
 * {@code critical}: read, poll, epoll_wait and futex may block, and a critical call may not.
 */
final class FfmCalls implements NativeCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURED));

    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EPOLL_WAIT =
            downcall("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
    private static final MethodHandle SELECT = downcall("select",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle SYSCALL = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... more) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("binding=ffm: libc has no " + name));
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** A Throwable out of invokeExact is an error of the binding itself: none of these C calls throws. */
    private static IllegalStateException broken(String call, Throwable t) {
        return new IllegalStateException("binding=ffm: " + call + " downcall failed: " + t, t);
    }

    @Override
    public long read(int fd, Pointer buf, long count) {
        try {
            return (long) READ.invokeExact(STATE.get(), fd, Pointer.nativeValue(buf), count);
        } catch (Throwable t) {
            throw broken("read", t);
        }
    }

    @Override
    public long write(int fd, Pointer buf, long count) {
        try {
            return (long) WRITE.invokeExact(STATE.get(), fd, Pointer.nativeValue(buf), count);
        } catch (Throwable t) {
            throw broken("write", t);
        }
    }

    @Override
    public int poll(Pointer fds, long nfds, int timeoutMs) {
        try {
            return (int) POLL.invokeExact(STATE.get(), Pointer.nativeValue(fds), nfds, timeoutMs);
        } catch (Throwable t) {
            throw broken("poll", t);
        }
    }

    @Override
    public int epollWait(int epfd, Pointer events, int maxevents, int timeoutMs) {
        try {
            return (int) EPOLL_WAIT.invokeExact(STATE.get(), epfd, Pointer.nativeValue(events), maxevents, timeoutMs);
        } catch (Throwable t) {
            throw broken("epoll_wait", t);
        }
    }

    @Override
    public int select(int nfds, Pointer readfds, Pointer writefds, Pointer exceptfds, Pointer timeout) {
        try {
            // Pointer.nativeValue(null) is 0: NULL, as JNA passes a null Pointer
            return (int) SELECT.invokeExact(STATE.get(), nfds, Pointer.nativeValue(readfds),
                    Pointer.nativeValue(writefds), Pointer.nativeValue(exceptfds), Pointer.nativeValue(timeout));
        } catch (Throwable t) {
            throw broken("select", t);
        }
    }

    @Override
    public long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) SYSCALL.invokeExact(STATE.get(), number, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw broken("syscall", t);
        }
    }

    @Override
    public int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }
}

package io.chaching.sys;

import com.sun.jna.Memory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checked wrappers' convention (see {@link Fd}): EAGAIN and EPIPE come back as values, an
 * interrupted wait is retried, any other errno is a {@link SyscallException} naming the call.
 */
@Timeout(30)
class CheckedWrappersTest {
    private static final Call TEST_CALL = () -> "read(test pipe)";

    @Test
    void anEmptyNonBlockingPipeReadsAgain() throws Exception {
        try (Pipe p = Pipe.open(); Memory buf = new Memory(16)) {
            p.readEnd.setNonBlocking(true);
            assertEquals(Fd.AGAIN, Fd.read(p.readEnd.fd(), buf, buf.size(), TEST_CALL));
            buf.setByte(0, (byte) 7);
            assertEquals(1, Fd.write(p.writeEnd.fd(), buf, 1, TEST_CALL));
            buf.setByte(0, (byte) 0);
            assertEquals(1, Fd.read(p.readEnd.fd(), buf, buf.size(), TEST_CALL));
            assertEquals(7, buf.getByte(0));
            p.writeEnd.close();
            assertEquals(0, Fd.read(p.readEnd.fd(), buf, buf.size(), TEST_CALL), "EOF once every writer is gone");
        }
    }

    /** A socketpair's ends keep the pipe's contract through the same wrappers: AGAIN, EOF, BROKEN. */
    @Test
    void aSocketPairReadsAndWritesAsAPipeDoes() throws Exception {
        try (Socket.Pair p = Socket.pair(); Memory buf = new Memory(16)) {
            p.first().setNonBlocking(true);
            assertEquals(Fd.AGAIN, Fd.read(p.first().fd(), buf, buf.size(), TEST_CALL));
            buf.setByte(0, (byte) 7);
            assertEquals(1, Fd.write(p.second().fd(), buf, 1, TEST_CALL));
            buf.setByte(0, (byte) 0);
            assertEquals(1, Fd.read(p.first().fd(), buf, buf.size(), TEST_CALL));
            assertEquals(7, buf.getByte(0));
            p.second().close();
            assertEquals(0, Fd.read(p.first().fd(), buf, buf.size(), TEST_CALL), "EOF once the other end is closed");
            assertEquals(Fd.BROKEN, Fd.write(p.first().fd(), buf, 1, TEST_CALL), "EPIPE writing to a closed end");
        }
    }

    @Test
    void aFullNonBlockingPipeWritesAgainAndAReaderlessOneIsBroken() throws Exception {
        try (Pipe p = Pipe.open(); Memory buf = new Memory(65536)) {
            p.writeEnd.setNonBlocking(true);
            long n;
            int writes = 0;
            while ((n = Fd.write(p.writeEnd.fd(), buf, buf.size(), TEST_CALL)) > 0) {
                assertTrue(++writes < 1000, "a pipe holds at most 1 MiB by default");
            }
            assertEquals(Fd.AGAIN, n);
            p.readEnd.close();
            assertEquals(Fd.BROKEN, Fd.write(p.writeEnd.fd(), buf, 1, TEST_CALL));
            assertEquals(Fd.BROKEN, Fd.writeFully(p.writeEnd.fd(), buf, buf.size(), TEST_CALL));
        }
    }

    /** writeFully across partial writes and a full non-blocking pipe, with a reader draining it. */
    @Test
    void writeFullyDeliversEveryByte() throws Exception {
        int length = 1 << 20;
        try (Pipe p = Pipe.open(); Memory out = new Memory(length)) {
            for (int i = 0; i < length; i++) {
                out.setByte(i, (byte) (i * 31));
            }
            p.writeEnd.setNonBlocking(true);
            AtomicLong sum = new AtomicLong();
            AtomicLong got = new AtomicLong();
            Thread reader = new Thread(() -> {
                try (Memory in = new Memory(4096)) {
                    long n;
                    while ((n = Fd.read(p.readEnd.fd(), in, in.size(), TEST_CALL)) > 0) {
                        for (int i = 0; i < n; i++) {
                            sum.addAndGet(in.getByte(i) & 0xff);
                        }
                        got.addAndGet(n);
                    }
                } catch (SyscallException e) {
                    got.set(-1);
                }
            });
            reader.start();
            assertEquals(length, Fd.writeFully(p.writeEnd.fd(), out, length, TEST_CALL));
            p.writeEnd.close();
            reader.join();
            long expected = 0;
            for (int i = 0; i < length; i++) {
                expected += (i * 31) & 0xff;
            }
            assertEquals(length, got.get());
            assertEquals(expected, sum.get());
        }
    }

    @Test
    void aClosedDescriptorIsAnExceptionNamingTheCall() throws Exception {
        try (Memory buf = new Memory(16)) {
            SyscallException read = assertThrows(SyscallException.class, () -> Fd.read(-1, buf, 1, TEST_CALL));
            assertEquals("read(test pipe) failed: errno=9 (Bad file descriptor)", read.getMessage());
            assertEquals(Errno.EBADF, read.errno());
            SyscallException write = assertThrows(SyscallException.class,
                    () -> Fd.writeFully(-1, buf, 1, () -> "write(test pipe)"));
            assertEquals("write(test pipe) failed: errno=9 (Bad file descriptor)", write.getMessage());
            SyscallException wait = assertThrows(SyscallException.class,
                    () -> Multiplex.epollWait(-1, buf, 1, Multiplex.deadlineAfter(0), () -> "epoll_wait(epfd=-1)"));
            assertEquals("epoll_wait(epfd=-1) failed: errno=9 (Bad file descriptor)", wait.getMessage());
            // nfds above RLIMIT_NOFILE
            SyscallException poll = assertThrows(SyscallException.class,
                    () -> Multiplex.poll(buf, Integer.MAX_VALUE, Multiplex.deadlineAfter(0), () -> "poll(nfds=huge)"));
            assertEquals("poll(nfds=huge) failed: errno=22 (Invalid argument)", poll.getMessage());
        }
    }

    @Test
    void pollSeesReadinessAndTimesOut() throws Exception {
        try (Pipe p = Pipe.open(); Memory fds = new Memory(2L * Poll.POLLFD_LENGTH); Memory one = new Memory(1)) {
            Poll.set(fds, 0, p.readEnd.fd(), Poll.POLLIN);
            Poll.set(fds, 1, -1, Poll.POLLIN); // ignored
            long t0 = System.nanoTime();
            assertEquals(0, Multiplex.poll(fds, 2, Multiplex.deadlineAfter(20_000_000L), TEST_CALL));
            assertTrue(System.nanoTime() - t0 >= 19_000_000L, "waited for the deadline");
            Fd.writeFully(p.writeEnd.fd(), one, 1, TEST_CALL);
            assertEquals(1, Multiplex.poll(fds, 2, Multiplex.FOREVER, TEST_CALL));
            assertEquals(Poll.POLLIN, Poll.revents(fds, 0));
            assertEquals(0, Poll.revents(fds, 1));
        }
    }

    /**
     * epoll_wait fails with EINTR when the process is stopped and continued, even with no handler
     * (signal(7)); the wrapper must go back to waiting until its deadline. A child stops and
     * continues this JVM while it waits: the wait still lasts until the deadline, returns 0, and
     * took two epoll_wait calls.
     */
    @Test
    void anInterruptedWaitIsRetriedUntilItsDeadline() throws Exception {
        int pid = Unistd.getpid();
        try (Fd ep = new Fd((int) SyscallException.check(Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC), "epoll_create1"));
             Memory events = new Memory(Epoll.EPOLL_EVENT_LENGTH);
             ChildProcess child = ChildProcess.spawn("stopper", List.of("/bin/sh", "-c",
                     "sleep 0.4; kill -STOP " + pid + "; sleep 0.1; kill -CONT " + pid), Map.of())) {
            SyscallCounts.Snapshot before = SyscallCounts.snapshot();
            long t0 = System.nanoTime();
            long deadline = t0 + 1_500_000_000L;
            assertEquals(0, Multiplex.epollWait(ep.fd(), events, 1, deadline, () -> "epoll_wait(test)"));
            long waited = System.nanoTime() - t0;
            long waits = SyscallCounts.snapshot().since(before).waits();
            ExitStatus s = child.waitFor(5_000_000_000L);
            assertTrue(s != null && s.exited() && s.exitCode() == 0, "the stopper " + s);
            assertTrue(waited >= 1_490_000_000L, "returned before its deadline: " + waited + " ns");
            assertTrue(waits >= 2, "the interrupted epoll_wait was not retried: " + waits + " waits");
        }
    }
}

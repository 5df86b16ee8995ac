package io.chaching.bogatyrs;

import com.sun.jna.Memory;
import io.chaching.sys.Call;
import io.chaching.sys.Errno;
import io.chaching.sys.Fcntl;
import io.chaching.sys.Fd;
import io.chaching.sys.Multiplex;
import io.chaching.sys.Pipe;
import io.chaching.sys.Poll;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One pipe per inbox. A bogatyr gets its own inbox's read end at fd 3 and every inbox's write
 * end at fd 4 + address. Messages are 32 bytes, below PIPE_BUF, so a write from any of N writers
 * lands whole. The bogatyrs make the write ends non-blocking (the flag is on the shared open
 * file), so the parent's START writes wait with poll.
 */
final class PipeInboxes implements Inboxes {
    private static final int READ_BYTES = 64 * 1024;

    private final Fd[] readEnds;
    private final Fd[] writeEnds;
    private final int listener;
    private final Memory buffer = new Memory(READ_BYTES);
    private final ByteBuffer view = buffer.getByteBuffer(0, READ_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final Memory pollfd = new Memory(Poll.POLLFD_LENGTH);
    private final Memory out = new Memory(BogatyrLayout.MESSAGE_LENGTH);
    private int held; // bytes of a message not yet whole, at the buffer's start
    private int writing; // the inbox broadcast is writing to, for writeInbox
    private final Call pollListener = () -> "poll(listener inbox, fd=" + listenerFd() + ")";
    private final Call readListener = () -> "read(listener inbox, fd=" + listenerFd() + ")";
    private final Call writeInbox = () -> "write(inbox " + writing + ", fd=" + writeEnd(writing) + ")";

    private PipeInboxes(Fd[] readEnds, Fd[] writeEnds, int listener) {
        this.readEnds = readEnds;
        this.writeEnds = writeEnds;
        this.listener = listener;
    }

    private int writeEnd(int address) {
        return writeEnds[address].fd();
    }

    private int listenerFd() {
        return readEnds[listener].fd();
    }

    static PipeInboxes open(int count, int listener) throws IOException {
        Fd[] r = new Fd[count + 1];
        Fd[] w = new Fd[count + 1];
        // Above every number a bogatyr's descriptors take, so no dup2 of the spawn overwrites a source.
        int above = BogatyrLayout.PEER_FD_BASE + count + 1;
        try {
            for (int a = 0; a <= count; a++) {
                Pipe p = Pipe.open();
                r[a] = moveAbove(p.readEnd, above, p);
                w[a] = moveAbove(p.writeEnd, above, p);
            }
            r[listener].setNonBlocking(true);
            return new PipeInboxes(r, w, listener);
        } catch (IOException | RuntimeException e) {
            closeAll(r);
            closeAll(w);
            throw e;
        }
    }

    private static Fd moveAbove(Fd fd, int above, Pipe owner) throws SyscallException {
        if (fd.fd() >= above) {
            return fd;
        }
        long moved = Fcntl.fcntl(fd.fd(), Fcntl.F_DUPFD_CLOEXEC, above);
        if (moved < 0) {
            SyscallException e = new SyscallException("fcntl(F_DUPFD_CLOEXEC, fd=" + fd.fd() + ", " + above + ")", Errno.last());
            owner.close();
            throw e;
        }
        fd.close();
        return new Fd((int) moved);
    }

    private static void closeAll(Fd[] fds) {
        for (Fd f : fds) {
            if (f != null) {
                f.close();
            }
        }
    }

    @Override
    public Map<Fd, Integer> childFds(int address) {
        Map<Fd, Integer> m = new LinkedHashMap<>();
        m.put(readEnds[address], BogatyrLayout.INBOX_FD);
        for (int a = 0; a < writeEnds.length; a++) {
            m.put(writeEnds[a], BogatyrLayout.PEER_FD_BASE + a);
        }
        return m;
    }

    @Override
    public void spawned(boolean keepWriters) {
        for (int a = 0; a < readEnds.length; a++) {
            if (a != listener) {
                readEnds[a].close(); // its bogatyr's alone now: when it dies, writers get EPIPE
            }
            if (!keepWriters || a == listener) {
                writeEnds[a].close();
            }
        }
    }

    @Override
    public int receive(Consumer<Message> sink, long timeoutNanos) throws IOException {
        int fd = readEnds[listener].fd();
        int got = drain(fd, sink);
        if (got > 0) {
            return got;
        }
        Poll.set(pollfd, 0, fd, Poll.POLLIN);
        int r = Multiplex.poll(pollfd, 1, Multiplex.deadlineAfter(timeoutNanos), pollListener);
        return r > 0 ? drain(fd, sink) : 0;
    }

    private int drain(int fd, Consumer<Message> sink) throws SyscallException {
        int got = 0;
        for (;;) {
            long n = Fd.read(fd, buffer.share(held), READ_BYTES - held, readListener);
            if (n == Fd.AGAIN) {
                return got;
            }
            if (n == 0) {
                return got; // every writer gone: the bogatyrs have all ended; the caller sees why
            }
            int have = held + (int) n;
            int whole = have / BogatyrLayout.MESSAGE_LENGTH * BogatyrLayout.MESSAGE_LENGTH;
            for (int at = 0; at < whole; at += BogatyrLayout.MESSAGE_LENGTH) {
                sink.accept(Message.read(view, at));
                got++;
            }
            held = have - whole;
            if (held > 0) {
                byte[] rest = new byte[held];
                buffer.read(whole, rest, 0, held);
                buffer.write(0, rest, 0, held);
            }
        }
    }

    @Override
    public void broadcast(Message m, int[] addresses) throws IOException {
        m.write(out.getByteBuffer(0, BogatyrLayout.MESSAGE_LENGTH).order(ByteOrder.LITTLE_ENDIAN), 0);
        for (int a : addresses) {
            Fd w = Objects.requireNonNull(writeEnds[a], "inbox " + a);
            if (!w.isOpen()) {
                throw new IllegalStateException("the parent no longer holds the inbox at address " + a
                        + ": spawned(keepWriters=false)");
            }
            writing = a;
            for (;;) {
                long n = Fd.write(w.fd(), out, BogatyrLayout.MESSAGE_LENGTH, writeInbox);
                if (n == BogatyrLayout.MESSAGE_LENGTH || n == Fd.BROKEN) {
                    break; // BROKEN: its bogatyr is dead; the listening that follows names it
                }
                if (n != Fd.AGAIN) { // a message is under PIPE_BUF: written whole or not at all
                    throw new SyscallException(writeInbox.describe(), Errno.EINVAL);
                }
                Poll.set(pollfd, 0, w.fd(), Poll.POLLOUT);
                Multiplex.poll(pollfd, 1, System.nanoTime() + 10_000_000L, writeInbox);
            }
        }
    }

    @Override
    public List<Fd> descriptors() {
        List<Fd> all = new ArrayList<>(Arrays.asList(readEnds));
        all.addAll(Arrays.asList(writeEnds));
        all.removeIf(f -> f == null || !f.isOpen());
        return all;
    }

    @Override
    public void close() {
        closeAll(readEnds);
        closeAll(writeEnds);
    }
}

package io.chaching.sys;

/** A pipe(2) with both ends O_CLOEXEC, so no child inherits an end it was not given. */
public final class Pipe implements AutoCloseable {
    public final Fd readEnd;
    public final Fd writeEnd;

    private Pipe(Fd readEnd, Fd writeEnd) {
        this.readEnd = readEnd;
        this.writeEnd = writeEnd;
    }

    public static Pipe open() throws SyscallException {
        int[] fds = new int[2];
        SyscallException.check(Unistd.pipe2(fds, Fcntl.O_CLOEXEC), "pipe2(O_CLOEXEC)");
        return new Pipe(new Fd(fds[0]), new Fd(fds[1]));
    }

    @Override
    public void close() {
        readEnd.close();
        writeEnd.close();
    }
}

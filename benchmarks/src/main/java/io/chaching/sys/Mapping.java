package io.chaching.sys;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A shared mapping of a memfd: the descriptor (kept until the child has its copy) and the
 * memory, seen as a little-endian direct ByteBuffer. {@link #close()} unmaps once; nothing may
 * touch {@link #buffer()} after it.
 */
public final class Mapping implements AutoCloseable {
    private final Fd fd;
    private final long length;
    private Pointer address;
    private final ByteBuffer buffer;

    private Mapping(Fd fd, Pointer address, long length) {
        this.fd = fd;
        this.address = address;
        this.length = length;
        this.buffer = address.getByteBuffer(0, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** memfd_create + ftruncate + mmap(MAP_SHARED); zero-filled. */
    public static Mapping memfd(String name, long length) throws SyscallException {
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mapping length must be in 1..2^31-1: length=" + length);
        }
        int raw = (int) SyscallException.check(Mman.memfd_create(name, Mman.MFD_CLOEXEC), "memfd_create(" + name + ")");
        Fd fd = new Fd(raw);
        try {
            SyscallException.check(Unistd.ftruncate(raw, length), "ftruncate(" + name + ", " + length + ")");
            Pointer p = Mman.mmap(null, length, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, raw, 0);
            if (Pointer.nativeValue(p) == Mman.MAP_FAILED) {
                throw new SyscallException("mmap(" + name + ", " + length + ")", Errno.last());
            }
            return new Mapping(fd, p, length);
        } catch (SyscallException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public Pointer address() {
        return address;
    }

    public long length() {
        return length;
    }

    /** The memfd, to hand to a child; {@link #closeFd()} once it has its copy. */
    public Fd fd() {
        return fd;
    }

    public void closeFd() {
        fd.close();
    }

    @Override
    public synchronized void close() {
        fd.close();
        if (address != null) {
            Mman.munmap(address, length);
            address = null;
        }
    }
}

package io.chaching.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A shared mapping of a memfd: the descriptor (kept until the child has its copy) and the
 * memory, seen as a little-endian direct ByteBuffer, mapped by mmap(2) through JNA
 * ({@link #memfd}) or by the JDK's own FileChannel.map ({@link #memfdMappedByJdk}). {@link #close()}
 * unmaps once; nothing may touch {@link #buffer()} after it.
 */
public final class Mapping implements AutoCloseable {
    private final Fd fd;
    private final long length;
    private Pointer address;
    private final ByteBuffer buffer;
    private final boolean byJdk;

    private Mapping(Fd fd, Pointer address, long length, ByteBuffer buffer, boolean byJdk) {
        this.fd = fd;
        this.address = address;
        this.length = length;
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN); // the same object: order() sets it in place
        this.byJdk = byJdk;
    }

    /** memfd_create + ftruncate + mmap(MAP_SHARED); zero-filled. */
    public static Mapping memfd(String name, long length) throws SyscallException {
        Fd fd = sizedMemfd(name, length);
        try {
            Pointer p = Mman.mmap(null, length, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, fd.fd(), 0);
            if (Pointer.nativeValue(p) == Mman.MAP_FAILED) {
                throw new SyscallException("mmap(" + name + ", " + length + ")", Errno.last());
            }
            return new Mapping(fd, p, length, p.getByteBuffer(0, length), false);
        } catch (SyscallException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * memfd_create + ftruncate through JNA (the JDK has no memfd), then the memory mapped by the
     * JDK: FileChannel.map(READ_WRITE) of /proc/self/fd/N, a MappedByteBuffer, which is MAP_SHARED
     * as mmap's. The same memory as {@link #memfd}'s for every reader and writer; only the JDK made
     * the mapping and the buffer. Unmapped by {@link #close()}, not at some later GC.
     */
    public static Mapping memfdMappedByJdk(String name, long length) throws IOException {
        Fd fd = sizedMemfd(name, length);
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd.fd()), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, length); // outlives the channel
            return new Mapping(fd, Native.getDirectBufferPointer(b), length, b, true);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    private static Fd sizedMemfd(String name, long length) throws SyscallException {
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mapping length must be in 1..2^31-1: length=" + length);
        }
        int raw = (int) SyscallException.check(Mman.memfd_create(name, Mman.MFD_CLOEXEC), "memfd_create(" + name + ")");
        Fd fd = new Fd(raw);
        try {
            SyscallException.check(Unistd.ftruncate(raw, length), "ftruncate(" + name + ", " + length + ")");
            return fd;
        } catch (SyscallException e) {
            fd.close();
            throw e;
        }
    }

    /** Whether the JDK made this mapping ({@link #memfdMappedByJdk}). */
    public boolean mappedByJdk() {
        return byJdk;
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
            if (byJdk) {
                JdkUnmap.unmap(buffer);
            } else {
                Mman.munmap(address, length);
            }
            address = null;
        }
    }

    /**
     * Java 17 has no public way to unmap a MappedByteBuffer before the GC frees it (Java 19's
     * Arena is the first); sun.misc.Unsafe.invokeCleaner (module jdk.unsupported, which opens it)
     * is the one the JDK left for this, as Agrona's IoUtil.unmap and Lucene use. Looked up on
     * first use, by reflection (no compile-time tie to an internal class), so a JNA mapping never
     * touches it.
     */
    private static final class JdkUnmap {
        private static final MethodHandle INVOKE_CLEANER;

        static {
            try {
                Class<?> unsafe = Class.forName("sun.misc.Unsafe");
                Field the = unsafe.getDeclaredField("theUnsafe");
                the.setAccessible(true);
                INVOKE_CLEANER = MethodHandles.lookup()
                        .findVirtual(unsafe, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                        .bindTo(the.get(null));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static void unmap(ByteBuffer b) {
            try {
                INVOKE_CLEANER.invokeExact(b);
            } catch (Throwable e) {
                throw new IllegalStateException("unmapping a JDK mapping: " + e, e);
            }
        }
    }
}

package io.chaching.bench;

import io.chaching.handoff.Handoff;
import io.chaching.miners.MinerPool;
import io.chaching.sys.Binding;
import java.io.IOException;

/** The end of a trial, the same for every benchmark: hand-off first, then its pool, then the C side. */
final class Trials {
    private Trials() {
    }

    /**
     * A trial's binding, made the fork's before its first system call (the first statement of
     * its {@code @Setup(Level.Trial)}): a JMH fork is a fresh JVM, so the {@code @Param} that
     * JMH records is the one thing that chooses, in BenchMain's runs and in a plain
     * {@code java -jar benchmarks.jar -p binding=ffm} alike, with no JVM option to keep in step.
     * binding=ffm with parent=native means nothing (the C parent calls libc itself) and is refused.
     */
    static void bind(String binding, String parent) {
        if (binding.equals(Binding.FFM) && parent.equals("native")) {
            throw new IllegalArgumentException("binding=ffm applies to parent=jvm only (the C parent calls libc itself):"
                    + " binding=" + binding + ", parent=" + parent);
        }
        Binding.use(binding);
    }

    /**
     * Closes whichever of these the trial opened (nulls skipped), each even if an earlier one
     * failed. The first failure is the one thrown; any later ones ride on it as suppressed, so
     * none is lost (with nested finally blocks a second failure replaced the first).
     */
    static void close(Handoff handoff, MinerPool pool, AutoCloseable nativeSide) throws IOException {
        // the hand-off before the pool: it may still point into the pool's buffers
        closeInOrder(handoff, pool, nativeSide);
    }

    /** {@link #close}'s rule for any resources, closed in the order given. */
    static void closeInOrder(AutoCloseable... resources) throws IOException {
        Exception first = null;
        for (AutoCloseable c : resources) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first != null) {
            throw new IOException(first);
        }
    }
}

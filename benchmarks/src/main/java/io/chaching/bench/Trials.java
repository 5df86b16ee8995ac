package io.chaching.bench;

import io.chaching.handoff.Handoff;
import io.chaching.miners.MinerPool;
import java.io.IOException;

/** The end of a trial, the same for every benchmark: hand-off first, then its pool, then the C side. */
final class Trials {
    private Trials() {
    }

    /** Closes whichever of these the trial opened (nulls skipped), each even if an earlier one failed. */
    static void close(Handoff handoff, MinerPool pool, AutoCloseable nativeSide) throws IOException {
        try {
            if (handoff != null) {
                handoff.close(); // before the pool: a hand-off may still point into the pool's buffers
            }
        } finally {
            try {
                if (pool != null) {
                    pool.close();
                }
            } finally {
                if (nativeSide != null) {
                    try {
                        nativeSide.close();
                    } catch (IOException | RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                }
            }
        }
    }
}

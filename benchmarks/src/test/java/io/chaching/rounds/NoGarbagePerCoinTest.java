package io.chaching.rounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.miners.MinerPool;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream cashes coins in through a view over the read buffer or ring, digests checked: the
 * parent's thread allocates nothing per coin (what it does allocate is per stream: the quota,
 * the result). Measured with the JVM's own per-thread allocation counter, on a stream long enough
 * that one byte a coin would show as 100 KB.
 */
class NoGarbagePerCoinTest {
    static final long SEED = 20261201L;
    static final long COINS = 100_000;

    /**
     * Every hand-off but threads and jdk-process, whose readers pass each coin to the parent
     * thread as an object (a view over a buffer the reader reads again cannot cross threads).
     */
    static java.util.List<String> handoffs() {
        return Handoffs.names().stream().filter(h -> !h.equals("threads") && !h.equals("jdk-process")).toList();
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(120)
    void aStreamAllocatesNothingPerCoin(String name) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        try (MinerPool pool = MinerPool.spawn(1, Handoffs.ends(name)); Handoff handoff = Handoffs.create(name)) {
            Streams streams = new Streams(pool, handoff, SEED, TimeUnit.SECONDS.toNanos(60));
            Streams.Spec spec = new Streams.Spec(0, 0, COINS, 0, 32, 0, true);
            streams.run(spec, null); // the first stream warms the path up
            long before = threads.getThreadAllocatedBytes(me);
            Streams.Result r = streams.run(new Streams.Spec(1, 0, COINS, 0, 32, 0, true), null);
            long allocated = threads.getThreadAllocatedBytes(me) - before;
            assertEquals(COINS, r.coins());
            assertTrue(allocated < COINS / 10, name + ": the parent allocated " + allocated + " bytes for " + COINS
                    + " coins (" + (double) allocated / COINS + " a coin)");
        }
    }
}

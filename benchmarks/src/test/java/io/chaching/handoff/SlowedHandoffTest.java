package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.Rounds;
import org.junit.jupiter.api.Test;

/** The gate's deliberate slowdown: off unless named, and when on, every coin really costs the time. */
class SlowedHandoffTest {
    @Test
    void slowsOnlyTheNamedHandoffByTheAskedTimePerCoin() throws Exception {
        assertTrue(Handoffs.create("epoll") instanceof EpollHandoff, "off by default");
        System.setProperty("chaching.slowdown.handoff", "epoll");
        System.setProperty("chaching.slowdown.micros", "20000");
        try {
            assertTrue(Handoffs.create("poll") instanceof PollHandoff, "only the named one");
            try (MinerPool pool = MinerPool.spawn(4); Handoff h = Handoffs.create("epoll")) {
                assertTrue(h instanceof SlowedHandoff);
                assertEquals("epoll", h.name());
                RoundResult r = new Rounds(pool, h, 3, 60_000_000_000L).run(0, 2, null);
                // the sink sees the coins only after 20 ms each: at least 3 of those stand between first and last
                long sinkSpan = r.coins().size() * 20_000_000L;
                assertTrue(System.nanoTime() - r.startNs() >= sinkSpan, "4 coins x 20 ms must take >= 80 ms");
            }
        } finally {
            System.clearProperty("chaching.slowdown.handoff");
            System.clearProperty("chaching.slowdown.micros");
        }
        Handoff plain = Handoffs.create("epoll");
        assertSame(EpollHandoff.class, plain.getClass());
    }

    @Test
    void nanosecondsWinOverMicrosecondsAndAreBounded() throws Exception {
        System.setProperty("chaching.slowdown.handoff", "epoll");
        System.setProperty("chaching.slowdown.micros", "20000");
        System.setProperty("chaching.slowdown.nanos", "5000000");
        try {
            try (MinerPool pool = MinerPool.spawn(4); Handoff h = Handoffs.create("epoll")) {
                assertEquals(5_000_000L, ((SlowedHandoff) h).nanos(), "nanos, not the 20 ms of micros");
                RoundResult r = new Rounds(pool, h, 3, 60_000_000_000L).run(0, 2, null);
                long took = System.nanoTime() - r.startNs();
                assertTrue(took >= r.coins().size() * 5_000_000L, "4 coins x 5 ms must take >= 20 ms: " + took);
            }
            System.setProperty("chaching.slowdown.nanos", "0");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Handoffs.create("epoll"));
            assertEquals("chaching.slowdown.nanos must be in 1..1000000000: 0", e.getMessage());
        } finally {
            System.clearProperty("chaching.slowdown.handoff");
            System.clearProperty("chaching.slowdown.micros");
            System.clearProperty("chaching.slowdown.nanos");
        }
    }

    @Test
    void workStepsWinOverTimeAreBoundedAndEveryCoinStillArrives() throws Exception {
        System.setProperty("chaching.slowdown.handoff", "epoll");
        System.setProperty("chaching.slowdown.nanos", "5000000");
        System.setProperty("chaching.slowdown.work", "1000");
        try {
            try (MinerPool pool = MinerPool.spawn(4); Handoff h = Handoffs.create("epoll")) {
                SlowedHandoff slowed = (SlowedHandoff) h;
                assertEquals(1000L, slowed.steps(), "work, not the 5 ms of nanos");
                assertEquals(0L, slowed.nanos());
                RoundResult r = new Rounds(pool, h, 3, 60_000_000_000L).run(0, 2, null);
                assertEquals(4, r.coins().size(), "every miner's coin, slowed or not");
            }
            System.setProperty("chaching.slowdown.work", "0");
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Handoffs.create("epoll"));
            assertEquals("chaching.slowdown.work must be in 1..1000000000: 0", e.getMessage());
        } finally {
            System.clearProperty("chaching.slowdown.handoff");
            System.clearProperty("chaching.slowdown.nanos");
            System.clearProperty("chaching.slowdown.work");
        }
    }
}

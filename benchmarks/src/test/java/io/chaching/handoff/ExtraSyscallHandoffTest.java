package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.miners.MinerPool;
import io.chaching.rounds.Rounds;
import io.chaching.sys.SyscallCounts;
import org.junit.jupiter.api.Test;

/**
 * The count gate's deliberate extra system call: off unless named, and when on, exactly one more
 * counted call ("other") per coin in the named hand-off and in no other. epoll makes no "other"
 * call in a round on its own (epoll_ctl only at attach), so the count is exact, whatever the timing.
 */
class ExtraSyscallHandoffTest {
    static final int MINERS = 4;
    static final int ROUNDS = 5;

    /** The "other" calls of ROUNDS rounds through hand-off {@code name}, as created by the registry. */
    static long otherCalls(String name) throws Exception {
        try (MinerPool pool = MinerPool.spawn(MINERS); Handoff h = Handoffs.create(name)) {
            Rounds rounds = new Rounds(pool, h, 7, 60_000_000_000L);
            SyscallCounts.Snapshot before = SyscallCounts.snapshot();
            for (int r = 0; r < ROUNDS; r++) {
                rounds.run(r, 4, null);
            }
            return SyscallCounts.snapshot().since(before).other();
        }
    }

    @Test
    void addsExactlyOneCountedCallPerCoinToTheNamedHandoffOnly() throws Exception {
        assertSame(EpollHandoff.class, Handoffs.create("epoll").getClass(), "off by default");
        long plain = otherCalls("epoll");
        assertEquals(0, plain, "epoll makes no other call in a round");
        System.setProperty(ExtraSyscallHandoff.PROPERTY, "epoll");
        try {
            assertTrue(Handoffs.create("poll") instanceof PollHandoff, "only the named one");
            assertTrue(Handoffs.create("epoll") instanceof ExtraSyscallHandoff);
            assertEquals("epoll", Handoffs.create("epoll").name());
            assertEquals(plain + (long) MINERS * ROUNDS, otherCalls("epoll"), "one more per coin");
            assertEquals(0, otherCalls("poll"), "poll is not touched");
        } finally {
            System.clearProperty(ExtraSyscallHandoff.PROPERTY);
        }
    }
}

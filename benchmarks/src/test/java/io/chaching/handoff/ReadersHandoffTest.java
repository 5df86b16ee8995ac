package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundFailedException;
import io.chaching.rounds.Rounds;
import io.chaching.sys.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What readers-K adds to the conformance suite's checks: its own processes, and one of them dying. */
class ReadersHandoffTest {
    private static final long SEED = 20261201L;

    /** The JVM's children that are not the pool's miners: the readers. */
    private static List<Integer> readers(MinerPool pool) throws Exception {
        List<Integer> kids = new ArrayList<>(Leaks.liveChildren());
        for (Miner m : pool.miners()) {
            kids.remove((Integer) m.process().pid());
        }
        return kids;
    }

    @Test
    @Timeout(60)
    void asManyReadersAsAskedAtMostOnePerMinerAndNoneAfterClose() throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool pool = MinerPool.spawn(3); Handoff four = new ReadersHandoff(4); Handoff two = new ReadersHandoff(2)) {
            four.attach(pool);
            assertEquals(3, readers(pool).size(), "readers-4 over 3 miners");
            four.close();
            assertEquals(0, readers(pool).size(), "readers left after close");
            new Rounds(pool, two, SEED, TimeUnit.SECONDS.toNanos(30)).run(0, 4, null);
            assertEquals(2, readers(pool).size(), "readers-2 over 3 miners");
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(60)
    void aKilledReaderFailsTheRoundNamingTheReader() throws Exception {
        Leaks before = Leaks.snapshot();
        RoundFailedException e;
        long started;
        try (MinerPool pool = MinerPool.spawn(4); Handoff handoff = new ReadersHandoff(2)) {
            Rounds rounds = new Rounds(pool, handoff, SEED, TimeUnit.SECONDS.toNanos(30));
            rounds.run(0, 4, null);
            List<Integer> readers = readers(pool);
            assertEquals(2, readers.size());
            // one of the two: the other's pipe stays open, so only the pidfd can tell
            assertEquals(0, Signal.kill(readers.get(1), Signal.SIGKILL));
            started = System.nanoTime();
            e = assertThrows(RoundFailedException.class, () -> rounds.run(1, 4, null));
        }
        long elapsed = System.nanoTime() - started;
        assertTrue(e.getMessage().matches(".*reader [01] \\(pid \\d+, miners [0-9,]+\\) was killed by signal 9 \\(SIGKILL\\).*"),
                e.getMessage());
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(10), "took " + elapsed / 1e9 + " s: the deadline, not the reader's end");
        Leaks.assertNoLeaksSince(before);
    }
}

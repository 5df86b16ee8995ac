package io.chaching.coins;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Quota built from a per-miner array, as ActiveSubset builds it. */
class QuotaTest {
    @Test
    void perMinerQuotaIsDoneForMinersThatOweNothing() {
        Quota q = new Quota(new long[] {0, 2, 0});
        assertTrue(q.done(0));
        assertTrue(!q.done(1));
        q.count(1);
        q.count(1);
        assertTrue(q.done());
        assertThrows(IllegalStateException.class, () -> q.count(2));
        assertThrows(IllegalArgumentException.class, () -> new Quota(new long[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new Quota(new long[] {1, -1}));
    }
}

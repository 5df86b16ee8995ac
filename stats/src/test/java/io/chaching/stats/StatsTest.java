package io.chaching.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics the benchmarks report, on hand-made traces with known answers. */
class StatsTest {
    @Test
    void tauBIsCommonsMathsOnEverySampleWithAndWithoutTies() {
        // the hand-written tau-b stays (stats has no runtime dependency, and the C parent's copy is
        // held to it by a probe test) because it gives commons-math3's answer, ties and all
        var reference = new org.apache.commons.math3.stat.correlation.KendallsCorrelation();
        java.util.Random r = new java.util.Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + r.nextInt(60);
            int range = trial % 3 == 0 ? 4 : 1_000_000; // every third sample full of ties
            long[] x = new long[n];
            long[] y = new long[n];
            double[] dx = new double[n];
            double[] dy = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(range);
                y[i] = trial % 2 == 0 ? x[i] + r.nextInt(range) : r.nextInt(range);
                dx[i] = x[i];
                dy[i] = y[i];
            }
            double want = reference.correlation(dx, dy);
            double got = KendallTau.tauB(x, y);
            if (Double.isNaN(want)) {
                assertTrue(Double.isNaN(got), "n=" + n + ": commons-math3 has no tau here, we said " + got);
            } else {
                assertEquals(want, got, 1e-12, "n=" + n + " trial " + trial);
            }
        }
    }

    @Test
    void aPercentileNeedsTenValuesBeyondIt() {
        assertEquals(1, Percentiles.needs(50));
        assertEquals(100, Percentiles.needs(90));
        assertEquals(1000, Percentiles.needs(99));
        assertEquals(10000, Percentiles.needs(99.9));
        assertEquals(1, Percentiles.needs(100));
        assertFalse(Percentiles.supports(48, 99));
        assertFalse(Percentiles.supports(999, 99));
        assertTrue(Percentiles.supports(1000, 99));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.needs(0));
    }

    @Test
    void nearestRankPercentiles() {
        long[] v = {15, 20, 35, 40, 50};
        assertEquals(15, Percentiles.of(v, 5));
        assertEquals(20, Percentiles.of(v, 30));
        assertEquals(20, Percentiles.of(v, 40));
        assertEquals(35, Percentiles.of(v, 50));
        assertEquals(50, Percentiles.of(v, 100));
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[99 - i] = i + 1; // unsorted input
        }
        assertEquals(99, Percentiles.of(hundred, 99));
        assertEquals(50, Percentiles.of(hundred, 50));
        assertEquals(100, hundred[0], "input left as it was");
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(v, 0));
    }

    @Test
    void kendallTauOfKnownOrders() {
        long[] mined = {10, 20, 30, 40};
        assertEquals(1.0, KendallTau.tauB(mined, new long[] {1, 2, 3, 4}), 1e-12);
        assertEquals(-1.0, KendallTau.tauB(mined, new long[] {4, 3, 2, 1}), 1e-12);
        // one swapped pair of six: (5 - 1) / 6
        assertEquals(4.0 / 6.0, KendallTau.tauB(mined, new long[] {1, 3, 2, 4}), 1e-12);
        // cashed 2 and 3 in one read (a tie): 5 untied pairs all concordant, tau-b = 5 / sqrt(6 * 5)
        assertEquals(5 / Math.sqrt(30), KendallTau.tauB(mined, new long[] {1, 2, 2, 4}), 1e-12);
        assertTrue(Double.isNaN(KendallTau.tauB(mined, new long[] {7, 7, 7, 7})));
        assertThrows(IllegalArgumentException.class, () -> KendallTau.tauB(mined, new long[] {1, 2}));
    }

    @Test
    void burstsGroupCoinsCashedTogetherAndTellWhy() {
        // coins 0-2 mined 1 ms apart but cashed within 2 us (the parent was away);
        // coin 3 alone; coins 4-5 mined together and cashed together
        long[] mined = {1_000_000, 2_000_000, 3_000_000, 5_000_000, 9_000_000, 9_000_100};
        long[] cashed = {3_500_000, 3_501_000, 3_502_000, 5_010_000, 9_010_000, 9_010_500};
        List<Bursts.Burst> b = Bursts.detect(mined, cashed);
        assertEquals(3, b.size());
        assertEquals(3, b.get(0).size());
        assertEquals(2_000_000, b.get(0).minedSpreadNs());
        assertEquals(2_000, b.get(0).cashedSpreadNs());
        assertEquals(1, b.get(1).size());
        assertEquals(2, b.get(2).size());
        assertEquals(100, b.get(2).minedSpreadNs());
        // a coin mined after the previous one was cashed did not wait: a new burst, however close
        assertEquals(2, Bursts.detect(new long[] {1_000, 1_500}, new long[] {1_200, 1_300}).size());
        // a waiting coin cashed more than GAP_NS after the one before: a new burst
        assertEquals(2, Bursts.detect(new long[] {0, 0}, new long[] {1_000_000, 1_000_000 + Bursts.GAP_NS + 1}).size());
        assertEquals(1, Bursts.detect(new long[] {0, 0}, new long[] {1_000_000, 1_000_000 + Bursts.GAP_NS}).size());
        // order of the input does not matter
        long[] m2 = {mined[5], mined[0], mined[3], mined[1], mined[4], mined[2]};
        long[] c2 = {cashed[5], cashed[0], cashed[3], cashed[1], cashed[4], cashed[2]};
        assertEquals(b, Bursts.detect(m2, c2));
    }
}

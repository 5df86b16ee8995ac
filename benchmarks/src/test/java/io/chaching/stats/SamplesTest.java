package io.chaching.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Samples: exact within the budget, a histogram within 0.1% beyond it, and it says which. */
class SamplesTest {
    @Test
    void exactWithinTheBudget() {
        Samples s = new Samples(1000);
        long[] all = new long[1000];
        Random r = new Random(7);
        for (int i = 0; i < all.length; i++) {
            all[i] = r.nextInt(5_000_000);
            s.add(all[i]);
        }
        assertFalse(s.summarized());
        assertEquals("", s.describe());
        for (double p : new double[] {1, 50, 99, 100}) {
            assertEquals(Percentiles.of(all, p), s.percentile(p), "p" + p);
        }
    }

    @Test
    void aHistogramWithinATenthOfAPercentBeyondIt() {
        Samples s = new Samples(1000);
        long[] all = new long[200_000];
        Random r = new Random(11);
        for (int i = 0; i < all.length; i++) {
            all[i] = 1000 + (long) (r.nextDouble() * r.nextDouble() * 50_000_000);
            s.add(all[i]);
        }
        assertTrue(s.summarized());
        assertEquals(200_000, s.count());
        assertTrue(s.describe().contains("beyond 1000 exact samples") && s.describe().contains("within 0.1%"), s.describe());
        for (double p : new double[] {1, 50, 99, 99.9}) {
            long exact = Percentiles.of(all, p);
            assertTrue(Math.abs(s.percentile(p) - exact) <= exact / 1000.0 + 1, "p" + p + ": " + s.percentile(p) + " vs " + exact);
        }
    }
}

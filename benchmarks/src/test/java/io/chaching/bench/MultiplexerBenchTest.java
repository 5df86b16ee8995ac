package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** MultiplexerBenchmark's plans; ActiveSubset, what it stands on, has its own test in rounds. */
class MultiplexerBenchTest {
    @Test
    void planRunsTheQuickSetOnACurveOfMiners() {
        BenchMain.Plan quick = BenchMain.plans("quick").stream()
                .filter(p -> p.benchmark() == MultiplexerBenchmark.class).findFirst().orElseThrow();
        assertEquals(4 * 4, quick.combinations(), "four hand-offs at 16, 64, 256 and 1024 miners, idle watched: a curve");
        BenchMain.Plan full = BenchMain.plans("full").stream()
                .filter(p -> p.benchmark() == MultiplexerBenchmark.class).findFirst().orElseThrow();
        assertEquals(4 * 4 * 2, full.combinations());
    }
}

package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chaching.rounds.RoundSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

/** MultiplexerBenchmark's plans and metrics; ActiveSubset, what it stands on, has its own test in rounds. */
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

    @Test
    void itsThreadCpuIsNotRoundBenchmarksProcessCpu() {
        assertEquals("parentThreadCpu", RoundStatsProfiler.cpuMetric(MultiplexerBenchmark.class.getName() + ".round"));
        assertEquals("parentCpu", RoundStatsProfiler.cpuMetric(RoundBenchmark.class.getName() + ".round"),
                "RoundBenchmark's keeps its name: the A/B gate compares it with older builds'");
        RoundSample r = new RoundSample(0, 0, 2000, 500, new int[] {0, 1}, new long[] {500, 900}, new long[] {1000, 2000},
                new long[2], new long[2], new String[2]);
        List<Result> out = new ArrayList<>();
        RoundStatsProfiler.rounds(List.of(r), out, false, MultiplexerBenchmark.CPU_METRIC);
        List<String> cpu = out.stream().map(Result::getLabel).filter(l -> l.contains("Cpu")).toList();
        assertEquals(List.of("parentThreadCpu"), cpu);
        assertEquals(0.25, out.stream().filter(x -> x.getLabel().equals("parentThreadCpu")).findFirst().orElseThrow()
                .getScore(), 1e-12, "500 ns of CPU over a 2000 ns makespan");
    }
}

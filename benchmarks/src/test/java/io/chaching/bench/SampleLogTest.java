package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples file the report judges from: every call's values, nested, and a bounded size. */
class SampleLogTest {
    @Test
    void writesEveryCallNestedInItsIterationAndBoundsTheCalls(@TempDir Path dir) throws Exception {
        System.setProperty("chaching.bench.samples", dir.toString());
        System.setProperty("chaching.bench.cell", "0007-t2-Test");
        System.setProperty("chaching.bench.trial", "2");
        System.setProperty("chaching.bench.order", "7");
        try {
            SampleLog.add("warm", "us", 1);
            SampleLog.clear(); // a warm-up iteration's values never reach the file
            SampleLog.add("delay", "us", 1.5, 2.5, 3.5);
            SampleLog.add("delay", "us", 4, 5, 6);
            SampleLog.add("makespan", "ms", 180.25);
            SampleLog.flush("io.chaching.bench.RoundBenchmark.round", Map.of("handoff", "epoll"));
            for (int i = 0; i < SampleLog.MAX_OPS * 3; i++) {
                SampleLog.add("op", "us", i);
            }
            SampleLog.flush("io.chaching.bench.RoundBenchmark.round", Map.of("handoff", "epoll"));
            List<String> lines = Files.readAllLines(dir.resolve("0007-t2-Test.csv"));
            assertEquals(List.of("# format " + SampleLog.FORMAT, "# benchmark io.chaching.bench.RoundBenchmark.round",
                    "# param handoff epoll", "# trial 2", "# order 7", "iteration,op,measure,unit,value",
                    "0,0,delay,us,1.50000", "0,0,delay,us,2.50000", "0,0,delay,us,3.50000", "0,1,delay,us,4",
                    "0,1,delay,us,5", "0,1,delay,us,6", "0,0,makespan,ms,180.250"), lines.subList(0, 13));
            List<String> second = lines.subList(13, lines.size());
            assertEquals(SampleLog.MAX_OPS, second.size(), "at most MAX_OPS calls an iteration");
            assertTrue(second.stream().allMatch(l -> l.startsWith("1,")), "the second iteration is numbered 1");
            long late = second.stream().filter(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1)) >= SampleLog.MAX_OPS)
                    .count();
            assertTrue(late > SampleLog.MAX_OPS / 2, "a uniform subset of all calls, not the first ones: " + late);
        } finally {
            System.clearProperty("chaching.bench.samples");
            System.clearProperty("chaching.bench.cell");
            System.clearProperty("chaching.bench.trial");
            System.clearProperty("chaching.bench.order");
        }
    }

}

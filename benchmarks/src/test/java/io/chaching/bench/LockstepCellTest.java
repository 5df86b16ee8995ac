package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A build following another in lockstep finds its fork for the other's key: the same key, or the
 * key with a parameter the other build lacks at its default (the first value of its @Param).
 */
class LockstepCellTest {
    private static List<BenchMain.Cell> cells(Map<String, String[]> pinned) {
        BenchMain.Plan plan = new BenchMain.Plan(StreamBenchmark.class, 1, 1, 250, 5, 200, pinned);
        List<BenchMain.Cell> cells = new ArrayList<>();
        for (Map<String, String> c : plan.cells()) {
            cells.add(new BenchMain.Cell(plan, c, 1));
        }
        return cells;
    }

    @Test
    void theSameKeyOrTheKeyWithNewParametersAtTheirDefaults() {
        List<BenchMain.Cell> cells = cells(Map.of("miners", new String[] {"1"}, "payload", new String[] {"0"}));
        String exact = "StreamBenchmark {binding=jna, difficulty=0, handoff=epoll, miners=1, parent=jvm, payload=0,"
                + " producer=mining, verify=digests}";
        assertEquals(exact, BenchMain.Cell.find(cells, exact).key());
        // an older build without 'binding' (its default is jna), 'difficulty' (0), 'miners' (default 1),
        // 'producer' (default mining, what it did) and 'verify' (default digests)
        assertEquals(exact, BenchMain.Cell.find(cells, "StreamBenchmark {handoff=epoll, parent=jvm, payload=0}").key());
        assertNull(BenchMain.Cell.find(cells.stream().filter(c -> !c.params().get("producer").equals("mining")).toList(),
                "StreamBenchmark {handoff=epoll, parent=jvm, payload=0}"), "premined is not what a build without it ran");
        assertNull(BenchMain.Cell.find(cells, "StreamBenchmark {handoff=uds2, parent=jvm, payload=0}"), "no such hand-off");
        assertNull(BenchMain.Cell.find(cells.stream().filter(c -> c.params().get("binding").equals("ffm")).toList(),
                "StreamBenchmark {handoff=epoll, parent=jvm, payload=0}"), "ffm is not what a build without it ran");
        assertNull(BenchMain.Cell.find(cells, "RoundBenchmark {handoff=epoll, parent=jvm}"), "another benchmark");
        assertNull(BenchMain.Cell.find(cells, "StreamBenchmark handoff=epoll"), "not a key");
    }

    @Test
    void aParameterOffItsDefaultDoesNotStandForItsAbsence() {
        List<BenchMain.Cell> cells = cells(Map.of("miners", new String[] {"4"}, "payload", new String[] {"0"}));
        assertNull(BenchMain.Cell.find(cells, "StreamBenchmark {difficulty=0, handoff=epoll, parent=jvm, payload=0}"),
                "4 miners is not what a build without 'miners' ran (its first value is 1)");
    }
}

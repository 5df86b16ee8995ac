package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

class CountWindowTest {
    private static List<String> labels(boolean tallied) {
        CountWindow w = CountWindow.open(null, tallied);
        w.close(10);
        List<Result> out = new ArrayList<>();
        CountWindow.results(out);
        return out.stream().map(Result::getLabel).toList();
    }

    @Test
    void aHandoffWhoseCallsAreNotTalliedReportsNoCallCountsRatherThanZero() {
        assertEquals(CountWindow.NAMES.subList(0, CountWindow.NAMES.size() - 2), labels(true),
                "a JNA hand-off with no helper processes: every count but the helpers'");
        List<String> untallied = labels(false);
        assertTrue(untallied.stream().noneMatch(l -> l.equals("perCoin.syscalls") || l.equals("perCoin.reads")
                || l.equals("perCoin.bytesRead")), "no call or byte counts: " + untallied);
        assertTrue(untallied.containsAll(List.of("perCoin.voluntaryCs", "perCoin.involuntaryCs", "perCoin.processCpu")),
                "what the kernel counts for the process stays: " + untallied);
    }
}

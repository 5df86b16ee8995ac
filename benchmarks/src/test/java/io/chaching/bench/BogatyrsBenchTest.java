package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

/** BogatyrsBenchmark's trial, by hand: runs on one circle, each recorded for the profiler's secondary results. */
class BogatyrsBenchTest {
    @Test
    void aTrialRunsTheProtocolAgainAndAgainAndRecordsAgreement() throws Exception {
        Leaks before = Leaks.snapshot();
        AgreementRecorder.drain();
        BogatyrsBenchmark b = new BogatyrsBenchmark();
        b.count = 3;
        b.transport = "shm";
        b.setUp();
        try {
            for (int i = 0; i < 5; i++) {
                assertTrue(b.speak() > 0);
            }
        } finally {
            b.tearDown();
        }
        List<Result> out = new ArrayList<>();
        AgreementRecorder.results(out);
        assertEquals(List.of("agreement", "lastLetter"), out.stream().map(Result::getLabel).toList());
        assertTrue(out.get(0).getScore() > 0 && out.get(0).getScore() <= out.get(1).getScore(), out.toString());
        assertEquals("АБВ", BogatyrsBenchmark.textFor(3));
        assertEquals(33, BogatyrsBenchmark.textFor(128).codePointCount(0, BogatyrsBenchmark.textFor(128).length()));
        Leaks.assertNoLeaksSince(before);
    }
}

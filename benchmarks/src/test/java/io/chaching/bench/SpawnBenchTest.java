package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.sys.NativeBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;

/** spawnbench --serve and SpawnBenchmark's spawners, checked for behaviour (not speed). */
class SpawnBenchTest {
    private static final List<String> METHODS = List.of("fork", "vfork", "posix_spawn");

    @Test
    @Timeout(60)
    void everyMethodRunsTheProgramNTimesAndReapsEveryChild(@TempDir Path dir) throws Exception {
        Path marks = dir.resolve("marks");
        Files.createFile(marks);
        // Each run appends one line to marks; what it writes to stdout would break the reply
        // stream if it were not sent to /dev/null.
        List<String> program = List.of("/bin/sh", "-c", "echo x >> '" + marks + "'; echo noise; echo noise >&2");
        Leaks before = Leaks.snapshot();
        try (SpawnBenchmark.SpawnServer s = SpawnBenchmark.SpawnServer.start(program)) {
            int runs = 0;
            for (String method : METHODS) {
                long totalNs = s.spawn(method, 5);
                runs += 5;
                assertTrue(totalNs > 0, method + ": total_ns=" + totalNs);
                assertEquals(runs, Files.readAllLines(marks).size(), method + ": runs of the program");
                assertEquals(List.of(), Leaks.childrenOf(s.pid()), method + ": children of spawnbench after its answer");
            }
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(60)
    void malformedCommandsAndFailedSpawnsAnswerErrorAndServingGoesOn() throws Exception {
        Leaks before = Leaks.snapshot();
        try (SpawnBenchmark.SpawnServer s = SpawnBenchmark.SpawnServer.start(noop())) {
            for (String bad : new String[] {"spawn clone 1", "spawn fork 0", "spawn fork -1", "spawn fork 1x",
                    "spawn fork", "spawn fork 1 2", "", "hello", "x".repeat(1000)}) {
                String reply = s.request(bad);
                assertTrue(reply.startsWith("error "), "'" + bad + "' -> " + reply);
            }
            assertTrue(s.request("spawn fork 2").startsWith("spawn fork 2 total_ns="), "still serving");
        }
        try (SpawnBenchmark.SpawnServer s = SpawnBenchmark.SpawnServer.start(List.of("/bin/sh", "-c", "exit 3"))) {
            for (String method : METHODS) {
                String reply = s.request("spawn " + method + " 4");
                assertEquals("error spawn " + method + " 4 failed at 0: " + method + ": child exited with status 3", reply);
                assertEquals(List.of(), Leaks.childrenOf(s.pid()), method + ": the failed child is reaped");
            }
            IOException e = assertThrows(IOException.class, () -> s.spawn("fork", 1));
            assertTrue(e.getMessage().startsWith("spawnbench: error "), e.getMessage());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(120)
    void everySpawnerSpawnsAndLeavesNothing() throws Exception {
        // inheritIO: no pipes, which the JDK would close on its reaper thread, after the snapshot below
        assertEquals(0, new ProcessBuilder(noop()).inheritIO().start().waitFor(), "miner --noop exits 0");
        String[] spawners = SpawnBenchmark.class.getField("spawner").getAnnotation(Param.class).value();
        assertEquals(List.of("jvm-posix_spawn", "jvm-processbuilder", "c-fork", "c-vfork", "c-posix_spawn"),
                Arrays.asList(spawners));
        Leaks before = Leaks.snapshot();
        for (String spawner : spawners) {
            SpawnBenchmark b = new SpawnBenchmark();
            b.spawner = spawner;
            b.setUp();
            try {
                assertTrue(b.spawn() > 0, spawner);
            } finally {
                b.tearDown();
            }
            Leaks.assertNoLeaksSince(before);
        }
        SpawnBenchmark b = new SpawnBenchmark();
        b.spawner = "c-clone";
        assertThrows(IllegalArgumentException.class, b::setUp);
    }

    private static List<String> noop() {
        return List.of(NativeBinaries.program("miner").toString(), "--noop");
    }
}

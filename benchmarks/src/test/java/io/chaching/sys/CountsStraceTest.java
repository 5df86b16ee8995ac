package io.chaching.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The counts per coin ({@link SyscallCounts} in the JVM, struct syscounts in the C parent) against
 * what {@code strace -f} saw the same run do between the counters' two snapshots: 16 miners, a few
 * rounds, through the CLI ({@code bytecoin} with {@code -Dchaching.counts}) and through
 * {@code cparent}. Reads, writes and waits must match within {@link #TOLERANCE} of the coins
 * (the window's edges: a reader's call in flight at a snapshot); {@code other} likewise. For
 * {@code threads} the counted waits are a lower bound of strace's (the queue's locks wait too).
 * What strace saw that is not a hand-off's call (a JVM's class loading, private futexes of its
 * locks, a reader thread's start) is printed as "uncounted", not judged. Skipped, saying so, where strace is not installed.
 */
class CountsStraceTest {
    static final int MINERS = 16;
    static final int ROUNDS = 10;
    /** Allowed difference per kind, as a fraction of the coins: a call or two at the window's edges. */
    static final double TOLERANCE = 0.05;

    @BeforeAll
    static void straceIsThere() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, "strace"));
        }
        assumeTrue(found, "strace not found: the counts were not compared with strace");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"jvm, blocking", "jvm, nonblocking", "jvm, epoll", "jvm, poll", "jvm, io_uring", "jvm, aio",
        "jvm, shm-spin", "jvm, shm-futex", "jvm, threads", "jvm, uds", "jvm, jdk-selector", "jvm, jdk-mapped",
        "native, blocking", "native, epoll", "native, select",
        "native, io_uring", "native, aio", "native, shm-spin", "native, threads", "jvm, readers-2", "native, readers-2"})
    @Timeout(120)
    void theCountsAreWhatStraceSees(String parent, String handoff, @TempDir Path dir) throws Exception {
        compare(parent, handoff, dir, List.of());
    }

    /** The count gate's switch makes a real system call (getpid), once per coin, and counts it. */
    @org.junit.jupiter.api.Test
    @Timeout(120)
    void theExtraCallIsARealOneAndCounted(@TempDir Path dir) throws Exception {
        StraceCounts.Seen seen = compare("jvm", "epoll", dir, List.of("-Dchaching.extrasyscall.handoff=epoll"));
        assertEquals((long) MINERS * ROUNDS, seen.counted().getOrDefault("getpid", 0L), seen.counted().toString());
    }

    private static StraceCounts.Seen compare(String parent, String handoff, Path dir, List<String> jvmOptions)
            throws Exception {
        Path trace = dir.resolve("strace.txt");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-y", "-qq", "-o", trace.toString()));
        if (parent.equals("jvm")) {
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-Dchaching.counts=1",
                    "-Dchaching.native.dir=" + System.getProperty("chaching.native.dir"), "-cp",
                    System.getProperty("java.class.path"), "io.chaching.cli.Bytecoin"));
        } else {
            cmd.addAll(List.of(NativeBinaries.program("cparent").toString(), "--miner",
                    NativeBinaries.program("miner").toString(), "--quiet"));
        }
        cmd.addAll(List.of("--handoff", handoff, "--miners", Integer.toString(MINERS), "--rounds", Integer.toString(ROUNDS),
                "--difficulty", "14"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String line = out.lines().filter(l -> l.startsWith(parent.equals("jvm") ? "counts " : "summary ")).findFirst()
                .orElseThrow(() -> new AssertionError("no counts in the output: " + out));
        Map<String, Long> ours = new HashMap<>();
        for (String f : line.split(" ")) {
            int eq = f.indexOf('=');
            if (eq > 0 && f.substring(eq + 1).matches("\\d+")) {
                ours.put(f.substring(0, eq), Long.parseLong(f.substring(eq + 1)));
            }
        }
        long coins = ours.get("coins");
        assertEquals((long) MINERS * ROUNDS, coins, line);
        StraceCounts.Seen seen = StraceCounts.read(trace);
        StringBuilder table = new StringBuilder(String.format("%s %s, %d coins: kind counted strace (per coin)%n", handoff,
                parent, coins));
        for (String kind : List.of("reads", "writes", "waits", "other", "uncounted")) {
            table.append(String.format("  %-6s %6d %6d  (%.3f %.3f)%n", kind, ours.getOrDefault(kind, 0L), seen.kind(kind),
                    ours.getOrDefault(kind, 0L) / (double) coins, seen.kind(kind) / (double) coins));
        }
        table.append("  calls strace saw in the counted threads: ").append(seen.counted()).append('\n');
        table.append("  in the other threads: ").append(seen.others());
        System.out.println(table);
        for (String kind : List.of("reads", "writes", "waits", "other")) {
            long theirs = seen.kind(kind);
            long counted = ours.get(kind);
            if (kind.equals("waits") && handoff.equals("threads")) {
                // the parent's sleeps on the queue are counted once each (C: each cond_wait); strace sees
                // those as private futex waits among the locks' own, so the count is a lower bound
                theirs += seen.counted().getOrDefault("futex:wait:private", 0L);
                assertTrue(counted <= theirs + Math.max(2, TOLERANCE * coins), kind + ": counted " + counted
                        + ", strace " + theirs + " with the private futex waits\n" + table);
                continue;
            }
            assertTrue(Math.abs(counted - theirs) <= Math.max(2, TOLERANCE * coins),
                    kind + ": counted " + counted + ", strace " + theirs + "\n" + table);
        }
        return seen;
    }
}

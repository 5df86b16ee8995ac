package io.chaching.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.chaching.sys.NativeBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One percentile rule on both sides: the C parent's summary line and the JVM's {@link Percentiles}
 * must give the same answer for the same samples. The C parent runs rounds with a trace; the
 * trace's coins are fed to Percentiles and compared with what C said of them. An even number of
 * rounds and coins, where the two rules used to differ (C took the upper middle, the JVM the lower).
 */
class PercentileProbeTest {
    @Test
    @Timeout(60)
    void theCParentAndTheJvmTakeTheSamePercentiles(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.csv");
        Process p = new ProcessBuilder(NativeBinaries.program("cparent").toString(), "--miner",
                NativeBinaries.program("miner").toString(), "--handoff", "epoll", "--miners", "4", "--rounds", "6",
                "--difficulty", "6", "--trace", trace.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String summary = out.lines().filter(l -> l.startsWith("summary ")).findFirst().orElse(null);
        assertNotNull(summary, out);
        Map<String, String> kv = new HashMap<>();
        for (String f : summary.split(" ")) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                kv.put(f.substring(0, eq), f.substring(eq + 1));
            }
        }
        List<String> lines = Files.readAllLines(trace);
        List<String> header = List.of(lines.get(0).split(","));
        int round = header.indexOf("round");
        int start = header.indexOf("roundStartNs");
        int mined = header.indexOf("minedNs");
        int cashed = header.indexOf("cashedNs");
        List<Long> delays = new ArrayList<>();
        Map<Long, long[]> rounds = new HashMap<>(); // round -> {start, first cashed, last cashed}
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            long r = Long.parseLong(c[round]);
            long s = Long.parseLong(c[start]);
            long cash = Long.parseLong(c[cashed]);
            delays.add(cash - Long.parseLong(c[mined]));
            long[] x = rounds.computeIfAbsent(r, k -> new long[] {s, Long.MAX_VALUE, Long.MIN_VALUE});
            x[1] = Math.min(x[1], cash);
            x[2] = Math.max(x[2], cash);
        }
        assertEquals(24, delays.size());
        long[] d = delays.stream().mapToLong(Long::longValue).toArray();
        long[] makespan = rounds.values().stream().mapToLong(x -> x[2] - x[0]).toArray();
        long[] first = rounds.values().stream().mapToLong(x -> x[1] - x[0]).toArray();
        assertEquals(Percentiles.of(d, 50), Long.parseLong(kv.get("delay_ns_p50")), summary);
        assertEquals(Percentiles.of(d, 99), Long.parseLong(kv.get("delay_ns_p99")), summary);
        assertEquals(Percentiles.of(makespan, 50), Long.parseLong(kv.get("makespan_ns_median")), summary);
        assertEquals(Percentiles.of(first, 50), Long.parseLong(kv.get("first_coin_ns_median")), summary);
    }
}

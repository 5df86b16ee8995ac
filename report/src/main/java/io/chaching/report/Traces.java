package io.chaching.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Per-coin traces in the project's one format (header {@code parent,handoff,miner,round,nonce,
 * digest,roundStartNs,startedNs,minedNs,cashedNs}, coins in cash-in order), as a bench run leaves
 * them in {@code traces/round-HANDOFF-PARENT.csv} and as {@code bytecoin --trace} writes them from
 * either parent: every CSV file in the directory with that header is read. The report's
 * timelines, ranks, CDFs and burst analysis come from these, not from JMH. The bench's older
 * 7-column traces are still read.
 */
public final class Traces {
    /** The one per-coin trace format (TraceWriter in the benchmarks, write_trace in the C parent). */
    static final String HEADER = "parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs";
    /** The bench's round traces before there was one format. */
    static final String OLD_BENCH_HEADER = "parent,handoff,round,miner,roundStartNs,minedNs,cashedNs";
    /** bytecoin --trace before it named the parent: which parent wrote it cannot be told. */
    static final String OLD_BYTECOIN_HEADER = "handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs";

    /** One round: its coins in cash-in order; all times CLOCK_MONOTONIC ns. */
    public record Round(long startNs, int[] miner, long[] minedNs, long[] cashedNs) {
        public int coins() {
            return miner.length;
        }
    }

    /** Which hand-off in which parent. */
    public record Key(String handoff, String parent) {
    }

    private final Map<Key, List<Round>> rounds;

    private Traces(Map<Key, List<Round>> rounds) {
        this.rounds = rounds;
    }

    public static Traces none() {
        return new Traces(Map.of());
    }

    public List<Round> rounds(String handoff, String parent) {
        return rounds.getOrDefault(new Key(handoff, parent), List.of());
    }

    public boolean isEmpty() {
        return rounds.isEmpty();
    }

    /** Reads every trace CSV in {@code dir}; IOException naming the file and line of anything malformed. */
    public static Traces read(Path dir) throws IOException {
        Map<Key, Map<Long, List<long[]>>> byKey = new TreeMap<>((a, b) -> (a.handoff + a.parent).compareTo(b.handoff + b.parent));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".+\\.(csv|jsonl|json)")).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            List<String> lines = Files.readAllLines(f);
            String head = lines.isEmpty() ? "" : lines.get(0);
            if (!name.endsWith(".csv")) {
                if (head.startsWith("{\"parent\":") || head.startsWith("{\"handoff\":")) {
                    throw new IOException(f + ": a trace in JSON lines; --traces reads the CSV form (bytecoin --trace"
                            + " with a name ending in .csv), header " + HEADER);
                }
                continue;
            }
            int[] col; // parent, handoff, miner, round, roundStartNs, minedNs, cashedNs
            if (head.equals(HEADER)) {
                col = new int[] {0, 1, 2, 3, 6, 8, 9};
            } else if (head.equals(OLD_BENCH_HEADER)) {
                col = new int[] {0, 1, 3, 2, 4, 5, 6};
            } else if (head.equals(OLD_BYTECOIN_HEADER)) {
                throw new IOException(f + ": a bytecoin --trace from before traces named their parent; --traces wants"
                        + " the header " + HEADER + " (run bytecoin --trace again)");
            } else if (name.startsWith("round-")) {
                throw new IOException(f + ": not a trace (header " + HEADER + " expected)");
            } else {
                continue;
            }
            int fields = head.split(",").length;
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",", -1);
                try {
                    if (c.length != fields) {
                        throw new IllegalArgumentException(fields + " fields expected, found " + c.length);
                    }
                    Key key = new Key(c[col[1]], c[col[0]]);
                    byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(Long.parseLong(c[col[3]]),
                            r -> new ArrayList<>()).add(new long[] {Long.parseLong(c[col[2]]), Long.parseLong(c[col[4]]),
                            Long.parseLong(c[col[5]]), Long.parseLong(c[col[6]])});
                } catch (IllegalArgumentException e) {
                    throw new IOException(f + ": line " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        Map<Key, List<Round>> out = new TreeMap<>((a, b) -> (a.handoff + a.parent).compareTo(b.handoff + b.parent));
        byKey.forEach((key, byRound) -> {
            List<Round> list = new ArrayList<>();
            for (List<long[]> coins : byRound.values()) {
                int n = coins.size();
                int[] miner = new int[n];
                long[] mined = new long[n];
                long[] cashed = new long[n];
                for (int i = 0; i < n; i++) {
                    miner[i] = (int) coins.get(i)[0];
                    mined[i] = coins.get(i)[2];
                    cashed[i] = coins.get(i)[3];
                }
                list.add(new Round(coins.get(0)[1], miner, mined, cashed));
            }
            out.put(key, list);
        });
        return new Traces(out);
    }
}

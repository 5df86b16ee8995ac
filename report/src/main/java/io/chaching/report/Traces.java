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
 * The per-coin round traces a bench run leaves in {@code traces/round-HANDOFF-PARENT.csv}
 * (header {@code parent,handoff,round,miner,roundStartNs,minedNs,cashedNs}, coins in cash-in
 * order): the report's timelines, ranks, CDFs and burst analysis come from these, not from JMH.
 */
public final class Traces {
    /** The bench's round traces, which the report reads. */
    static final String HEADER = "parent,handoff,round,miner,roundStartNs,minedNs,cashedNs";
    /** What bytecoin --trace writes (both parents): the report says so instead of ignoring it. */
    static final String BYTECOIN_HEADER = "handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs";

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

    /** Reads every round-*.csv in {@code dir}; IOException naming the file and line that is wrong. */
    public static Traces read(Path dir) throws IOException {
        Map<Key, List<Round>> out = new TreeMap<>((a, b) -> (a.handoff + a.parent).compareTo(b.handoff + b.parent));
        List<Path> files;
        List<Path> others;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.sorted().toList();
            files = all.stream().filter(p -> p.getFileName().toString().matches("round-.+\\.csv")).toList();
            others = all.stream().filter(p -> !files.contains(p) && p.getFileName().toString().matches(".+\\.(csv|jsonl|json)"))
                    .toList();
        }
        for (Path f : others) {
            List<String> first = Files.readAllLines(f).stream().limit(1).toList();
            String head = first.isEmpty() ? "" : first.get(0);
            if (head.equals(BYTECOIN_HEADER) || head.startsWith("{\"handoff\":")) {
                throw new IOException(f + ": a bytecoin --trace file (one CLI run's coins); --traces wants the round"
                        + " traces scripts/bench writes, round-HANDOFF-PARENT.csv with the header " + HEADER
                        + " (in DIR/traces of a bench run)");
            }
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IOException(f + ": not a round trace (header " + HEADER + " expected)");
            }
            Map<Long, List<long[]>> byRound = new LinkedHashMap<>();
            Key key = null;
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",");
                try {
                    if (c.length != 7) {
                        throw new IllegalArgumentException("7 fields expected, found " + c.length);
                    }
                    key = new Key(c[1], c[0]);
                    byRound.computeIfAbsent(Long.parseLong(c[2]), r -> new ArrayList<>()).add(new long[] {
                            Long.parseLong(c[3]), Long.parseLong(c[4]), Long.parseLong(c[5]), Long.parseLong(c[6])});
                } catch (IllegalArgumentException e) {
                    throw new IOException(f + ": line " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            if (key == null) {
                continue;
            }
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
        }
        return new Traces(out);
    }
}

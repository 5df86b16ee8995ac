package io.chaching.miners;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-coin trace: one record per coin, as CSV (any name) or JSON lines (a name ending in
 * .jsonl or .json). Fields, all times System.nanoTime()/CLOCK_MONOTONIC nanoseconds:
 * handoff, miner, round, nonce, digest (hex), roundStartNs, startedNs, minedNs, cashedNs.
 * The report reads these files; the README documents them.
 */
public final class TraceWriter implements AutoCloseable {
    public static final String CSV_HEADER = "handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs";

    private final BufferedWriter out;
    private final boolean json;
    private final Path path;

    public TraceWriter(Path path) throws IOException {
        this.path = path;
        String name = path.getFileName().toString();
        this.json = name.endsWith(".jsonl") || name.endsWith(".json");
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        if (!json) {
            out.write(CSV_HEADER);
            out.newLine();
        }
    }

    public void write(String handoff, RoundResult round) {
        for (Coin c : round.coins()) {
            write(handoff, round.startNs(), c);
        }
    }

    /** One coin's record; a stream writes each as it is cashed in ({@code roundStartNs}: the stream's start). */
    public void write(String handoff, long roundStartNs, Coin c) {
        try {
            String nonce = Long.toUnsignedString(c.nonce());
            if (json) {
                out.write("{\"handoff\":\"" + handoff + "\",\"miner\":" + c.miner() + ",\"round\":" + c.round()
                        + ",\"nonce\":" + nonce + ",\"digest\":\"" + c.digestHex() + "\",\"roundStartNs\":"
                        + roundStartNs + ",\"startedNs\":" + c.startedNs() + ",\"minedNs\":" + c.minedNs()
                        + ",\"cashedNs\":" + c.cashedNs() + "}");
            } else {
                out.write(handoff + "," + c.miner() + "," + c.round() + "," + nonce + "," + c.digestHex() + ","
                        + roundStartNs + "," + c.startedNs() + "," + c.minedNs() + "," + c.cashedNs());
            }
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

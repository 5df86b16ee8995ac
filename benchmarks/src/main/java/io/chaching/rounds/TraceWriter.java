package io.chaching.rounds;

import io.chaching.coins.Coin;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-coin trace, the project's one format: one record per coin, as CSV (any name) or JSON
 * lines (a name ending in .jsonl or .json). Fields, all times System.nanoTime()/CLOCK_MONOTONIC
 * nanoseconds: parent (jvm or native), handoff, miner, round, nonce, digest (hex), roundStartNs,
 * startedNs, minedNs, cashedNs. bytecoin --trace writes it from either parent (the C parent
 * writes the same columns itself), the benchmarks' round traces too, and the report reads it;
 * the README documents it.
 */
public final class TraceWriter implements AutoCloseable {
    public static final String CSV_HEADER =
            "parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs";

    private final BufferedWriter out;
    private final boolean json;
    private final Path path;
    private final String parent;

    /** A trace of the JVM parent's coins. */
    public TraceWriter(Path path) throws IOException {
        this(path, "jvm");
    }

    /** A trace whose records say {@code parent} wrote them (jvm or native). */
    public TraceWriter(Path path, String parent) throws IOException {
        this.path = path;
        this.parent = parent;
        String name = path.getFileName().toString();
        this.json = name.endsWith(".jsonl") || name.endsWith(".json");
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
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
        record(handoff, c.miner(), c.round(), c.nonce(), c.digestHex(), roundStartNs, c.startedNs(), c.minedNs(),
                c.cashedNs());
    }

    /** One coin's record from its fields (the benchmarks' traces, either parent). */
    public void record(String handoff, int miner, long round, long nonceBits, String digestHex, long roundStartNs,
                       long startedNs, long minedNs, long cashedNs) {
        try {
            String nonce = Long.toUnsignedString(nonceBits);
            if (json) {
                out.write("{\"parent\":\"" + parent + "\",\"handoff\":\"" + handoff + "\",\"miner\":" + miner
                        + ",\"round\":" + round + ",\"nonce\":" + nonce + ",\"digest\":\"" + digestHex
                        + "\",\"roundStartNs\":" + roundStartNs + ",\"startedNs\":" + startedNs + ",\"minedNs\":"
                        + minedNs + ",\"cashedNs\":" + cashedNs + "}");
            } else {
                out.write(parent + "," + handoff + "," + miner + "," + round + "," + nonce + "," + digestHex + ","
                        + roundStartNs + "," + startedNs + "," + minedNs + "," + cashedNs);
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

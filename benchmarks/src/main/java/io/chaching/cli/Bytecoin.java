package io.chaching.cli;

import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.miners.Coin;
import io.chaching.miners.CoinLayout;
import io.chaching.miners.MinerPool;
import io.chaching.miners.RoundResult;
import io.chaching.miners.Rounds;
import io.chaching.miners.Streams;
import io.chaching.miners.TraceWriter;
import io.chaching.stats.Samples;
import io.chaching.sys.FdLimit;
import io.chaching.sys.SyscallCounts;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code bytecoin}: the lab's program. Spawns the miners, runs rounds through one hand-off and
 * prints "Mining I done, cha-ching!" the moment each coin is cashed in.
 */
public final class Bytecoin {
    static final String PROGRAM = "bytecoin";
    /** About 0.2-2 s for a round of 16 miners on this 2-core machine (see README). */
    public static final int DEFAULT_DIFFICULTY = 20;
    public static final int MAX_DIFFICULTY = 40;
    static final String USAGE = """
            usage: bytecoin [--handoff NAME] [--miners N] [--difficulty BITS] [--seed S] [--rounds R]
                            [--trace FILE] [--timeout SECONDS] [--parent jvm|native]
                            [--stream COUNT [--batch B] [--pace NS]] [--payload BYTES]
              --handoff     %s (default blocking)
              --miners      1..1024 miner processes (default 16)
              --difficulty  leading zero bits of a coin's SHA-512, 0..%d (default %d)
              --seed        the work's seed, 0..2^63-1 (default 1): the same seed gives the same coins
              --rounds      1..1000000 rounds, one coin per miner each (default 1)
              --trace       write one record per coin: CSV, or JSON lines if FILE ends in .jsonl
              --stream      instead of rounds, every miner mines COUNT coins (1..100000000) back to back
              --payload     bytes carried by every coin, 0..1048576 (default 0)
              --batch       stream: coins per write or ring publish, 1..1024 (default 1)
              --pace        stream: at most one coin per NS nanoseconds per miner (default 0: flat out)
              --parent      jvm (default) or native: the C reference parent, the floor the JVM is measured against
              --timeout     seconds a round may take before it fails, 1..86400 (default 600)
            """;

    private Bytecoin() {
    }

    public static void main(String[] argv) {
        Main.exit(PROGRAM, () -> run(argv, System.out));
    }

    static int run(String[] argv, PrintStream out) throws Exception {
        Args a = Args.parse(argv, Set.of("handoff", "miners", "difficulty", "seed", "rounds", "trace", "timeout",
                "stream", "payload", "batch", "pace", "parent"), Set.of("help"));
        if (a.has("help")) {
            out.print(USAGE.formatted(String.join("|", Handoffs.names()), MAX_DIFFICULTY, DEFAULT_DIFFICULTY));
            return 0;
        }
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument: " + a.positional().get(0));
        }
        String handoffName = a.choice("handoff", "blocking", Handoffs.names());
        String parent = a.choice("parent", "jvm", List.of("jvm", "native"));
        int miners = (int) a.integer("miners", 16, MinerPool.MIN_MINERS, MinerPool.MAX_MINERS);
        int difficulty = (int) a.integer("difficulty", DEFAULT_DIFFICULTY, 0, MAX_DIFFICULTY);
        long seed = a.integer("seed", 1, 0, Long.MAX_VALUE);
        long rounds = a.integer("rounds", 1, 1, 1_000_000);
        long stream = a.integer("stream", 0, 1, 100_000_000);
        int payload = (int) a.integer("payload", 0, 0, CoinLayout.MAX_PAYLOAD);
        int batch = (int) a.integer("batch", 1, 1, CoinLayout.MAX_BATCH);
        long paceNs = a.integer("pace", 0, 0, 1_000_000_000L);
        long timeoutSeconds = a.integer("timeout", 600, 1, 86_400);
        if (a.has("stream") && a.has("rounds")) {
            throw new UsageException("--stream and --rounds exclude each other: a stream is one long round");
        }
        if (!a.has("stream") && (a.has("batch") || a.has("pace"))) {
            throw new UsageException("--batch and --pace apply to --stream only");
        }
        if (parent.equals("native")) {
            return NativeParent.run(argv, timeoutSeconds); // the C parent checks its --trace itself, first
        }
        // Two pipe ends per miner held for the run, the spawn's few in flight, the JVM's own.
        checkDescriptors("--miners " + miners, FdLimit.openNow() + 2L * miners + 64);
        long timeoutNanos = timeoutSeconds * 1_000_000_000L;
        int cores = Runtime.getRuntime().availableProcessors();
        // The trace file is opened before any miner is spawned: a path it cannot write is bad
        // input, said at once, not after the whole run.
        try (TraceWriter trace = a.has("trace") ? openTrace(a.string("trace", null)) : null) {
            if (a.has("stream")) {
                return runStream(out, handoffName, miners, difficulty, seed, timeoutNanos, cores,
                        new Streams.Spec(0, difficulty, stream, payload, batch, paceNs, true), trace);
            }
            return runRounds(out, handoffName, miners, difficulty, seed, rounds, payload, timeoutNanos, cores, trace);
        }
    }

    /** Refuses a run the descriptor limit cannot hold, before anything is opened (raising the soft limit if that suffices). */
    static void checkDescriptors(String what, long need) {
        String why = FdLimit.ensure(need);
        if (why != null) {
            throw new UsageException(what + " " + why);
        }
    }

    /** Opens the --trace file, or a UsageException naming the path and why it cannot be written. */
    static TraceWriter openTrace(String value) {
        String why;
        try {
            if (value.isEmpty()) {
                why = "an empty path";
            } else if (Files.isDirectory(Path.of(value))) {
                why = "it is a directory";
            } else {
                return new TraceWriter(Path.of(value));
            }
        } catch (InvalidPathException e) {
            why = e.getReason();
        } catch (FileAlreadyExistsException e) {
            why = e.getFile() + " is not a directory"; // createDirectories met a file on the way
        } catch (NoSuchFileException e) {
            why = "no such file or directory: " + e.getFile();
        } catch (AccessDeniedException e) {
            why = "permission denied: " + e.getFile();
        } catch (FileSystemException e) {
            why = e.getReason() != null ? e.getReason() : e.toString();
        } catch (IOException e) {
            why = e.toString();
        }
        throw new UsageException("--trace must be a file it can write: --trace=" + (value.isEmpty() ? "''" : value)
                + " (" + why + ")");
    }

    private static int runRounds(PrintStream out, String handoffName, int miners, int difficulty, long seed,
                                 long rounds, int payload, long timeoutNanos, int cores, TraceWriter trace)
            throws Exception {
        // a fixed memory budget whatever the run's length: exact samples, then a histogram
        Samples makespans = new Samples();
        Samples delays = new Samples();
        try (MinerPool pool = MinerPool.spawn(miners, CoinLayout.ringCapacityFor(payload));
             Handoff handoff = Handoffs.create(handoffName)) {
            Rounds runner = new Rounds(pool, handoff, seed, timeoutNanos, payload);
            SyscallCounts.Snapshot before = SyscallCounts.snapshot();
            for (long r = 0; r < rounds; r++) {
                RoundResult result = runner.run(r, difficulty, (miner, coin) -> {
                    out.println("Mining " + miner + " done, cha-ching!");
                    out.flush();
                });
                makespans.add(result.makespanNs());
                for (Coin c : result.coins()) {
                    delays.add(c.cashInDelayNs());
                }
                if (trace != null) {
                    trace.write(handoffName, result);
                }
            }
            SyscallCounts.report(before, delays.count());
        }
        out.printf("%d coin%s from %d miner%s in %d round%s, hand-off %s, difficulty %d bits, %d cores: "
                        + "median makespan %s, median cash-in delay %s%s%n",
                delays.count(), plural(delays.count()), miners, plural(miners), rounds, plural(rounds), handoffName, difficulty,
                cores, duration(makespans.percentile(50)), duration(delays.percentile(50)), delays.describe());
        return 0;
    }

    /** A stream prints no line per coin (there may be millions), only its summary. */
    private static int runStream(PrintStream out, String handoffName, int miners, int difficulty, long seed,
                                 long timeoutNanos, int cores, Streams.Spec spec, TraceWriter trace) throws Exception {
        Samples delays = new Samples();
        Streams.Result r;
        try (MinerPool pool = MinerPool.spawn(miners, CoinLayout.ringCapacityFor(spec.payloadLength()));
             Handoff handoff = Handoffs.create(handoffName)) {
            Streams streams = new Streams(pool, handoff, seed, timeoutNanos);
            SyscallCounts.Snapshot before = SyscallCounts.snapshot();
            r = streams.run(spec, (miner, coin) -> {
                if (trace != null) {
                    trace.write(handoffName, streams.startNs(), coin);
                }
                delays.add(coin.cashInDelayNs());
            });
            SyscallCounts.report(before, r.coins());
        }
        out.printf("%d coin%s from %d miner%s in a stream, hand-off %s, difficulty %d bits, payload %d bytes, batch %d, "
                        + "%d cores: %.0f coins/s, %.1f MB/s, median cash-in delay %s%s%n",
                r.coins(), plural(r.coins()), miners, plural(miners), handoffName, difficulty, spec.payloadLength(), spec.batch(), cores,
                r.coinsPerSecond(), r.megabytesPerSecond(), duration(delays.percentile(50)), delays.describe());
        return 0;
    }

    /** "s" unless there is exactly one: "1 coin from 1 miner in 1 round". */
    static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    /** Nanoseconds in the unit a reader takes in at a glance. */
    static String duration(long ns) {
        if (ns >= 1_000_000_000L) {
            return String.format("%.3f s", ns / 1e9);
        }
        if (ns >= 1_000_000L) {
            return String.format("%.2f ms", ns / 1e6);
        }
        return String.format("%.1f us", ns / 1e3);
    }
}

package io.chaching.cli;

import io.chaching.args.Spec;
import io.chaching.handoff.Handoff;
import io.chaching.handoff.Handoffs;
import io.chaching.coins.Coin;
import io.chaching.coins.CoinLayout;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.RoundResult;
import io.chaching.rounds.Rounds;
import io.chaching.rounds.Streams;
import io.chaching.rounds.TraceWriter;
import io.chaching.stats.Samples;
import io.chaching.sys.Binding;
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

/**
 * {@code bytecoin}: the lab's program. Spawns the miners, runs rounds through one hand-off and
 * prints "Mining I done, cha-ching!" the moment each coin is cashed in.
 */
public final class Bytecoin {
    static final String PROGRAM = "bytecoin";
    /** About 0.2-2 s for a round of 16 miners on this 2-core machine (see README). */
    public static final int DEFAULT_DIFFICULTY = 20;
    public static final int MAX_DIFFICULTY = 40;
    /** At most this many coins in one run (miners x rounds, or miners x stream): the C parent keeps a record of each. */
    public static final long MAX_COINS = 1L << 31;

    /**
     * Every option and its range, the one place they are written on the Java side: the JVM parent
     * checks them, {@link NativeParent} forwards the checked values, and {@code NativeRangesTest}
     * holds the C parent to the same ranges at each bound and one beyond.
     */
    static final Spec SPEC = new Spec(PROGRAM, """
            [--handoff NAME] [--miners N] [--difficulty BITS] [--seed S] [--rounds R]
                            [--trace FILE] [--timeout SECONDS] [--parent jvm|native] [--binding jna|ffm]
                            [--stream COUNT [--batch B] [--pace NS] [--premined] [--verify digests|headers]]
                            [--payload BYTES]""")
            .option("handoff", "NAME", Spec.Kind.oneOf(Handoffs.names()), "blocking", "how coins travel to the parent")
            .option("parent", "jvm|native", Spec.Kind.oneOf(List.of("jvm", "native")), "jvm",
                    "native: the C reference parent, the floor the JVM is measured against")
            .option("binding", String.join("|", Binding.NAMES), Spec.Kind.oneOf(Binding.NAMES), Binding.JNA,
                    "how the JVM parent's hot path calls libc: JNA, or FFM downcalls (JDK " + Binding.FFM_JDK
                    + "+, a build made with one)")
            .option("miners", "N", Spec.Kind.integer(MinerPool.MIN_MINERS, MinerPool.MAX_MINERS), 16L, "miner processes")
            .option("difficulty", "BITS", Spec.Kind.integer(0, MAX_DIFFICULTY), (long) DEFAULT_DIFFICULTY,
                    "leading zero bits of a coin's SHA-512")
            .option("seed", "S", Spec.Kind.integer(0, Long.MAX_VALUE), 1L,
                    "the work's seed: the same seed gives the same coins")
            .option("rounds", "R", Spec.Kind.integer(1, 1_000_000), 1L, "rounds, one coin per miner each")
            .option("stream", "COUNT", Spec.Kind.integer(1, 100_000_000), null,
                    "instead of rounds, every miner mines COUNT coins back to back")
            .option("payload", "BYTES", Spec.Kind.integer(0, CoinLayout.MAX_PAYLOAD), 0L, "bytes carried by every coin")
            .option("batch", "B", Spec.Kind.integer(1, CoinLayout.MAX_BATCH), 1L, "stream: coins per write or ring publish")
            .option("pace", "NS", Spec.Kind.integer(0, 1_000_000_000L), 0L,
                    "stream: at most one coin per NS nanoseconds per miner (default 0: flat out)")
            .flag("premined", "stream: the miners hand off coins they mined before it (at most "
                    + CoinLayout.MAX_PREMINED + " a miner), so that the hand-off, not the mining, bounds it")
            .option("verify", "digests|headers", Spec.Kind.oneOf(List.of("digests", "headers")), "digests",
                    "stream: recompute every coin's digest, or check its header only (magic, miner, round, order,"
                    + " payload checksum, exactly once)")
            .option("timeout", "SECONDS", Spec.Kind.integer(1, 86_400), 600L, "seconds a round may take before it fails")
            .option("trace", "FILE", Spec.Kind.path(), null,
                    "write one record per coin: CSV, or JSON lines if FILE ends in .jsonl")
            .epilogue("""
                    A run is at most 2^31 coins: --miners x --rounds, or --miners x --stream.
                    With --parent native these options, checked here, go to the C parent
                    (native/target/bin/cparent), which takes --warmup W and --ring-capacity BYTES besides:
                    native/target/bin/cparent --help lists them.""");

    /** A checked command line: what a run of either parent does. {@code stream} is 0 for rounds, {@code trace} null for none. */
    record Settings(String handoff, String parent, String binding, int miners, int difficulty, long seed, long rounds, long stream,
                    int payload, int batch, long paceNs, long timeoutSeconds, String trace, boolean premined,
                    boolean verifyDigests) {
    }

    private Bytecoin() {
    }

    public static void main(String[] argv) {
        Main.exit(PROGRAM, () -> run(argv, System.out));
    }

    /** The settings {@code a} asks for, or a UsageException with one line saying what is wrong. */
    static Settings settings(Spec.Parsed a) {
        if (a.has("stream") && a.has("rounds")) {
            throw new UsageException("--stream and --rounds exclude each other: a stream is one long round");
        }
        if (!a.has("stream") && (a.has("batch") || a.has("pace"))) {
            throw new UsageException("--batch and --pace apply to --stream only");
        }
        if (!a.has("stream") && a.has("verify")) {
            throw new UsageException("--verify applies to --stream only");
        }
        if (!a.has("stream") && a.flag("premined")) {
            throw new UsageException("--premined applies to --stream only");
        }
        if (a.flag("premined") && a.integer("stream") > CoinLayout.MAX_PREMINED) {
            throw new UsageException("--stream must be at most " + CoinLayout.MAX_PREMINED + " with --premined: --stream="
                    + a.integer("stream"));
        }
        if (!Handoffs.runsIn(a.string("handoff"), a.string("parent"))) {
            throw new UsageException("--handoff " + a.string("handoff") + " has no C parent: with --parent native,"
                    + " --handoff must be one of " + String.join(", ", Handoffs.inCParent()));
        }
        if (a.string("binding").equals(Binding.FFM)) {
            if (a.string("parent").equals("native")) {
                throw new UsageException("--binding ffm applies to --parent jvm only: the C parent calls libc itself");
            }
            String why = Binding.problem(Binding.FFM);
            if (why != null) {
                throw new UsageException("--" + why);
            }
        }
        int miners = (int) a.integer("miners");
        long stream = a.has("stream") ? a.integer("stream") : 0;
        long perMiner = a.has("stream") ? stream : a.integer("rounds");
        if (perMiner > MAX_COINS / miners) {
            String what = a.has("stream") ? "--stream" : "--rounds";
            throw new UsageException(what + " must be at most " + MAX_COINS / miners + " with --miners " + miners
                    + " (at most " + MAX_COINS + " coins in a run): " + what + "=" + perMiner);
        }
        return new Settings(a.string("handoff"), a.string("parent"), a.string("binding"), miners, (int) a.integer("difficulty"),
                a.integer("seed"), a.integer("rounds"), stream, (int) a.integer("payload"), (int) a.integer("batch"),
                a.integer("pace"), a.integer("timeout"), a.string("trace"), a.flag("premined"),
                a.string("verify").equals("digests"));
    }

    static Settings settings(String... argv) {
        Spec.Parsed a = Args.parse(SPEC, argv);
        if (a.help()) {
            throw new IllegalArgumentException("--help asks for no settings");
        }
        return settings(a);
    }

    static int run(String[] argv, PrintStream out) throws Exception {
        return SPEC.run(argv, out, Args::refused, a -> run(settings(a), out));
    }

    private static int run(Settings s, PrintStream out) throws Exception {
        if (s.parent().equals("native")) {
            return NativeParent.run(s); // the C parent checks its --trace itself, first
        }
        Binding.use(s.binding()); // before the first system call of the hand-off
        String handoffName = s.handoff();
        int miners = s.miners();
        int difficulty = s.difficulty();
        long seed = s.seed();
        // Three ends per miner held for the run (command pipe, coin pipe, socket), the spawn's few
        // in flight, the JVM's own.
        checkDescriptors("--miners " + miners, FdLimit.openNow() + 3L * miners + 64);
        long timeoutNanos = s.timeoutSeconds() * 1_000_000_000L;
        int cores = Runtime.getRuntime().availableProcessors();
        // The trace file is opened before any miner is spawned: a path it cannot write is bad
        // input, said at once, not after the whole run.
        try (TraceWriter trace = s.trace() != null ? openTrace(s.trace()) : null) {
            if (s.stream() > 0) {
                return runStream(out, handoffName, miners, difficulty, seed, timeoutNanos, cores,
                        new Streams.Spec(0, difficulty, s.stream(), s.payload(), s.batch(), s.paceNs(), s.verifyDigests(),
                                s.premined()), trace);
            }
            return runRounds(out, handoffName, miners, difficulty, seed, s.rounds(), s.payload(), timeoutNanos, cores,
                    trace);
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
        try (MinerPool pool = MinerPool.spawn(miners, CoinLayout.ringCapacityFor(payload), Handoffs.ends(handoffName));
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
        try (MinerPool pool = MinerPool.spawn(miners, CoinLayout.ringCapacityFor(spec.payloadLength()),
                Handoffs.ends(handoffName));
             Handoff handoff = Handoffs.create(handoffName)) {
            Streams streams = new Streams(pool, handoff, seed, timeoutNanos);
            SyscallCounts.Snapshot before = SyscallCounts.snapshot();
            r = streams.run(spec, (miner, coin) -> {
                if (trace != null) {
                    trace.write(handoffName, streams.startNs(), coin.toCoin());
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

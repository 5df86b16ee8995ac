package io.chaching.cli;

import io.chaching.args.Spec;
import io.chaching.sys.FdLimit;
import io.chaching.sys.Unistd;
import java.io.PrintStream;

/**
 * {@code sha512-zeroes ZEROS PROCS}: the SHA512 race of 001_76d804e248b8b630.txt, with native
 * miner processes. Prints the answer exactly as the document's Python does; progress goes to
 * stderr, and only when stderr is a terminal and the search has run a couple of seconds.
 */
public final class Sha512Zeroes {
    static final String PROGRAM = "sha512-zeroes";
    static final Spec SPEC = new Spec(PROGRAM, "ZEROS PROCS [--timeout SECONDS]")
            .positional("ZEROS", Spec.Kind.integer(ZeroesRace.MIN_ZEROS, ZeroesRace.MAX_ZEROS),
                    "leading hex zeros of the SHA-512 digest")
            .positional("PROCS", Spec.Kind.integer(ZeroesRace.MIN_PROCS, ZeroesRace.MAX_PROCS), "miner processes")
            .option("timeout", "SECONDS", Spec.Kind.integer(1, 86_400),
                    ZeroesRace.DEFAULT_TIMEOUT_NANOS / 1_000_000_000L,
                    "seconds the search may wait on the next chunk in line before it fails naming the miner")
            .epilogue("Prints (ZEROS, N, 'digest') for the smallest integer N whose decimal string has such a digest.");
    private static final long PROGRESS_AFTER_NS = 2_000_000_000L;
    private static final long PROGRESS_EVERY_NS = 500_000_000L;

    private Sha512Zeroes() {
    }

    public static void main(String[] argv) {
        Main.exit(PROGRAM, () -> run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        return SPEC.run(argv, out, Args::refused, a -> race(a, out, err));
    }

    private static int race(Spec.Parsed a, PrintStream out, PrintStream err) throws Exception {
        int zeros = (int) a.integer("ZEROS");
        int procs = (int) a.integer("PROCS");
        long timeoutSeconds = a.integer("timeout");
        // a pipe's read end per miner, the start pipe, the spawn's few in flight, the JVM's own
        Bytecoin.checkDescriptors("PROCS " + procs, FdLimit.openNow() + procs + 64L);
        boolean terminal = Unistd.isatty(2) == 1;
        ZeroesRace.Result result;
        try (ZeroesRace race = new ZeroesRace()) {
            result = race.run(zeros, procs, !terminal ? null : p -> {
                if (p.elapsedNs() >= PROGRESS_AFTER_NS) {
                    double s = p.elapsedNs() / 1e9;
                    err.printf("\r%,d nonces tried, %.1f M/s, %.1f s elapsed ", p.hashed(), p.hashed() / s / 1e6, s);
                    err.flush();
                }
            }, PROGRESS_EVERY_NS, timeoutSeconds * 1_000_000_000L);
        }
        if (terminal && result.elapsedNs() >= PROGRESS_AFTER_NS) {
            err.print("\r\033[K");
            err.flush();
        }
        out.println(result.pythonTuple());
        return 0;
    }
}

package io.chaching.cli;

import io.chaching.sys.NativeBinaries;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.ExitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bytecoin --parent native}: runs the C reference parent with the same options, on this
 * terminal (it inherits stdin, stdout and stderr), and exits as it does.
 *
 * <p>The C parent applies {@code --timeout} to its own rounds, but a C parent that is stopped
 * (SIGSTOP, SIGTSTP) applies nothing: so the JVM watches it too, and a C parent that stays
 * stopped for longer than the timeout is killed (its miners die with it, PR_SET_PDEATHSIG) and
 * named. The C parent dies with the JVM in the same way.
 */
final class NativeParent {
    private NativeParent() {
    }

    /** How often the JVM looks at the C parent's state while it runs. */
    private static final long WATCH_NANOS = 100_000_000L;

    /**
     * The C parent's command line for {@code s}: every value as the JVM resolved it, defaults
     * included, each as {@code --name value}, so the C parent runs exactly what the JVM parent would.
     */
    static List<String> command(Bytecoin.Settings s) {
        List<String> cmd = new ArrayList<>(List.of(NativeBinaries.program("cparent").toString(),
                "--miner", NativeBinaries.program("miner").toString(),
                "--handoff", s.handoff(), "--miners", Integer.toString(s.miners()),
                "--difficulty", Integer.toString(s.difficulty()), "--seed", Long.toString(s.seed()),
                "--payload", Integer.toString(s.payload()), "--timeout", Long.toString(s.timeoutSeconds())));
        if (s.stream() > 0) {
            cmd.addAll(List.of("--stream", Long.toString(s.stream()), "--batch", Integer.toString(s.batch()),
                    "--pace", Long.toString(s.paceNs()), "--verify", s.verifyDigests() ? "digests" : "headers"));
            if (s.premined()) {
                cmd.add("--premined");
            }
            cmd.add("--quiet"); // as the JVM parent: a stream prints its summary, not a line per coin
        } else {
            cmd.addAll(List.of("--rounds", Long.toString(s.rounds())));
        }
        if (s.trace() != null) {
            cmd.add("--trace=" + s.trace()); // one argument, whatever the name looks like
        }
        return cmd;
    }

    static int run(Bytecoin.Settings s) throws Exception {
        List<String> cmd = command(s);
        long timeoutSeconds = s.timeoutSeconds();
        System.out.flush();
        try (ChildProcess c = ChildProcess.spawn("cparent", cmd, Map.of())) {
            ExitStatus status = watch(c, timeoutSeconds * 1_000_000_000L);
            if (status.signaled()) {
                throw new IllegalStateException("the native parent " + status);
            }
            return status.exitCode();
        }
    }

    /** Waits for the C parent to end; kills it if it stays stopped longer than {@code timeoutNanos}. */
    static ExitStatus watch(ChildProcess c, long timeoutNanos) throws IOException {
        long stoppedSince = 0;
        boolean stopped = false;
        while (true) {
            ExitStatus status = c.waitFor(WATCH_NANOS);
            if (status != null) {
                return status;
            }
            char state = state(c.pid());
            long now = System.nanoTime();
            if (state == 'T' || state == 't') {
                if (!stopped) {
                    stopped = true;
                    stoppedSince = now;
                } else if (now - stoppedSince >= timeoutNanos) {
                    c.kill();
                    throw new IllegalStateException("the native parent (pid " + c.pid() + ") was stopped for "
                            + (now - stoppedSince) / 1_000_000_000L + " s, longer than --timeout "
                            + timeoutNanos / 1_000_000_000L + ": killed it (its miners die with it)");
                }
            } else {
                stopped = false;
            }
        }
    }

    /** The state letter of /proc/PID/stat (R, S, D, T, t, Z, ...), or '?' if it cannot be read. */
    static char state(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException e) {
            return '?';
        }
    }
}

package io.chaching.bench;

import com.sun.jna.Memory;
import io.chaching.sys.NativeBinaries;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.ExitStatus;
import io.chaching.sys.SyscallException;
import io.chaching.sys.Wait;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * The lab's "fork": what it costs a parent to start a child process and reap it. The child is
 * `miner --noop`, the miner binary exiting 0 at once, so one operation is process creation,
 * exec of the miner (dynamic loader included), its exit, and the parent's wait. The wait is part
 * of the operation: a spawn never waited for leaves a zombie, and thousands a second of those
 * fill the process table and skew every later spawn.
 *
 * spawner=jvm-posix_spawn is how this suite starts miners: posix_spawn(3) through JNA
 * (ChildProcess), with every descriptor above 2 closed, handed to ChildProcess's one spawner
 * thread (that thread hop is in the time). ChildProcess.waitFor polls with growing sleeps, which
 * would measure the sleeps; instead waitid(WEXITED | WNOWAIT) blocks until the child has exited
 * without reaping it, and ChildProcess.poll() then reaps it, so ChildProcess still owns the pid.
 *
 * spawner=jvm-processbuilder is what a plain Java program does: ProcessBuilder, stdin inherited,
 * stdout and stderr discarded, start().waitFor(). Trap: on Linux that is not fork either. This
 * JDK (17) posix_spawns (glibc: clone3 with CLONE_VM | CLONE_VFORK) the helper lib/jspawnhelper,
 * which then execs the miner: two execs per spawn (`strace -f -e trace=execve,clone3` shows both;
 * -Djdk.lang.Process.launchMechanism=FORK or VFORK selects the old ways). Its time also holds
 * opening /dev/null for each discarded stream and the exit passing through the JDK's "process
 * reaper" thread.
 *
 * spawner=c-fork, c-vfork, c-posix_spawn are the same spawns made by the C program spawnbench
 * --serve, started once per trial: fork() + execv, vfork() + execv, posix_spawn (on glibc a clone3
 * with CLONE_VM | CLONE_VFORK, like vfork but on a stack of its own). fork copies the parent's
 * page tables, so it costs in proportion to the parent's mappings: little from a small C program,
 * much from a JVM with a large heap, which is one reason the JVM never forks (DESIGN.md).
 *
 * spawnbench times its spawns itself (CLOCK_MONOTONIC), but JMH times the whole call, including
 * a command round trip through two pipes (up to ~100 us here). So every call makes SPAWNS
 * spawns one after another, for every spawner alike, and @OperationsPerInvocation divides by
 * SPAWNS: the round trip adds a few microseconds to a spawn of hundreds. Elsewhere in the suite
 * no process is ever spawned inside a measured call; here the spawn is the measured operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(SpawnBenchmark.SPAWNS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class SpawnBenchmark {
    static final int SPAWNS = 16;

    @Param({"jvm-posix_spawn", "jvm-processbuilder", "c-fork", "c-vfork", "c-posix_spawn"})
    public String spawner;

    private List<String> noop;
    private ProcessBuilder builder;
    private SpawnServer server;
    private String method;
    private final Memory siginfo = new Memory(Wait.SIGINFO_LENGTH);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        noop = List.of(NativeBinaries.program("miner").toString(), "--noop");
        switch (spawner) {
            case "jvm-posix_spawn" -> { }
            case "jvm-processbuilder" -> builder = new ProcessBuilder(noop).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            case "c-fork", "c-vfork", "c-posix_spawn" -> {
                method = spawner.substring("c-".length());
                server = SpawnServer.start(noop);
            }
            default -> throw new IllegalArgumentException(
                    "spawner must be jvm-posix_spawn, jvm-processbuilder, c-fork, c-vfork or c-posix_spawn: spawner=" + spawner);
        }
    }

    /** SPAWNS spawns of {@code miner --noop}, each reaped before the next starts. */
    @Benchmark
    public long spawn() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long pids = 0;
        if (server != null) {
            pids = server.spawn(method, SPAWNS);
        } else {
            for (int i = 0; i < SPAWNS; i++) {
                pids += builder != null ? processBuilder() : posixSpawn();
            }
        }
        SampleLog.add("op", "us", (System.nanoTime() - t0) / 1e3 / SPAWNS);
        return pids;
    }

    private long posixSpawn() throws SyscallException {
        try (ChildProcess child = ChildProcess.spawn("noop", noop, Map.of())) {
            Wait.awaitExit(child.pid(), siginfo);
            ExitStatus s = child.poll();
            if (s == null || !s.exited() || s.exitCode() != 0) {
                throw new IllegalStateException("miner --noop did not exit 0: it " + s);
            }
            return child.pid();
        }
    }

    private long processBuilder() throws IOException, InterruptedException {
        Process p = builder.start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException("miner --noop did not exit 0: exit value " + code);
        }
        return p.pid();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * {@code spawnbench --serve PROGRAM ARGS...} kept running for a trial: one command line in,
     * one answer line out (native/src/spawnbench.c). Started with ProcessBuilder: it is spawned
     * once, outside every measured call, and its pipes are read line by line.
     */
    static final class SpawnServer implements AutoCloseable {
        private final Process process;
        private final BufferedWriter commands;
        private final BufferedReader replies;

        private SpawnServer(Process process) {
            this.process = process;
            this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII));
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        }

        static SpawnServer start(List<String> program) throws IOException {
            List<String> argv = new ArrayList<>(List.of(NativeBinaries.program("spawnbench").toString(), "--serve"));
            argv.addAll(program);
            SpawnServer s = new SpawnServer(new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            try {
                String ready = s.replies.readLine();
                if (ready == null || !ready.startsWith("ready ")) {
                    throw new IOException("spawnbench --serve did not start: " + ready);
                }
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            return s;
        }

        long pid() {
            return process.pid();
        }

        /** Sends one command line; its answer, an {@code error ...} line included. */
        String request(String command) throws IOException {
            commands.write(command);
            commands.write('\n');
            commands.flush();
            String reply = replies.readLine();
            if (reply == null) {
                throw new IOException("spawnbench " + process.pid() + " ended without answering: " + command);
            }
            return reply;
        }

        /** {@code n} spawns by {@code method}, each reaped; the nanoseconds spawnbench measured for all. */
        long spawn(String method, int n) throws IOException {
            String reply = request("spawn " + method + " " + n);
            String expect = "spawn " + method + " " + n + " total_ns=";
            if (!reply.startsWith(expect)) {
                throw new IOException("spawnbench: " + reply);
            }
            return Long.parseLong(reply.substring(expect.length()));
        }

        /** EOF on its stdin ends it; killed if it has not ended within 5 s; always waited for. */
        @Override
        public void close() throws IOException {
            try {
                commands.close();
            } finally {
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                } finally {
                    replies.close();
                }
            }
        }
    }
}

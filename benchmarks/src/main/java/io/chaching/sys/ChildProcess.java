package io.chaching.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A child started with posix_spawn(3), with chosen descriptors at fixed numbers and nothing
 * else inherited; or with {@link ProcessBuilder} ({@link #start}), the JDK's way, with stdin,
 * stdout and stderr only. Owns the pid until it is reaped: {@link #close()} kills and reaps
 * whatever is still running, so no child outlives its owner.
 *
 * <p>The JDK reaps a ProcessBuilder child itself (its "process reaper" thread waits for it), so
 * for one of those this class never calls waitpid: it asks the {@link Process} instead.
 */
public final class ChildProcess implements AutoCloseable {
    // glibc x86-64: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128;
    // the allocations leave room to spare.
    private static final int FILE_ACTIONS_BYTES = 256;
    private static final int SPAWNATTR_BYTES = 1024;
    private static final int SIGSET_BYTES = 256;
    private static final Pointer ENVIRON = CLibrary.LIBRARY.getGlobalVariableAddress("environ").getPointer(0);
    private static final com.sun.jna.Function CLOSEFROM = CLibrary.lookup("posix_spawn_file_actions_addclosefrom_np");

    private final int pid;
    private final String name;
    private final Process jdk; // a ProcessBuilder child, or null
    private ExitStatus status;

    private ChildProcess(int pid, String name, Process jdk) {
        this.pid = pid;
        this.name = name;
        this.jdk = jdk;
    }

    /*
     * A child that asks for PR_SET_PDEATHSIG (every miner does) is killed when the *thread* that
     * spawned it ends, not the process. JMH and JUnit run setup on threads that come and go, so
     * every child is spawned from this one daemon thread, which lives as long as the JVM.
     */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "child-spawner");
        t.setDaemon(true);
        return t;
    });

    /**
     * Spawns {@code argv[0]} with {@code fds} (source descriptor to number in the child) and
     * every other descriptor closed, an empty signal mask and default signal handlers.
     */
    public static ChildProcess spawn(String name, List<String> argv, Map<Fd, Integer> fds) throws SyscallException {
        try {
            return onSpawner(() -> spawnHere(name, argv, fds), "posix_spawn(" + argv.get(0) + ")");
        } catch (SyscallException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code builder}'s command with {@link ProcessBuilder#start()}, on the same spawner
     * thread as {@link #spawn} (PR_SET_PDEATHSIG: the JDK spawns from the calling thread). Its
     * streams are the caller's to close: {@link #jdkProcess()}.
     */
    public static ChildProcess start(String name, ProcessBuilder builder) throws IOException {
        try {
            return onSpawner(() -> {
                Process p = builder.start();
                return new ChildProcess((int) p.pid(), name, p);
            }, "ProcessBuilder.start(" + builder.command().get(0) + ")");
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChildProcess onSpawner(Callable<ChildProcess> spawn, String call) throws Exception {
        Future<ChildProcess> f = SPAWNER.submit(spawn);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The spawn still completes on the spawner thread; reap whatever it started.
            try {
                f.get().kill();
            } catch (Exception ignored) {
                // nothing was started
            }
            throw new SyscallException(call + " interrupted", Errno.EINTR);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ChildProcess spawnHere(String name, List<String> argv, Map<Fd, Integer> fds) throws SyscallException {
        Memory actions = new Memory(FILE_ACTIONS_BYTES);
        Memory attr = new Memory(SPAWNATTR_BYTES);
        Memory mask = new Memory(SIGSET_BYTES);
        Memory defaults = new Memory(SIGSET_BYTES);
        checkSpawn(Spawn.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            checkSpawn(Spawn.posix_spawnattr_init(attr), "posix_spawnattr_init");
            try {
                int highest = 2;
                for (Map.Entry<Fd, Integer> e : fds.entrySet()) {
                    // dup2 onto itself would keep O_CLOEXEC, and the child would lose the fd.
                    if (e.getKey().fd() == e.getValue()) {
                        throw new IllegalArgumentException("source fd equals target: fd=" + e.getValue());
                    }
                    checkSpawn(Spawn.posix_spawn_file_actions_adddup2(actions, e.getKey().fd(), e.getValue()),
                            "posix_spawn_file_actions_adddup2(" + e.getKey().fd() + ", " + e.getValue() + ")");
                    highest = Math.max(highest, e.getValue());
                }
                if (CLOSEFROM != null) {
                    // The JVM opens some files without O_CLOEXEC; a miner must hold only its own channels.
                    checkSpawn(CLOSEFROM.invokeInt(new Object[] {actions, highest + 1}),
                            "posix_spawn_file_actions_addclosefrom_np");
                }
                Signal.sigemptyset(mask);
                Signal.sigemptyset(defaults);
                for (int sig : new int[] {Signal.SIGPIPE, Signal.SIGINT, Signal.SIGTERM, Signal.SIGHUP, Signal.SIGQUIT}) {
                    Signal.sigaddset(defaults, sig);
                }
                checkSpawn(Spawn.posix_spawnattr_setsigmask(attr, mask), "posix_spawnattr_setsigmask");
                checkSpawn(Spawn.posix_spawnattr_setsigdefault(attr, defaults), "posix_spawnattr_setsigdefault");
                checkSpawn(Spawn.posix_spawnattr_setflags(attr, (short) (Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSIGDEF)),
                        "posix_spawnattr_setflags");
                StringArray args = new StringArray(argv.toArray(new String[0]));
                int[] pid = new int[1];
                int err = Spawn.posix_spawn(pid, argv.get(0), actions, attr, args, ENVIRON);
                if (err != 0) {
                    throw new SyscallException("posix_spawn(" + argv.get(0) + ")", err);
                }
                return new ChildProcess(pid[0], name, null);
            } finally {
                Spawn.posix_spawnattr_destroy(attr);
            }
        } finally {
            Spawn.posix_spawn_file_actions_destroy(actions);
        }
    }

    private static void checkSpawn(int err, String call) throws SyscallException {
        if (err != 0) {
            throw new SyscallException(call, err);
        }
    }

    public int pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    /** The JDK's handle of a child {@link #start} started (its streams, its exit), or IllegalStateException. */
    public Process jdkProcess() {
        if (jdk == null) {
            throw new IllegalStateException(this + " was started with posix_spawn: it has no java.lang.Process");
        }
        return jdk;
    }

    /** Sends a signal; a child already reaped is left alone (its pid may belong to another process now). */
    public synchronized void signal(int sig) throws SyscallException {
        // a ProcessBuilder child the JDK has reaped is not alive (the window between its waitpid and
        // isAlive turning false is Process.destroy's own)
        if (status == null && (jdk == null || jdk.isAlive())) {
            SyscallException.check(Signal.kill(pid, sig), "kill(pid=" + pid + ", " + sig + ")");
        }
    }

    /** The exit status if the child has ended (reaping it), or null while it runs. */
    public synchronized ExitStatus poll() throws SyscallException {
        if (status == null && jdk != null) {
            if (!jdk.isAlive()) {
                status = ExitStatus.ofExitValue(jdk.exitValue());
            }
        } else if (status == null) {
            int[] st = new int[1];
            if (Wait.reap(pid, st, Wait.WNOHANG) == pid) {
                status = ExitStatus.of(st[0]);
            }
        }
        return status;
    }

    /** Waits up to {@code timeoutNanos} for the child to end; null if it still runs. */
    public ExitStatus waitFor(long timeoutNanos) throws SyscallException {
        if (jdk != null) {
            try {
                jdk.waitFor(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return poll();
        }
        long deadline = System.nanoTime() + timeoutNanos;
        long pauseNanos = 50_000;
        ExitStatus s;
        while ((s = poll()) == null && System.nanoTime() - deadline < 0) {
            // waitpid has no timeout; a short, growing pause keeps this off the CPU the miners need.
            try {
                TimeUnit.NANOSECONDS.sleep(pauseNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return poll();
            }
            pauseNanos = Math.min(pauseNanos * 2, 5_000_000);
        }
        return s;
    }

    /** Kills (SIGKILL) and reaps; returns the exit status, which says if it had already ended. */
    public ExitStatus kill() throws SyscallException {
        ExitStatus s = poll();
        if (s != null) {
            return s;
        }
        if (jdk != null) {
            jdk.destroyForcibly(); // SIGKILL
            boolean interrupted = false;
            while (true) {
                try {
                    jdk.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // SIGKILL ends it soon: reap it first
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return poll();
        }
        signal(Signal.SIGKILL);
        synchronized (this) {
            if (status == null) {
                int[] st = new int[1];
                Wait.reap(pid, st, 0);
                status = ExitStatus.of(st[0]);
            }
            return status;
        }
    }

    /** Gives the child {@code graceNanos} to end on its own, then kills it; always reaps. */
    public ExitStatus stop(long graceNanos) throws SyscallException {
        ExitStatus s = waitFor(graceNanos);
        return s != null ? s : kill();
    }

    /** pidfd_open(2)'s number, the same on x86-64 and aarch64 (the generic table). */
    static final long SYS_PIDFD_OPEN = 434;

    /**
     * pidfd_open(2): a descriptor (O_CLOEXEC) that polls readable (POLLIN) once the child has
     * ended, reaped or not, so a poll(2) can wait on a child beside pipes. The caller closes it.
     */
    public Fd openPidfd() throws SyscallException {
        long fd = Unistd.syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0, 0, 0);
        SyscallException.check(fd, "pidfd_open(pid=" + pid + ")");
        return new Fd((int) fd);
    }

    public synchronized boolean isReaped() {
        return status != null;
    }

    @Override
    public void close() throws SyscallException {
        kill();
    }

    @Override
    public String toString() {
        return name + " (pid " + pid + ")";
    }
}

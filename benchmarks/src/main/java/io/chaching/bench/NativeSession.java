package io.chaching.bench;

import com.sun.jna.Memory;
import io.chaching.rounds.RoundSample;
import io.chaching.sys.Call;
import io.chaching.sys.ChildProcess;
import io.chaching.sys.Errno;
import io.chaching.sys.Fd;
import io.chaching.sys.NativeBinaries;
import io.chaching.sys.Pipe;
import io.chaching.sys.SyscallCounts;
import io.chaching.sys.SyscallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The C reference parent kept running for a whole trial ({@code cparent --serve}): its miners are
 * spawned once, and each round or stream is one command line in and one result line out, so the
 * C parent's numbers land in the same JMH run as the JVM's. The C parent stamps and verifies
 * its coins itself; the command pipe only adds a constant few microseconds to the time JMH sees.
 */
public final class NativeSession implements AutoCloseable {
    private final ChildProcess process;
    private final Fd commands;
    private final Fd replies;
    private static final Call WRITE_COMMAND = () -> "write(cparent command)";
    private static final Call READ_REPLY = () -> "read(cparent reply)";
    private final Memory buf = new Memory(1 << 20);
    private final StringBuilder pending = new StringBuilder();
    private SyscallCounts.Snapshot counts = SyscallCounts.Snapshot.ZERO;
    private long cpuNs;

    private NativeSession(ChildProcess process, Fd commands, Fd replies) {
        this.process = process;
        this.commands = commands;
        this.replies = replies;
    }

    public static NativeSession start(String handoff, int miners, int difficulty, long seed, int payload)
            throws IOException {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        ChildProcess p;
        try {
            p = ChildProcess.spawn("cparent", List.of(NativeBinaries.program("cparent").toString(), "--miner",
                    NativeBinaries.program("miner").toString(), "--handoff", handoff, "--miners",
                    Integer.toString(miners), "--difficulty", Integer.toString(difficulty), "--seed", Long.toString(seed),
                    "--payload", Integer.toString(payload), "--serve"), Map.of(in.readEnd, 0, out.writeEnd, 1));
        } catch (IOException | RuntimeException e) {
            in.close();
            out.close();
            throw e;
        } finally {
            in.readEnd.close();
            out.writeEnd.close();
        }
        NativeSession s = new NativeSession(p, in.writeEnd, out.readEnd);
        try {
            String ready = s.readLine();
            if (!ready.startsWith("ready ")) {
                throw new IOException("cparent --serve did not start: " + ready);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Runs round {@code round} at {@code difficulty} in the C parent. */
    public RoundSample round(long round, int difficulty) throws IOException {
        String reply = request("round " + round + " " + difficulty);
        // round R start=S end=E cpu=C coins=m:mined:cashed:started:nonce:digest,... reads=N writes=N ...
        String[] f = reply.split(" ");
        if (!f[0].equals("round") || f.length < 6) {
            throw new IOException("cparent: unexpected reply to a round: " + reply);
        }
        long start = field(f[2], "start");
        long end = field(f[3], "end");
        long cpu = field(f[4], "cpu");
        String[] coins = f[5].substring("coins=".length()).split(",");
        int[] miner = new int[coins.length];
        long[] mined = new long[coins.length];
        long[] cashed = new long[coins.length];
        long[] started = new long[coins.length];
        long[] nonce = new long[coins.length];
        String[] digest = new String[coins.length];
        for (int i = 0; i < coins.length; i++) {
            String[] c = coins[i].split(":");
            if (c.length != 6) {
                throw new IOException("cparent: a round's coin is miner:mined:cashed:started:nonce:digest, not " + coins[i]);
            }
            miner[i] = Integer.parseInt(c[0]);
            mined[i] = Long.parseLong(c[1]);
            cashed[i] = Long.parseLong(c[2]);
            started[i] = Long.parseLong(c[3]);
            nonce[i] = Long.parseUnsignedLong(c[4]);
            digest[i] = c[5];
        }
        count(keyValues(f[4] + " " + String.join(" ", java.util.Arrays.copyOfRange(f, 6, f.length))));
        return new RoundSample(round, start, end, cpu, miner, mined, cashed, started, nonce, digest);
    }

    /** A stream in the C parent: the reply's key=value fields. */
    public Map<String, Long> stream(long round, long count, int difficulty, int batch, long paceNs) throws IOException {
        return stream(round, count, difficulty, batch, paceNs, false, true);
    }

    /**
     * As above; {@code premined}: the miners hand off coins mined before the stream; {@code digests}
     * false: the C parent checks the coins' headers only.
     */
    public Map<String, Long> stream(long round, long count, int difficulty, int batch, long paceNs, boolean premined,
                                    boolean digests) throws IOException {
        String reply = request("stream " + round + " " + count + " " + difficulty + " " + batch + " " + paceNs
                + (premined ? " premined" : "") + (digests ? "" : " headers"));
        Map<String, Long> values = keyValues(reply);
        if (!reply.startsWith("stream ") || !values.containsKey("coins")) {
            throw new IOException("cparent: unexpected reply to a stream: " + reply);
        }
        count(values);
        return values;
    }

    private static Map<String, Long> keyValues(String reply) {
        Map<String, Long> values = new java.util.HashMap<>();
        for (String kv : reply.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                values.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            }
        }
        return values;
    }

    /** Adds a reply's counts (the C parent's system calls, bytes read and context switches, and its CPU). */
    private void count(Map<String, Long> v) throws IOException {
        for (String k : COUNT_KEYS) {
            if (!v.containsKey(k)) {
                throw new IOException("cparent: a reply without its counts (" + k + "=): " + v.keySet());
            }
        }
        counts = counts.plus(new SyscallCounts.Snapshot(v.get("reads"), v.get("writes"), v.get("waits"), v.get("other"),
                v.get("bytes_read"), v.get("vcsw"), v.get("ivcsw")));
        cpuNs += v.get("cpu");
    }

    private static final List<String> COUNT_KEYS = List.of("reads", "writes", "waits", "other", "bytes_read", "vcsw",
            "ivcsw", "cpu");

    /** The C parent's counts over every round and stream so far (its hand-off's system calls, RUSAGE_SELF switches). */
    public SyscallCounts.Snapshot counts() {
        return counts;
    }

    /** The C parent's process id (its children are the miners and a hand-off's helpers). */
    public long pid() {
        return process.pid();
    }

    /** The C parent's CPU time (RUSAGE_SELF) over every round and stream so far. */
    public long cpuNs() {
        return cpuNs;
    }

    private static long field(String kv, String name) throws IOException {
        if (!kv.startsWith(name + "=")) {
            throw new IOException("cparent: expected " + name + "=..., got " + kv);
        }
        return Long.parseLong(kv.substring(name.length() + 1));
    }

    private String request(String command) throws IOException {
        byte[] line = (command + "\n").getBytes(StandardCharsets.US_ASCII);
        Memory m = new Memory(line.length);
        m.write(0, line, 0, line.length);
        if (Fd.writeFully(commands.fd(), m, line.length, WRITE_COMMAND) == Fd.BROKEN) {
            throw new SyscallException(WRITE_COMMAND.describe(), Errno.EPIPE);
        }
        String reply = readLine();
        if (reply.startsWith("error ")) {
            throw new IOException("cparent: " + reply.substring(6));
        }
        return reply;
    }

    private String readLine() throws IOException {
        while (true) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                return line;
            }
            long n = Fd.read(replies.fd(), buf, buf.size(), READ_REPLY);
            if (n == Fd.AGAIN) {
                throw new SyscallException(READ_REPLY.describe(), Errno.EAGAIN); // a blocking pipe: never
            }
            if (n == 0) {
                throw new IOException("cparent " + process.pid() + " ended without answering: "
                        + (process.waitFor(2_000_000_000L) == null ? "still running" : process.poll()));
            }
            pending.append(new String(buf.getByteArray(0, (int) n), StandardCharsets.US_ASCII));
        }
    }

    /** quit, then EOF; the C parent reaps its miners and exits; killed if it does not within 5 s. */
    @Override
    public void close() throws IOException {
        try {
            commands.close(); // EOF on its stdin: serve mode ends
            replies.close();
        } finally {
            process.stop(5_000_000_000L);
        }
    }
}

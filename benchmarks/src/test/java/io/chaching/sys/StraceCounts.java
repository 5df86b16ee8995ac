package io.chaching.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code strace -f -y -o FILE} saw a parent do between the two getrusage(2) calls that bracket
 * its measured rounds (the snapshots of {@link SyscallCounts} in the JVM, {@code cost_now} in the
 * C parent), by the kinds the project counts: the hand-off thread (the one that made those
 * getrusage calls) and every thread that read or polled in that window (the {@code threads}
 * readers) count; the others (a JVM's compiler, GC and spawner threads) are kept apart. The
 * parent's own output (write to fd 1 or 2) is not the hand-off's and is left out.
 */
public final class StraceCounts {
    /** Counts by kind in the counted threads, by syscall name in them, and by name in the other threads. */
    public record Seen(Map<String, Long> kinds, Map<String, Long> counted, Map<String, Long> others) {
        public long kind(String k) {
            return kinds.getOrDefault(k, 0L);
        }
    }

    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(?:<\\.\\.\\. )?(\\w+)(?:\\(| resumed>)(.*)$");

    /** A round command: 64 bytes to a pipe (strace -y names it). */
    private static final Pattern COMMAND = Pattern.compile("^\\d+<pipe:[^>]*>, .*, 64\\)");

    private StraceCounts() {
    }

    public static Seen read(Path file) throws IOException {
        List<String[]> calls = new ArrayList<>(); // tid, name, args (the line's rest)
        Map<String, String> unfinished = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = LINE.matcher(line);
            if (!m.find() || line.contains("+++ exited") || line.contains("--- SIG")) {
                continue;
            }
            String tid = m.group(1);
            String name = m.group(2);
            if (line.contains(" resumed>")) {
                continue; // counted at its start
            }
            calls.add(new String[] {tid, name, m.group(3)});
            if (line.endsWith("<unfinished ...>")) {
                unfinished.put(tid, name);
            }
        }
        // the hand-off thread writes the round commands (64 bytes each to a miner's pipe); the window
        // runs from its last getrusage before the first command to its first getrusage after the last
        String handoffTid = null;
        int firstCommand = -1;
        int lastCommand = -1;
        java.util.Set<String> miners = new java.util.HashSet<>(); // processes that exec'd: the miners
        String root = calls.isEmpty() ? null : calls.get(0)[0];
        for (int i = 0; i < calls.size(); i++) {
            String[] c = calls.get(i);
            if (c[1].equals("execve") && !c[0].equals(root)) {
                miners.add(c[0]);
            }
            if (c[1].equals("write") && COMMAND.matcher(c[2]).find() && (handoffTid == null || handoffTid.equals(c[0]))) {
                handoffTid = c[0];
                firstCommand = firstCommand < 0 ? i : firstCommand;
                lastCommand = i;
            }
        }
        int start = -1;
        int end = -1;
        for (int i = 0; i < calls.size(); i++) {
            String[] c = calls.get(i);
            if (c[0].equals(handoffTid) && c[1].equals("getrusage")) {
                if (i < firstCommand) {
                    start = i;
                } else if (i > lastCommand && end < 0) {
                    end = i;
                }
            }
        }
        if (start < 0 || end < 0) {
            throw new IOException(file + ": no getrusage before the first round command and after the last");
        }
        Map<String, Map<String, Long>> byThread = new LinkedHashMap<>();
        for (int i = start + 1; i < end; i++) {
            String[] c = calls.get(i);
            if (!miners.contains(c[0])) {
                byThread.computeIfAbsent(c[0], t -> new TreeMap<>()).merge(name(c), 1L, Long::sum);
            }
        }
        Map<String, Long> kinds = new TreeMap<>();
        Map<String, Long> counted = new TreeMap<>();
        Map<String, Long> others = new TreeMap<>();
        for (Map.Entry<String, Map<String, Long>> t : byThread.entrySet()) {
            boolean handoffThread = t.getKey().equals(handoffTid) || t.getValue().keySet().stream()
                    .anyMatch(n -> n.equals("read") || n.equals("poll"));
            for (Map.Entry<String, Long> e : t.getValue().entrySet()) {
                (handoffThread ? counted : others).merge(e.getKey(), e.getValue(), Long::sum);
                if (handoffThread) {
                    kinds.merge(kind(e.getKey()), e.getValue(), Long::sum);
                }
            }
        }
        return new Seen(kinds, counted, others);
    }

    /** The first argument as {@code strace -y} prints it: a descriptor and what it is, "3<pipe:[1234]>". */
    private static final Pattern FD = Pattern.compile("^(\\d+)(?:<([^>]*)>)?");

    /**
     * A call's name, told apart where the kind depends on it: a read or write of anything but a pipe
     * or a socket (a file, /proc; a miner's pipes and sockets are those) or of stdout/stderr ({@code read:file},
     * {@code write:output}), a futex of a word in shared memory (the doorbell) or a private one (a
     * lock inside libc or the JVM), io_uring_enter that waits or only submits.
     */
    private static String name(String[] c) {
        String n = c[1];
        String args = c[2];
        if (n.equals("read") || n.equals("write")) {
            Matcher fd = FD.matcher(args);
            boolean output = fd.find() && (fd.group(1).equals("1") || fd.group(1).equals("2"));
            boolean pipe = fd.group(2) != null && (fd.group(2).startsWith("pipe:") || fd.group(2).startsWith("socket:"));
            return output ? n + ":output" : pipe ? n : n + ":file";
        }
        if (n.equals("futex")) {
            String op = args.contains("FUTEX_WAIT") ? "wait" : args.contains("FUTEX_WAKE") ? "wake" : "op";
            return "futex:" + op + (args.contains("_PRIVATE") ? ":private" : "");
        }
        if (n.equals("io_uring_enter")) {
            return args.contains("IORING_ENTER_GETEVENTS") ? "io_uring_enter:wait" : "io_uring_enter:submit";
        }
        return n;
    }

    /** The project's kind of a call seen: reads, writes, waits, other, or uncounted (not a hand-off's call). */
    static String kind(String name) {
        return switch (name) {
            case "read" -> "reads";
            case "write" -> "writes";
            case "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "io_getevents", "futex:wait",
                 "io_uring_enter:wait" -> "waits";
            case "epoll_ctl", "io_submit", "io_uring_enter:submit", "sched_yield", "wait4", "setitimer", "getpid",
                 "futex:wake" -> "other";
            default -> "uncounted";
        };
    }
}

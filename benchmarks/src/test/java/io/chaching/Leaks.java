package io.chaching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chaching.sys.Unistd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the parent holds of the kernel: its pipe/socket/anon-inode/memfd descriptors, its shared
 * mappings of memfds, and its live child processes, read from /proc. A test takes one before
 * and asserts the same after.
 */
public record Leaks(TreeMap<Integer, String> descriptors, List<String> mappings, List<Integer> children,
                    List<String> threads) {
    static {
        // The JDK opens a socketpair of its own the first time NIO reads a file (the pre-close
        // descriptor of sun.nio.ch.FileDispatcherImpl, kept for the JVM's life): read a file
        // before the first snapshot lists descriptors, or that socket is taken for a leak.
        // JDK 22+ keeps one more for its socket channels (sun.nio.ch.UnixDispatcher's, made when
        // the first SocketChannel is; on JDK 17 the file one serves both): open one here too, or
        // jdk-selector's first test on JDK 25 finds a socket "left open" that the JDK keeps.
        try {
            Files.readAllLines(Path.of("/proc/self/maps"));
            java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX).close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    public static Leaks snapshot() throws IOException {
        TreeMap<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.startsWith("pipe:") || target.startsWith("socket:") || target.startsWith("anon_inode:")
                            || target.startsWith("/memfd:")) {
                        fds.put(Integer.parseInt(p.getFileName().toString()), target);
                    }
                } catch (IOException gone) {
                    // the directory stream's own fd, closed by now
                }
            }
        }
        List<String> maps = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("/memfd:") || line.contains("io_uring") || line.contains("[aio]")) {
                maps.add(line);
            }
        }
        return new Leaks(fds, maps, liveChildren(), handoffThreads());
    }

    /** Live (not yet reaped) children of this JVM, from /proc/PID/stat's ppid field. */
    public static List<Integer> liveChildren() throws IOException {
        return childrenOf(Unistd.getpid());
    }

    /** Processes whose parent is {@code parent}, zombies included, from /proc/PID/stat's ppid field. */
    public static List<Integer> childrenOf(long parent) throws IOException {
        List<Integer> kids = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(after[1]) == parent) {
                        kids.add(Integer.parseInt(name));
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            }
        }
        return kids;
    }

    /** Threads a hand-off starts (readers, watchdogs excepted: those are per JVM by design). */
    public static List<String> handoffThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("coin-reader")).sorted().toList();
    }

    /** Asserts that nothing was left behind since {@code before}. */
    public void assertNothingLeftSince(Leaks before) {
        assertEquals(before.descriptors(), descriptors(), "descriptors left open");
        assertEquals(before.mappings(), mappings(), "mappings left");
        assertEquals(before.children(), children(), "child processes left");
        assertEquals(before.threads(), threads(), "hand-off threads left");
    }

    public static void assertNoLeaksSince(Leaks before) throws IOException {
        snapshot().assertNothingLeftSince(before);
    }
}

package io.chaching.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a parent's helper processes: its children that are not miners (the reader processes
 * of readers-K, the one hand-off that runs any), read from /proc/PID/schedstat (nanoseconds the
 * task has run; a reader is one thread). A parent's own CPU leaves them out, so a hand-off that puts
 * work into processes of its own would otherwise look free.
 */
public final class HelperCpu {
    private HelperCpu() {
    }

    /** Nanoseconds run so far by the children of {@code pid} whose command name is not {@code miner}; 0 for none. */
    public static long of(long pid) {
        return ProcessHandle.of(pid).map(p -> p.children().mapToLong(HelperCpu::helperNs).sum()).orElse(0L);
    }

    /** The same for this JVM's children. */
    public static long ofThisProcess() {
        return ProcessHandle.current().children().mapToLong(HelperCpu::helperNs).sum();
    }

    private static long helperNs(ProcessHandle child) {
        Path dir = Path.of("/proc", Long.toString(child.pid()));
        try {
            String comm = Files.readString(dir.resolve("comm"), StandardCharsets.US_ASCII).strip();
            if (comm.equals("miner") || comm.equals("cparent")) {
                return 0; // the miners are the workload; a C parent is a parent, counted as one
            }
            String schedstat = Files.readString(dir.resolve("schedstat"), StandardCharsets.US_ASCII).strip();
            return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (IOException | RuntimeException gone) {
            return 0; // ended between the listing and the read: it runs no more
        }
    }
}

package io.chaching.report;

import io.chaching.report.JmhResult.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The counts per coin that do not depend on the machine's speed (issue 14): for every hand-off
 * and parent of the rounds and the streams, the parent's system calls per coin by kind, its
 * context switches, the bytes it read through system calls and its CPU time; and the count gate's
 * part of the gate section ({@link CountGate}).
 */
final class Counts {
    private Counts() {
    }

    /** The JMH secondary results, in the table's order (benchmarks' CountWindow.NAMES). */
    static final List<String> SYSCALLS = List.of("syscalls", "reads", "writes", "waits", "otherSyscalls");

    static void section(Report.Ctx c, Html h) {
        List<JmhResult> rounds = counted(c.results(), "RoundBenchmark");
        List<JmhResult> streams = counted(c.results(), "StreamBenchmark");
        if (rounds.isEmpty() && streams.isEmpty()) {
            return;
        }
        h.h2("counts", "Counts per coin: what the parent did for each coin");
        h.p("System calls, context switches, bytes and CPU time per coin cashed in, over each measured iteration, for"
                + " every hand-off and both parents. The system calls are counted where each parent makes them (reads,"
                + " the round commands' writes, the waits: select, poll, epoll_wait, io_uring_enter, io_getevents,"
                + " a futex or the threads parent's queue; other: epoll_ctl, io_submit, sched_yield, waitpid), and"
                + " match strace; a JVM's own calls (class loading, its locks) are not in them. Context switches are"
                + " the hand-off threads' (JVM) or the whole process's (C) and move with the machine's load; CPU is"
                + " the process's CPU time, as parent CPU above; helpers' CPU is that of the parent's children that are"
                + " not miners (readers-K's reader processes), which the parent's own leaves out. A hand-off whose system"
                + " calls the JDK makes (jdk-process, jdk-selector) has no call counts: not measured, never 0.");
        table(h, "Rounds (the lab's 16 miners, one coin each)", rounds, false);
        table(h, "Streams", streams, true);
        h.note("A parent that spins (nonblocking, shm-spin, jdk-mapped) makes calls for as long as it waits, and a shm-futex parent"
                + " wakes every 10 ms to look at its miners: those counts follow time, not the hand-off, and the count"
                + " gate does not judge them.");
    }

    private static List<JmhResult> counted(Results results, String cls) {
        List<JmhResult> out = new ArrayList<>();
        // every binding's: the FFM rows too, their parent column saying so; a hand-off whose calls
        // the JDK makes has no call counts, but its switches and CPU
        for (JmhResult r : results.all()) {
            if (r.className().equals(cls) && r.secondary().containsKey(JmhResult.PER_COIN + "processCpu")) {
                out.add(r);
            }
        }
        return out;
    }

    private static void table(Html h, String title, List<JmhResult> results, boolean stream) {
        if (results.isEmpty()) {
            return;
        }
        h.h3(title);
        List<List<String>> rows = new ArrayList<>();
        for (JmhResult r : results) {
            List<String> row = new ArrayList<>();
            row.add(r.params().getOrDefault("handoff", "?"));
            String binding = r.params().get(Results.BINDING);
            row.add(r.params().getOrDefault("parent", "?")
                    + (binding == null || binding.equals(Results.DEFAULT_BINDING) ? "" : " (" + binding + ")"));
            if (stream) {
                row.add(r.params().getOrDefault("miners", "?"));
                row.add(Fmt.bytes(Long.parseLong(r.params().getOrDefault("payload", "0"))));
            }
            for (String k : SYSCALLS) {
                row.add(count(r, k));
            }
            row.add(count(r, "voluntaryCs") + " / " + count(r, "involuntaryCs"));
            Metric bytes = r.secondary().get(JmhResult.PER_COIN + "bytesRead");
            row.add(bytes == null ? Fmt.NOT_MEASURED : Fmt.num(bytes.score()) + " B");
            Metric cpu = r.secondary().get(JmhResult.PER_COIN + "processCpu");
            row.add(cpu == null ? Fmt.NOT_MEASURED : Fmt.nanos(cpu.score() * 1e3));
            Metric helpers = r.secondary().get(JmhResult.PER_COIN + "helperCpu");
            row.add(helpers != null ? Fmt.nanos(helpers.score() * 1e3)
                    : r.params().getOrDefault("handoff", "").startsWith("readers-") ? Fmt.NOT_MEASURED : "none");
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("hand-off", "parent"));
        if (stream) {
            header.addAll(List.of("miners", "payload"));
        }
        header.addAll(List.of("system calls", "reads", "writes", "waits", "other", "context switches (voluntary /"
                + " involuntary)", "bytes read", "CPU", "helpers' CPU"));
        h.table(header, rows);
    }

    private static String count(JmhResult r, String name) {
        Metric m = r.secondary().get(JmhResult.PER_COIN + name);
        return m == null ? Fmt.NOT_MEASURED : Fmt.plain(m.score());
    }

}

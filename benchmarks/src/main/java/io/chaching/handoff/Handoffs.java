package io.chaching.handoff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The hand-offs by name, the one place the command line and the benchmarks look them up. */
public final class Handoffs {
    private static final Map<String, Supplier<Handoff>> BY_NAME = new LinkedHashMap<>();

    static {
        // The order the report and --help list them in.
        BY_NAME.put("blocking", BlockingHandoff::new);
        BY_NAME.put("nonblocking", NonblockingHandoff::new);
        BY_NAME.put("select", SelectHandoff::new);
        BY_NAME.put("poll", PollHandoff::new);
        BY_NAME.put("epoll", EpollHandoff::new);
        BY_NAME.put("io_uring", IoUringHandoff::new);
        BY_NAME.put("aio", AioHandoff::new);
        BY_NAME.put("shm-spin", ShmSpinHandoff::new);
        BY_NAME.put("shm-futex", ShmFutexHandoff::new);
        BY_NAME.put("threads", ThreadsHandoff::new);
        BY_NAME.put("uds", UdsHandoff::new);
    }

    private static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private Handoffs() {
    }

    /** Names in the order the report lists them. */
    public static List<String> names() {
        return NAMES;
    }

    /** A new hand-off, or IllegalArgumentException naming the value and the ones there are. */
    public static Handoff create(String name) {
        Supplier<Handoff> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown hand-off: handoff=" + name + " (known: " + String.join(", ", NAMES) + ")");
        }
        return ExtraSyscallHandoff.maybeExtra(SlowedHandoff.maybeSlowed(s.get()));
    }
}

package io.chaching.handoff;

import io.chaching.miners.MinerPool;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The hand-offs by name, the one place the command line and the benchmarks look them up. */
public final class Handoffs {
    private static final Map<String, Supplier<Handoff>> BY_NAME = new LinkedHashMap<>();
    /** The hand-offs the C reference parent (cparent) has too: HANDOFFS in native/src/parent_args.c. */
    private static final Set<String> IN_C = new LinkedHashSet<>();

    static {
        // The order the report and --help list them in.
        both("blocking", BlockingHandoff::new);
        both("nonblocking", NonblockingHandoff::new);
        both("select", SelectHandoff::new);
        both("poll", PollHandoff::new);
        both("epoll", EpollHandoff::new);
        both("io_uring", IoUringHandoff::new);
        both("aio", AioHandoff::new);
        both("shm-spin", ShmSpinHandoff::new);
        both("shm-futex", ShmFutexHandoff::new);
        both("threads", ThreadsHandoff::new);
        both("uds", UdsHandoff::new);
        jvmOnly("jdk-process", JdkProcessHandoff::new);
        jvmOnly("jdk-selector", JdkSelectorHandoff::new);
        jvmOnly("jdk-mapped", JdkMappedHandoff::new);
        both("readers-1", () -> new ReadersHandoff(1));
        both("readers-2", () -> new ReadersHandoff(2));
        both("readers-4", () -> new ReadersHandoff(4));
    }

    private static final List<String> NAMES = List.copyOf(BY_NAME.keySet());
    private static final List<String> C_NAMES = List.copyOf(IN_C);

    /** A hand-off both parents have: the JVM's class here, the C parent's in its HANDOFFS table. */
    private static void both(String name, Supplier<Handoff> s) {
        BY_NAME.put(name, s);
        IN_C.add(name);
    }

    /**
     * A hand-off only the JVM parent has (the JDK's own ways: there is no C to compare them with):
     * its parent=native benchmark cells are not run, and {@code --parent native} refuses it.
     */
    private static void jvmOnly(String name, Supplier<Handoff> s) {
        BY_NAME.put(name, s);
    }

    private Handoffs() {
    }

    /** Names in the order the report lists them. */
    public static List<String> names() {
        return NAMES;
    }

    /** The hand-offs the C parent has too, in the same order. */
    public static List<String> inCParent() {
        return C_NAMES;
    }

    /** Whether {@code parent} ("jvm" or "native") has the hand-off {@code name}. */
    public static boolean runsIn(String name, String parent) {
        return parent.equals("native") ? IN_C.contains(name) : BY_NAME.containsKey(name);
    }

    /** A new hand-off, or IllegalArgumentException naming the value and the ones there are. */
    public static Handoff create(String name) {
        return ExtraSyscallHandoff.maybeExtra(SlowedHandoff.maybeSlowed(known(name).get()));
    }

    /**
     * The ends the pool for hand-off {@code name} must be spawned with, before the hand-off exists:
     * {@code MinerPool.spawn(miners, ringCapacity, Handoffs.ends(name))}. Asked of the hand-off's
     * own class (a constructor takes nothing from the kernel), so it is said in one place.
     */
    public static MinerPool.Ends ends(String name) {
        return known(name).get().ends();
    }

    private static Supplier<Handoff> known(String name) {
        Supplier<Handoff> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown hand-off: handoff=" + name + " (known: " + String.join(", ", NAMES) + ")");
        }
        return s;
    }
}

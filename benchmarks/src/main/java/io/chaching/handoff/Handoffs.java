package io.chaching.handoff;

import io.chaching.miners.MinerPool;
import java.util.HashMap;
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
    /** How a hand-off's miners must be started, where that is not posix_spawn. */
    private static final Map<String, MinerPool.Launch> LAUNCH = new HashMap<>();

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
        jvmOnly("jdk-process", JdkProcessHandoff::new, MinerPool.Launch.PROCESS_BUILDER);
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

    /** A JVM-only hand-off whose miners must be started as {@code launch} says. */
    private static void jvmOnly(String name, Supplier<Handoff> s, MinerPool.Launch launch) {
        jvmOnly(name, s);
        LAUNCH.put(name, launch);
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

    /**
     * How the miners of a pool for hand-off {@code name} are started: every caller spawns its
     * pool with {@code MinerPool.spawn(count, capacity, Handoffs.launch(name))}, so a hand-off
     * that needs other miners (jdk-process: ProcessBuilder's) gets them and no other changes.
     */
    public static MinerPool.Launch launch(String name) {
        known(name);
        return LAUNCH.getOrDefault(name, MinerPool.Launch.POSIX_SPAWN);
    }

    /** A new hand-off, or IllegalArgumentException naming the value and the ones there are. */
    public static Handoff create(String name) {
        return ExtraSyscallHandoff.maybeExtra(SlowedHandoff.maybeSlowed(known(name).get()));
    }

    private static Supplier<Handoff> known(String name) {
        Supplier<Handoff> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown hand-off: handoff=" + name + " (known: " + String.join(", ", NAMES) + ")");
        }
        return s;
    }
}

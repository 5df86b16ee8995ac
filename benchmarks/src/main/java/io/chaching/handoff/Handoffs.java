package io.chaching.handoff;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The hand-offs by name, the one place the command line and the benchmarks look them up. */
public final class Handoffs {
    private static final Map<String, Supplier<Handoff>> BY_NAME = Map.of(
            "blocking", BlockingHandoff::new,
            "nonblocking", NonblockingHandoff::new);
    private static final List<String> NAMES = List.of("blocking", "nonblocking");

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
        return s.get();
    }
}

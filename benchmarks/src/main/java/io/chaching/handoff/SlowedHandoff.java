package io.chaching.handoff;

/**
 * A hand-off made deliberately slower, to prove that the regression gate catches a real
 * slowdown: every coin costs the parent {@code micros} of busy CPU before it reaches the sink.
 * Switched on only by {@code -Dchaching.slowdown.handoff=NAME -Dchaching.slowdown.micros=N}
 * (see README, "The regression gate"), and loudly. For a stream, where a coin costs the parent
 * some 150-400 ns, a microsecond is +250%: {@code -Dchaching.slowdown.nanos=N} (1..1e9) sets the cost
 * in nanoseconds instead, and wins over micros. Below some 50 ns a clock-timed spin cannot go (two
 * reads of the clock cost that here), so {@code -Dchaching.slowdown.work=N} (1..1e9), which wins over
 * both, costs each coin N steps of a dependent multiply-add chain instead, some 0.6 ns a step here
 * (README): a stream's 10% fewer coins/s is some 25 steps, not a clock.
 */
final class SlowedHandoff extends PerCoinHandoff {
    private final long nanos;
    private final long steps;
    /** Where the chain's value goes, so that the JIT cannot drop the chain. */
    private long sink;

    SlowedHandoff(Handoff inner, long nanos, long steps) {
        super(inner);
        this.nanos = nanos;
        this.steps = steps;
        System.err.println("WARNING: hand-off " + inner.name() + " is slowed down on purpose by "
                + (steps > 0 ? steps + " steps of work" : nanos + " ns") + " per coin (-Dchaching.slowdown.handoff);"
                + " its numbers are not its own");
    }

    /** The busy time each coin costs, in ns. */
    long nanos() {
        return nanos;
    }

    /** The hand-off, slowed if the system properties name it. */
    static Handoff maybeSlowed(Handoff h) {
        if (!h.name().equals(System.getProperty("chaching.slowdown.handoff"))) {
            return h;
        }
        if (Long.getLong("chaching.slowdown.work") != null) {
            return new SlowedHandoff(h, 0, bounded("chaching.slowdown.work", null, 1_000_000_000));
        }
        if (Long.getLong("chaching.slowdown.nanos") != null) {
            return new SlowedHandoff(h, bounded("chaching.slowdown.nanos", null, 1_000_000_000), 0);
        }
        return new SlowedHandoff(h, bounded("chaching.slowdown.micros", 1000L, 1_000_000) * 1000, 0);
    }

    /** The long system property {@code name} (its default when unset), refused unless in 1..max. */
    private static long bounded(String name, Long dflt, long max) {
        Long v = Long.getLong(name, dflt);
        if (v == null || v < 1 || v > max) {
            throw new IllegalArgumentException(name + " must be in 1.." + max + ": " + v);
        }
        return v;
    }

    /** The steps of work each coin costs, 0 when it costs clock time instead. */
    long steps() {
        return steps;
    }

    @Override
    void beforeCoin() {
        if (steps > 0) {
            long x = sink | 1;
            for (long i = 0; i < steps; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L; // each step waits for the last
            }
            sink = x;
            return;
        }
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }
}

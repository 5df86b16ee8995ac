package io.chaching.handoff;

/**
 * A hand-off made deliberately slower, to prove that the regression gate catches a real
 * slowdown: every coin costs the parent {@code micros} of busy CPU before it reaches the sink.
 * Switched on only by {@code -Dchaching.slowdown.handoff=NAME -Dchaching.slowdown.micros=N}
 * (see README, "The regression gate"), and loudly. For a stream, where a coin costs the parent
 * some 150-400 ns, a microsecond is +250%: {@code -Dchaching.slowdown.nanos=N} (1..1e9) sets the cost
 * in nanoseconds instead, and wins over micros. Below some 50 ns a clock-timed spin cannot go (two
 * reads of the clock cost that here), so {@code -Dchaching.slowdown.work=N} (1..1e9), which wins over
 * both, costs each coin N steps of a dependent multiply-add chain instead, about a nanosecond a step
 * (the README says what a step measured): a stream's 10% is some 15 steps, not a clock.
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
        Long work = Long.getLong("chaching.slowdown.work");
        if (work != null) {
            if (work < 1 || work > 1_000_000_000) {
                throw new IllegalArgumentException("chaching.slowdown.work must be in 1..1000000000: " + work);
            }
            return new SlowedHandoff(h, 0, work);
        }
        Long nanos = Long.getLong("chaching.slowdown.nanos");
        if (nanos != null) {
            if (nanos < 1 || nanos > 1_000_000_000) {
                throw new IllegalArgumentException("chaching.slowdown.nanos must be in 1..1000000000: " + nanos);
            }
            return new SlowedHandoff(h, nanos, 0);
        }
        long micros = Long.getLong("chaching.slowdown.micros", 1000);
        if (micros < 1 || micros > 1_000_000) {
            throw new IllegalArgumentException("chaching.slowdown.micros must be in 1..1000000: " + micros);
        }
        return new SlowedHandoff(h, micros * 1000, 0);
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

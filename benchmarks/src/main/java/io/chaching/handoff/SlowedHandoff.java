package io.chaching.handoff;

/**
 * A hand-off made deliberately slower, to prove that the regression gate catches a real
 * slowdown: every coin costs the parent {@code micros} of busy CPU before it reaches the sink.
 * Switched on only by {@code -Dchaching.slowdown.handoff=NAME -Dchaching.slowdown.micros=N}
 * (see README, "The regression gate"), and loudly. For a stream, where a coin costs the parent
 * some 400 ns, a microsecond is +250%: {@code -Dchaching.slowdown.nanos=N} (1..1e9) sets the cost
 * in nanoseconds instead, and wins when both are given.
 */
final class SlowedHandoff extends PerCoinHandoff {
    private final long nanos;

    SlowedHandoff(Handoff inner, long nanos) {
        super(inner);
        this.nanos = nanos;
        System.err.println("WARNING: hand-off " + inner.name() + " is slowed down on purpose by " + nanos
                + " ns per coin (-Dchaching.slowdown.handoff); its numbers are not its own");
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
        Long nanos = Long.getLong("chaching.slowdown.nanos");
        if (nanos != null) {
            if (nanos < 1 || nanos > 1_000_000_000) {
                throw new IllegalArgumentException("chaching.slowdown.nanos must be in 1..1000000000: " + nanos);
            }
            return new SlowedHandoff(h, nanos);
        }
        long micros = Long.getLong("chaching.slowdown.micros", 1000);
        if (micros < 1 || micros > 1_000_000) {
            throw new IllegalArgumentException("chaching.slowdown.micros must be in 1..1000000: " + micros);
        }
        return new SlowedHandoff(h, micros * 1000);
    }

    @Override
    void beforeCoin() {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }
}

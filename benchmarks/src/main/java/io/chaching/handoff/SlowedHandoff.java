package io.chaching.handoff;

/**
 * A hand-off made deliberately slower, to prove that the regression gate catches a real
 * slowdown: every coin costs the parent {@code micros} of busy CPU before it reaches the sink.
 * Switched on only by {@code -Dchaching.slowdown.handoff=NAME -Dchaching.slowdown.micros=N}
 * (see README, "The regression gate"), and loudly.
 */
final class SlowedHandoff extends PerCoinHandoff {
    private final long nanos;

    SlowedHandoff(Handoff inner, long micros) {
        super(inner);
        this.nanos = micros * 1000;
        System.err.println("WARNING: hand-off " + inner.name() + " is slowed down on purpose by " + micros
                + " us per coin (-Dchaching.slowdown.handoff); its numbers are not its own");
    }

    /** The hand-off, slowed if the system properties name it. */
    static Handoff maybeSlowed(Handoff h) {
        if (!h.name().equals(System.getProperty("chaching.slowdown.handoff"))) {
            return h;
        }
        long micros = Long.getLong("chaching.slowdown.micros", 1000);
        if (micros < 1 || micros > 1_000_000) {
            throw new IllegalArgumentException("chaching.slowdown.micros must be in 1..1000000: " + micros);
        }
        return new SlowedHandoff(h, micros);
    }

    @Override
    void beforeCoin() {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }
}

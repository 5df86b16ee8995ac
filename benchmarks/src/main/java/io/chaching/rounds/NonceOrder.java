package io.chaching.rounds;

/** The one check that a miner's stream of coins comes with its nonces strictly ascending. */
final class NonceOrder {
    private NonceOrder() {
    }

    /** Throws unless {@code nonce} (unsigned) comes after {@code last}, the miner's previous one. */
    static void checkAfter(int miner, long last, long nonce) {
        if (Long.compareUnsigned(nonce, last) <= 0) {
            throw new IllegalStateException("miner " + miner + " sent nonce " + Long.toUnsignedString(nonce)
                    + " after " + Long.toUnsignedString(last) + ": nonces must ascend");
        }
    }
}

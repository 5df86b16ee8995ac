package io.chaching.coins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The batch check finds a coin whose digest is not SHA-512 of its message, or too easy, and names it. */
class BatchVerifierTest {
    static final long SEED = 11;

    static Coin coin(int miner, long round, long nonce, byte[] digest) {
        return new Coin(CoinLayout.COIN_MAGIC, miner, round, nonce, 0, 0, 0, digest, 0, 0, 0, 0);
    }

    @Test
    void goodCoinsPassAndABadOneIsNamedInAnyBatch() {
        CoinVerifier reference = new CoinVerifier();
        BatchVerifier v = new BatchVerifier(SEED).start(5, 0);
        for (long k = 0; k < 3000; k++) { // three batches and a part, miners mixed
            int miner = (int) (k % 7);
            v.add(miner, coin(miner, 5, k, reference.digest(SEED, 5, miner, k)));
        }
        v.flush();
        byte[] wrong = reference.digest(SEED, 5, 2, 1234);
        wrong[63] ^= 1;
        v.start(5, 0);
        for (long k = 0; k < 1500; k++) {
            v.add(2, coin(2, 5, k, k == 1234 ? wrong : reference.digest(SEED, 5, 2, k)));
        }
        CoinVerifier.InvalidCoinException e = assertThrows(CoinVerifier.InvalidCoinException.class, v::flush);
        assertEquals("invalid coin from miner 2 (round 5, nonce 1234): digest does not match SHA-512 of its message",
                e.getMessage());
    }

    @Test
    void aCoinBelowTheDifficultyIsNamed() {
        CoinVerifier reference = new CoinVerifier();
        BatchVerifier v = new BatchVerifier(SEED).start(1, 20);
        byte[] d = reference.digest(SEED, 1, 0, 7); // a real digest, but not one of 20 zero bits
        v.add(0, coin(0, 1, 7, d));
        CoinVerifier.InvalidCoinException e = assertThrows(CoinVerifier.InvalidCoinException.class, v::flush);
        assertEquals("invalid coin from miner 0 (round 1, nonce 7): has " + CoinVerifier.leadingZeroBits(d)
                + " leading zero bits, difficulty is 20", e.getMessage());
    }

    @Test
    void aSlotInABufferGivesItsDigestInPlace() {
        CoinVerifier reference = new CoinVerifier();
        byte[] digest = reference.digest(SEED, 9, 3, 42);
        ByteBuffer b = ByteBuffer.allocate(300).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(100 + CoinLayout.COIN_NONCE_OFFSET, 42).put(100 + CoinLayout.COIN_DIGEST_OFFSET, digest);
        BatchVerifier v = new BatchVerifier(SEED).start(9, 0);
        v.add(3, new CoinSlot().at(b, 100, 0));
        v.flush();
    }
}

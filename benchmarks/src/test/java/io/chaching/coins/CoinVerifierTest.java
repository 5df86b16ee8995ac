package io.chaching.coins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.chaching.coins.BatchVerifierTest.coin;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A round's coin check (the miners' kernel since the round gap's study) passes good coins and names bad ones. */
class CoinVerifierTest {
    static final long SEED = 23;

    @Test
    void aGoodCoinPassesAndAWrongDigestOrATooEasyOneIsNamed() {
        CoinVerifier v = new CoinVerifier();
        // a nonce with at least 4 leading zero bits, found with MessageDigest (the Java reference)
        long n = 0;
        while (CoinVerifier.leadingZeroBits(v.digest(SEED, 4, 6, n)) < 4) {
            n++;
        }
        long nonce = n;
        byte[] good = v.digest(SEED, 4, 6, nonce);
        v.verify(coin(6, 4, nonce, good), SEED, 4, 6, 4);
        byte[] wrong = good.clone();
        wrong[17] ^= 0x40;
        CoinVerifier.InvalidCoinException e = assertThrows(CoinVerifier.InvalidCoinException.class,
                () -> v.verify(coin(6, 4, nonce, wrong), SEED, 4, 6, 4));
        assertEquals("invalid coin from miner 6 (round 4, nonce " + nonce + "): digest does not match SHA-512 of its message",
                e.getMessage());
        int zeros = CoinVerifier.leadingZeroBits(good);
        e = assertThrows(CoinVerifier.InvalidCoinException.class,
                () -> v.verify(coin(6, 4, nonce, good), SEED, 4, 6, zeros + 1));
        assertEquals("invalid coin from miner 6 (round 4, nonce " + nonce + "): has " + zeros
                + " leading zero bits, difficulty is " + (zeros + 1), e.getMessage());
        // the same digest is not another miner's or round's coin
        assertThrows(CoinVerifier.InvalidCoinException.class, () -> v.verify(coin(6, 4, nonce, good), SEED + 1, 4, 6, 0));
    }
}

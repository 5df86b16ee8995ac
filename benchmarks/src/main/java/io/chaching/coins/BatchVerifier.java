package io.chaching.coins;

import io.chaching.sys.NativeSha512;
import java.util.Arrays;

/**
 * A stream's digests checked a batch at a time: each coin's miner, nonce and digest are kept (no
 * object a coin), and every {@link #BATCH} coins (and at {@link #flush}) the digests are recomputed
 * in one call of the miners' own SIMD kernel (coin_digests_of in libchaching.so, held to
 * MessageDigest by NativeSha512Test) and compared, and the difficulty checked. A bad coin is named
 * at most a batch later, before the stream's result is returned. Not thread-safe.
 */
public final class BatchVerifier {
    /** Coins a call: past some hundred, the call's own cost is noise. */
    public static final int BATCH = 1024;

    private final long seed;
    private long round;
    private int difficulty;
    private final int[] miners = new int[BATCH];
    private final long[] nonces = new long[BATCH];
    private final byte[] got = new byte[BATCH * CoinLayout.DIGEST_LENGTH];
    private final byte[] want = new byte[BATCH * CoinLayout.DIGEST_LENGTH];
    private int n;

    public BatchVerifier(long seed) {
        this.seed = seed;
    }

    /** Starts a stream's checking: its coins are of {@code round}, at least {@code difficulty} bits. */
    public BatchVerifier start(long streamRound, int streamDifficulty) {
        this.n = 0;
        this.round = streamRound;
        this.difficulty = streamDifficulty;
        return this;
    }

    /** Keeps the coin that came on miner {@code miner}'s channel; checks the batch when it is full. */
    public void add(int miner, CoinView coin) {
        miners[n] = miner;
        nonces[n] = coin.nonce();
        coin.digestInto(got, n * CoinLayout.DIGEST_LENGTH);
        if (++n == BATCH) {
            flush();
        }
    }

    /** Checks the coins kept so far: an InvalidCoinException names the first bad one. */
    public void flush() {
        if (n == 0) {
            return;
        }
        int count = n;
        n = 0;
        NativeSha512.coin_digests_of(seed, round, miners, nonces, count, want);
        for (int k = 0; k < count; k++) {
            int from = k * CoinLayout.DIGEST_LENGTH;
            int to = from + CoinLayout.DIGEST_LENGTH;
            if (!Arrays.equals(got, from, to, want, from, to)) {
                throw new CoinVerifier.InvalidCoinException(miners[k], round, nonces[k],
                        "digest does not match SHA-512 of its message");
            }
            int zeros = CoinVerifier.leadingZeroBits(want, from, CoinLayout.DIGEST_LENGTH);
            if (zeros < difficulty) {
                throw new CoinVerifier.InvalidCoinException(miners[k], round, nonces[k],
                        "has " + zeros + " leading zero bits, difficulty is " + difficulty);
            }
        }
    }
}

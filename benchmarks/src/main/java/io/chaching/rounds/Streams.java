package io.chaching.rounds;

import io.chaching.coins.BatchVerifier;
import io.chaching.coins.CoinLayout;
import io.chaching.coins.CoinVerifier;
import io.chaching.coins.Quota;
import io.chaching.coins.Sink;
import io.chaching.handoff.Handoff;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import java.io.IOException;
import java.util.Arrays;

/**
 * Streams on a pool through one hand-off: every miner mines {@code count} coins (nonces
 * ascending) and hands each off at once, in batches of {@code batch} per write or ring
 * publish. Every coin is checked: miner, round, payload checksum, nonces strictly ascending per
 * miner (so none twice), exactly {@code count} per miner; and, unless the caller measures pure
 * transport, its digest recomputed.
 */
public final class Streams {
    /** What one stream asks of every miner. */
    public record Spec(long round, int difficulty, long count, int payloadLength, int batch, long paceNs,
                       boolean verifyDigests, boolean premined) {
        /** A stream whose miners mine as they go. */
        public Spec(long round, int difficulty, long count, int payloadLength, int batch, long paceNs,
                    boolean verifyDigests) {
            this(round, difficulty, count, payloadLength, batch, paceNs, verifyDigests, false);
        }

        public Spec {
            if (premined && count > CoinLayout.MAX_PREMINED) {
                throw new IllegalArgumentException("a premined stream holds at most " + CoinLayout.MAX_PREMINED
                        + " coins a miner: count=" + count);
            }
            if (count < 1) {
                throw new IllegalArgumentException("coins per miner must be >= 1: count=" + count);
            }
            if (payloadLength < 0 || payloadLength > CoinLayout.MAX_PAYLOAD) {
                throw new IllegalArgumentException("payload must be in 0.." + CoinLayout.MAX_PAYLOAD + ": payload=" + payloadLength);
            }
            if (batch < 1 || batch > CoinLayout.MAX_BATCH) {
                throw new IllegalArgumentException("batch must be in 1.." + CoinLayout.MAX_BATCH + ": batch=" + batch);
            }
        }
    }

    /** A finished stream: from the start stamp to the last coin cashed in. */
    public record Result(long startNs, long lastCashedNs, long coins, long payloadBytes) {
        public double coinsPerSecond() {
            return coins * 1e9 / (lastCashedNs - startNs);
        }

        public double megabytesPerSecond() {
            return (coins * (double) CoinLayout.COIN_LENGTH + payloadBytes) / 1e6 * 1e9 / (lastCashedNs - startNs);
        }
    }

    private final MinerPool pool;
    private final Handoff handoff;
    private final long seed;
    private final long timeoutNanos;
    private final CoinVerifier verifier = new CoinVerifier();
    private final BatchVerifier batch;
    private volatile long startNs;

    public Streams(MinerPool pool, Handoff handoff, long seed, long timeoutNanos) throws IOException {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("stream timeout must be > 0: timeoutNanos=" + timeoutNanos);
        }
        this.pool = pool;
        this.handoff = handoff;
        this.seed = seed;
        this.batch = new BatchVerifier(seed);
        this.timeoutNanos = timeoutNanos;
        handoff.attach(pool);
    }

    /** The start stamp of the stream running now (or last run): a trace record's roundStartNs. */
    public long startNs() {
        return startNs;
    }

    /**
     * Runs one stream; {@code listener} (may be null) hears each coin whose header is checked (its
     * digest is checked a batch later, and a bad one fails the stream before it returns).
     */
    public Result run(Spec spec, Sink listener) throws RoundFailedException {
        int n = pool.size();
        long[] lastNonce = new long[n];
        boolean[] any = new boolean[n];
        long[] coins = {0};
        long[] payloadBytes = {0};
        long[] lastCashed = {0};
        int[] difficulty = new int[n];
        Arrays.fill(difficulty, spec.difficulty());
        long start;
        try {
            start = pool.start(new Miner.Command(CoinLayout.COMMAND_STREAM, seed, spec.round(), 0, spec.count(),
                    handoff.channel(), spec.payloadLength(), spec.batch(), spec.paceNs(),
                    spec.premined() ? CoinLayout.STREAM_PREMINED : 0), difficulty);
            startNs = start;
            // digests a batch at a time with the miners' own SIMD kernel: MessageDigest, one a coin,
            // was the JVM parent's bound once the miners stopped being it (premined streams)
            BatchVerifier digests = spec.verifyDigests() ? batch.start(spec.round(), spec.difficulty()) : null;
            handoff.cashIn(pool, new Quota(n, spec.count()), start + timeoutNanos, (miner, coin) -> {
                verifier.verifyTransport(coin, spec.round(), miner);
                if (digests != null) {
                    digests.add(miner, coin);
                }
                if (any[miner]) {
                    NonceOrder.checkAfter(miner, lastNonce[miner], coin.nonce());
                }
                any[miner] = true;
                lastNonce[miner] = coin.nonce();
                coins[0]++;
                payloadBytes[0] += coin.payloadLength();
                lastCashed[0] = coin.cashedNs();
                if (listener != null) {
                    listener.cashedIn(miner, coin);
                }
            });
            if (digests != null) {
                digests.flush();
            }
        } catch (IOException | RuntimeException e) {
            throw new RoundFailedException(spec.round(), handoff.name(), "stream: " + e.getMessage(), e);
        }
        return new Result(start, lastCashed[0], coins[0], payloadBytes[0]);
    }
}

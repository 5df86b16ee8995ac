package io.chaching.coins;

/**
 * Receives each coin as it is cashed in; the miner is the one whose channel it came on. The view
 * is valid only during the call (it may lie in a buffer the next read overwrites): a sink that
 * keeps the coin keeps {@link CoinView#toCoin()}.
 */
@FunctionalInterface
public interface Sink {
    void cashedIn(int miner, CoinView coin);
}

package io.chaching.coins;

/** Receives each coin as it is cashed in; the miner is the one whose channel it came on. */
@FunctionalInterface
public interface Sink {
    void cashedIn(int miner, Coin coin);
}

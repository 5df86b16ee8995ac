package io.chaching.rounds;

import io.chaching.coins.Coin;
import java.util.List;

/** One finished round: its start stamp and its coins in the order they were cashed in. */
public record RoundResult(long round, long startNs, List<Coin> coins) {
    public RoundResult {
        coins = List.copyOf(coins);
    }

    /** Round start to the last coin cashed in. */
    public long makespanNs() {
        return coins.get(coins.size() - 1).cashedNs() - startNs;
    }

    /** Round start to the first coin cashed in. */
    public long timeToFirstCoinNs() {
        return coins.get(0).cashedNs() - startNs;
    }

    /** Miner ids in cash-in order. */
    public int[] cashInOrder() {
        return coins.stream().mapToInt(Coin::miner).toArray();
    }
}

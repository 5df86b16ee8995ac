/* What a miner hands off, made: a stream's coins, each mined or taken from a premined block, with
 * its payload. Shared by the miner and by produce_coins(), the producer's own ceiling with the
 * hand-off taken out (libchaching.so, for ProducerBenchmark). */
#ifndef CHACHING_PRODUCE_H
#define CHACHING_PRODUCE_H

#include "coin.h"

#include <stdint.h>

/* Every coin's payload is the stream's template with the nonce in its first 8 bytes, so no two
 * payloads are alike and the checksum changes by one word per coin. */
struct payload {
    uint8_t *template;
    uint32_t length;
    uint64_t seed;
    uint64_t template_sum;
};

/* Makes (or remakes) the template of `length` bytes for (seed, miner); 0, or -1 when out of memory. */
int payload_init(struct payload *pl, uint32_t length, uint64_t seed, uint32_t miner);

/* Writes the payload of the coin with this nonce at dst; returns its checksum. */
uint64_t payload_put(const struct payload *pl, uint8_t *dst, uint64_t nonce);

/* The coins of (seed, round, miner) at a difficulty, nonces ascending, mined once and kept, so that
 * streams of them hand off at memory speed: nonce[k], digest[64k..64k+63]. */
struct block {
    uint64_t seed, round, count;
    uint32_t miner, difficulty;
    uint64_t *nonce;
    uint8_t *digest;
};

/* Mines the block unless it already holds these coins (the first `count` of them, or more);
 * 0, or -1 with errno (ENOMEM; E2BIG when count exceeds MAX_PREMINED). */
int block_ensure(struct block *b, uint64_t seed, uint64_t round, uint32_t miner, uint32_t difficulty, uint64_t count);

void block_free(struct block *b);

/* One stream's making: its coins are searched for (block NULL) or the block's. */
struct production {
    uint64_t seed, round, started_ns;
    uint32_t miner, difficulty;
    const struct block *block;
    const struct payload *payload;
    uint64_t next_nonce; /* mining: where the search for the next coin starts */
};

/* Coin k of the stream, header, nonce and digest, in *coin; the caller then writes its payload
 * (payload_put, where the record goes) and stamps mined_ns. */
void produce_coin(struct production *p, uint64_t k, struct coin *coin);

/* The producer's ceiling: `count` coins of (seed, round, miner) made as a miner makes them for a
 * stream (mined, or premined at difficulty 0 when `premined`; a clock read per coin mined, per
 * batch premined) into a 64 KiB buffer that is dropped when full instead of written. The premined
 * block is kept from call to call (mined by the first call of its seed, round, miner and count,
 * as a miner keeps it from stream to stream; not thread-safe). Returns a
 * checksum of what it made (so none of it is optimized away), or 0 with *ok 0 when it cannot
 * (count beyond MAX_PREMINED premined, payload beyond MAX_PAYLOAD, out of memory). */
uint64_t produce_coins(uint64_t seed, uint64_t round, uint32_t miner, uint64_t count, uint32_t payload_length,
                       uint32_t batch, int premined, int *ok);

#endif

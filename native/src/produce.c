/* A stream's coins, mined or premined, and the producer's ceiling (include/produce.h). */
#include "produce.h"

#include "coinio.h"
#include "sha512.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Coins are searched in slices so a round never sits in one call for long; the slice is big
 * enough that the per-call setup is noise. */
#define COIN_SLICE 65536u

int payload_init(struct payload *pl, uint32_t length, uint64_t seed, uint32_t miner)
{
    free(pl->template);
    pl->template = NULL;
    pl->length = length;
    pl->seed = seed;
    pl->template_sum = 0;
    if (length == 0)
        return 0;
    pl->template = malloc(length);
    if (!pl->template)
        return -1;
    uint64_t x = seed ^ ((uint64_t)miner << 32) ^ 0x5851F42D4C957F2Dull;
    for (uint32_t i = 0; i < length; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        pl->template[i] = (uint8_t)x;
    }
    pl->template_sum = payload_checksum(pl->template, length);
    return 0;
}

static uint64_t mix(uint64_t w, uint64_t i)
{
    return w ^ (i * PAYLOAD_MIX);
}

uint64_t payload_put(const struct payload *pl, uint8_t *dst, uint64_t nonce)
{
    if (pl->length == 0)
        return 0;
    memcpy(dst, pl->template, pl->length);
    if (pl->length < 8)
        return payload_checksum(dst, pl->length);
    uint64_t old;
    memcpy(&old, pl->template, 8);
    memcpy(dst, &nonce, 8);
    return pl->template_sum - mix(old, 0) + mix(nonce, 0);
}

/* The first coin at or after *next (its nonce and digest), searched slice by slice; *next then
 * points past it. */
static void search_from(uint64_t seed, uint64_t round, uint32_t miner, uint32_t difficulty, uint64_t *next,
                        uint64_t *nonce, uint8_t *digest)
{
    uint64_t start = *next;
    while (!coin_search(seed, round, miner, difficulty, start, COIN_SLICE, nonce, digest))
        start += COIN_SLICE;
    *next = *nonce + 1;
}

void block_free(struct block *b)
{
    free(b->nonce);
    free(b->digest);
    memset(b, 0, sizeof *b);
}

int block_ensure(struct block *b, uint64_t seed, uint64_t round, uint32_t miner, uint32_t difficulty, uint64_t count)
{
    if (b->nonce && b->seed == seed && b->round == round && b->miner == miner && b->difficulty == difficulty
        && b->count >= count)
        return 0;
    if (count > MAX_PREMINED) {
        errno = E2BIG;
        return -1;
    }
    block_free(b);
    b->nonce = malloc((count ? count : 1) * sizeof *b->nonce);
    b->digest = malloc((count ? count : 1) * SHA512_DIGEST_LENGTH);
    if (!b->nonce || !b->digest) {
        block_free(b);
        errno = ENOMEM;
        return -1;
    }
    if (difficulty == 0) {
        /* every nonce is a coin: all the digests in one pass of the lanes kernel */
        for (uint64_t k = 0; k < count; k++)
            b->nonce[k] = k;
        coin_digests(seed, round, miner, 0, count, b->digest);
    } else {
        uint64_t next = 0;
        for (uint64_t k = 0; k < count; k++)
            search_from(seed, round, miner, difficulty, &next, &b->nonce[k], b->digest + k * SHA512_DIGEST_LENGTH);
    }
    b->seed = seed;
    b->round = round;
    b->miner = miner;
    b->difficulty = difficulty;
    b->count = count;
    return 0;
}

void produce_coin(struct production *p, uint64_t k, struct coin *coin)
{
    *coin = (struct coin){.magic = COIN_MAGIC, .miner = p->miner, .round = p->round, .difficulty = p->difficulty,
                          .started_ns = p->started_ns, .payload_length = p->payload->length}; /* no padding */
    if (p->block) {
        coin->nonce = p->block->nonce[k];
        memcpy(coin->digest, p->block->digest + k * SHA512_DIGEST_LENGTH, SHA512_DIGEST_LENGTH);
    } else {
        search_from(p->seed, p->round, p->miner, p->difficulty, &p->next_nonce, &coin->nonce, coin->digest);
    }
}

uint64_t produce_coins(uint64_t seed, uint64_t round, uint32_t miner, uint64_t count, uint32_t payload_length,
                       uint32_t batch, int premined, int *ok)
{
    static struct block blk; /* kept from call to call, as a miner keeps it from stream to stream */
    *ok = 0;
    struct payload pl = {0};
    size_t record = sizeof(struct coin) + payload_length, cap = record > 65536 ? record : 65536;
    uint8_t *buf = payload_length <= MAX_PAYLOAD && batch >= 1 ? malloc(cap) : NULL;
    if (!buf || payload_init(&pl, payload_length, seed, miner) != 0
        || (premined && block_ensure(&blk, seed, round, miner, 0, count) != 0)) {
        free(buf);
        free(pl.template);
        return 0;
    }
    struct production p = {.seed = seed, .round = round, .started_ns = now_ns(), .miner = miner,
                           .block = premined ? &blk : NULL, .payload = &pl};
    uint64_t acc = 0, stamp = now_ns();
    size_t used = 0;
    for (uint64_t k = 0, in_batch = 0; k < count; k++) {
        if (used + record > cap)
            used = 0; /* where a miner would write(2) or publish: dropped */
        struct coin coin;
        produce_coin(&p, k, &coin);
        coin.payload_sum = payload_put(&pl, buf + used + sizeof coin, coin.nonce);
        coin.mined_ns = premined ? stamp : now_ns();
        memcpy(buf + used, &coin, sizeof coin);
        acc += coin.nonce ^ coin.payload_sum ^ buf[used + 64];
        used += record;
        if (++in_batch == batch) {
            in_batch = 0;
            if (premined)
                stamp = now_ns();
        }
    }
    acc ^= stamp;
    free(buf);
    free(pl.template);
    *ok = 1;
    return acc;
}

/* Cash-in per hand-off: a pipe read or a ring drain stamps the moment the coins are in hand,
 * then every coin is verified (sha512 of its message, side by side) and recorded. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"
#include "sha512.h"

#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static _Noreturn void bad_coin(struct parent *p, struct miner *m, const struct coin *c, const char *why)
{
    char when[32];
    parent_fail(p, "%s (hand-off %s): bad coin from miner %u (round %" PRIu64 ", nonce %" PRIu64 "): %s",
                what_round(p, when, sizeof when), p->handoff->name, m->id, c->round, c->nonce, why);
}

static void put_decimal_line(uint32_t id)
{
    char line[48] = "Mining ";
    size_t len = 7 + put_u64(line + 7, id);
    memcpy(line + len, " done, cha-ching!\n", 18);
    fwrite_unlocked(line, 1, len + 18, stdout);
}

/* Hashes the coin messages of the n records at `at` (`stride` bytes apart), side by side. */
static void hash_messages(struct parent *p, struct miner *m, const uint8_t *at, size_t n, size_t stride)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *r = at + i * stride;
        uint64_t nonce;
        memcpy(&nonce, r + offsetof(struct coin, nonce), 8);
        coin_message(p->seed, p->round, m->id, nonce, p->verify_msgs + i * COIN_MESSAGE_LENGTH);
    }
    if (n >= 4)
        sha512_one_block_lanes(p->verify_msgs, COIN_MESSAGE_LENGTH, n, p->verify_digests);
    else
        for (size_t i = 0; i < n; i++)
            sha512(p->verify_msgs + i * COIN_MESSAGE_LENGTH, COIN_MESSAGE_LENGTH,
                   p->verify_digests + i * SHA512_DIGEST_LENGTH);
}

/* The coin at r (its header copied to c) against what was asked and its digest. */
static void check_coin(struct parent *p, struct miner *m, const struct coin *c, const uint8_t *r,
                       const uint8_t *digest)
{
    if (c->magic != COIN_MAGIC)
        bad_coin(p, m, c, "bad magic (not \"COIN\")");
    if (c->miner != m->id)
        bad_coin(p, m, c, "names another miner");
    if (c->round != p->round)
        bad_coin(p, m, c, "wrong round");
    if (c->payload_length != p->payload)
        bad_coin(p, m, c, "wrong payload length");
    if (m->owed == 0)
        bad_coin(p, m, c, "more coins than were asked for");
    if (p->stream && m->delivered && c->nonce <= m->last_nonce)
        bad_coin(p, m, c, "nonce does not ascend");
    if (digest && memcmp(c->digest, digest, 64) != 0)
        bad_coin(p, m, c, "digest is not sha512 of its coin message");
    if (digest && sha512_leading_zero_bits(c->digest) < p->difficulty)
        bad_coin(p, m, c, "too few leading zero bits");
    if (payload_checksum(r + sizeof *c, p->payload) != c->payload_sum)
        bad_coin(p, m, c, "payload checksum does not match payload_sum");
}

/* A measured coin: its delay, its trace row, the round's first and last cash-in, its line. */
static void record_coin(struct parent *p, struct miner *m, const struct coin *c, uint64_t cashed)
{
    uint64_t k = p->coins++;
    record_delay(p, k, (int64_t)(cashed - c->mined_ns));
    if (p->trace) {
        if (p->trace_cap && p->trace_n == p->trace_cap)
            trace_flush(p);
        struct trace_row *t = &p->trace[p->trace_cap ? p->trace_n++ : k];
        t->miner = m->id;
        t->round = c->round;
        t->nonce = c->nonce;
        t->round_start = p->round_start;
        t->started = c->started_ns;
        t->mined = c->mined_ns;
        t->cashed = cashed;
        memcpy(t->digest, c->digest, 64);
    }
    if (!p->first_cash)
        p->first_cash = cashed;
    p->last_cash = cashed;
    if (!p->quiet)
        put_decimal_line(m->id);
}

/* Verifies the n records at `at` (record bytes apart; `stride` may exceed the record in a
 * ring) and records them. The stamp was taken before any of this. */
static void verify_and_record(struct parent *p, struct miner *m, const uint8_t *at, size_t n,
                              size_t stride, uint64_t cashed)
{
    int digests = !(p->headers_only && p->stream); /* --verify headers: a stream's headers only */
    if (digests)
        hash_messages(p, m, at, n, stride);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *r = at + i * stride;
        struct coin c;
        memcpy(&c, r, sizeof c);
        check_coin(p, m, &c, r, digests ? p->verify_digests + i * SHA512_DIGEST_LENGTH : NULL);
        m->last_nonce = c.nonce;
        m->delivered++;
        m->owed--;
        p->remaining--;
        if (!p->warming)
            record_coin(p, m, &c, cashed);
    }
    /* Each line is out when its coin is cashed (the coins of one read or drain together), whatever
     * stdout is: through a pipe stdio would hold them to the end, and a Ctrl-C would lose them. */
    if (!p->quiet && !p->warming)
        fflush(stdout);
}

void cash_records(struct parent *p, struct miner *m, const uint8_t *at, size_t n, uint64_t cashed)
{
    while (n) {
        size_t k = n < VERIFY_MAX ? n : VERIFY_MAX;
        verify_and_record(p, m, at, k, p->record, cashed);
        at += k * p->record;
        n -= k;
    }
}

long pipe_read(struct parent *p, struct miner *m)
{
    ssize_t n = read(m->coin_fd, m->buf + m->end, m->cap - m->end);
    COUNT(p, reads);
    if (n > 0) {
        count_add(&p->counts.main.bytes_read, (uint64_t)n);
        m->end += (size_t)n;
        return n;
    }
    if (n == 0)
        miner_lost(p, m);
    if (errno == EAGAIN)
        return 0;
    if (errno == EINTR)
        return -1;
    fail_errno(p, "read coins");
}

void pipe_cash(struct parent *p, struct miner *m)
{
    if (m->end - m->start >= p->record)
        pipe_cash_stamped(p, m, now_ns());
}

void pipe_cash_stamped(struct parent *p, struct miner *m, uint64_t cashed)
{
    size_t n = (m->end - m->start) / p->record;
    cash_records(p, m, m->buf + m->start, n, cashed);
    m->start += n * p->record;
    /* Keep the buffer's free space at least 64 KiB: the partial record moves to the front. */
    if (m->start == m->end) {
        m->start = m->end = 0;
    } else {
        memmove(m->buf, m->buf + m->start, m->end - m->start);
        m->end -= m->start;
        m->start = 0;
    }
}

size_t ring_drain(struct parent *p, struct miner *m)
{
    _Atomic uint64_t *producer = (_Atomic uint64_t *)(m->ring + RING_PRODUCER_OFFSET);
    /* Pairs with the miner's store-release in ring_publish: the records are visible. */
    uint64_t end = atomic_load_explicit(producer, memory_order_acquire);
    if (end == m->consumed)
        return 0;
    uint64_t cashed = now_ns();
    uint8_t *data = m->ring + RING_DATA_OFFSET;
    uint64_t mask = p->capacity - 1, pos = m->consumed;
    size_t cashed_n = 0;
    while (pos < end) {
        uint64_t idx = pos & mask;
        uint32_t magic;
        memcpy(&magic, data + idx, 4);
        if (magic == PAD_MAGIC) {
            uint32_t skip;
            memcpy(&skip, data + idx + 4, 4);
            if (skip != p->capacity - idx)
                parent_fail(p, "miner %u: ring pad at %" PRIu64 " skips %u bytes, the ring's end is %" PRIu64
                            " away", m->id, pos, skip, p->capacity - idx);
            pos += skip;
            continue;
        }
        /* Records between here and the ring's end (or `end`) are contiguous: verify them together. */
        uint64_t upto = end - pos < p->capacity - idx ? end - pos : p->capacity - idx;
        size_t n = (size_t)(upto / p->ring_record);
        if (n == 0)
            parent_fail(p, "miner %u: malformed ring: producer=%" PRIu64 " position=%" PRIu64 " magic=0x%08x",
                        m->id, end, pos, magic);
        /* A pad only fills a gap shorter than a record, so none hides inside these n. */
        if (n > VERIFY_MAX)
            n = VERIFY_MAX;
        verify_and_record(p, m, data + idx, n, p->ring_record, cashed);
        pos += n * p->ring_record;
        cashed_n += n;
    }
    m->consumed = pos;
    /* Pairs with the miner's load-acquire of consumer in ring_reserve: we are done reading. */
    atomic_store_explicit((_Atomic uint64_t *)(m->ring + RING_CONSUMER_OFFSET), pos, memory_order_release);
    return cashed_n;
}

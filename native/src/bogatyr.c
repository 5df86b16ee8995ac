/* A bogatyr: one of N processes that agree, with no conductor, which letter of a text each of
 * them owns, then speak the text in order (../shared/seeds/002: "33 bogatyrs").
 *
 *   bogatyr --count N --address A --listener L --transport pipe|shm --text T --parent-pid P
 *           [--seed S] [--chaos] [--serve] [--capacity SLOTS] [--draw-bits B] [--die-at STAGE]
 *   bogatyr --layout
 *
 * A is the label of its own inbox and L the listening parent's, both from a permutation of
 * 0..N shuffled per run: addresses name channels, never places (native/include/bogatyr.h).
 *
 * Agreement: every bogatyr draws a number and broadcasts it; when it has the draws of everyone
 * still drawing, it sorts. Bogatyrs whose draws so far are all equal collide and draw again, the
 * others are settled; a place is the rank of a bogatyr's sequence of draws. Everyone sees every
 * draw, so everyone computes the same order, and the k-th distinct letter of the text (in order
 * of first appearance) belongs to place k. Each then sends AGREED, point-to-point, with a digest
 * of the order to place 0 and to the parent; place 0 speaks the first letter once all N digests
 * are in and equal its own. Every later letter is spoken (broadcast) by its owner once it has
 * heard the letter before it. A speaker writes to the parent's inbox first, so the parent hears
 * the letters in order.
 *
 * Draws come from getrandom(2); with --seed they are a hash of (seed, address, run, round), so a
 * run can be repeated. That ties a place to (seed, address) but not to the address: the hash
 * ranks the addresses in a fresh random order for every seed. --draw-bits shrinks the draws so
 * tests can force collisions; --die-at kills this bogatyr (SIGKILL) at a stage, for the tests
 * of a death mid-protocol; --chaos sleeps or yields at random (seeded) at every step; --serve
 * runs the protocol again on every START the parent broadcasts (the benchmark). Exit 0 once the
 * whole text is heard; 3 when an inbox's reader has gone (EPIPE); 4 on a disagreement.
 */
#include "bogatyr.h"
#include "coinio.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "bogatyr";

enum stage { STAGE_NONE, STAGE_DRAW, STAGE_AGREEMENT, STAGE_SPEAKING };

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(EXIT_FAILED);
}

static void usage(const char *why)
{
    fprintf(stderr,
            "%s: %s\n"
            "usage: %s --count N --address A --listener L --transport pipe|shm --text T --parent-pid P\n"
            "          [--seed S] [--chaos] [--serve] [--capacity SLOTS] [--draw-bits 1..64]\n"
            "          [--die-at draw|agreement|speaking]\n"
            "       %s --layout\n",
            prog, why, prog, prog);
    exit(2);
}

static uint64_t parse_u64(const char *flag, const char *s, uint64_t min, uint64_t max)
{
    return arg_u64(prog, flag, s, min, max);
}

/* ---- randomness ---------------------------------------------------------------------------- */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t entropy(void)
{
    uint64_t v;
    if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
        die("getrandom");
    return v;
}

/* ---- text ---------------------------------------------------------------------------------- */

/* Decodes UTF-8 into code points; -1 on a malformed sequence. */
static long decode_utf8(const char *s, uint32_t *out, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        uint32_t c;
        int more;
        if (*p < 0x80) { c = *p; more = 0; }
        else if ((*p & 0xE0) == 0xC0) { c = *p & 0x1F; more = 1; }
        else if ((*p & 0xF0) == 0xE0) { c = *p & 0x0F; more = 2; }
        else if ((*p & 0xF8) == 0xF0) { c = *p & 0x07; more = 3; }
        else return -1;
        p++;
        for (int i = 0; i < more; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return -1;
            c = (c << 6) | (*p & 0x3F);
        }
        if (n == max)
            return -1;
        out[n++] = c;
    }
    return (long)n;
}

/* ---- the bogatyr's state ------------------------------------------------------------------- */

struct queue {
    struct bmsg *m;
    size_t head, len, cap;
};

static void queue_push(struct queue *q, const struct bmsg *m)
{
    if (q->len == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 256;
        struct bmsg *n = malloc(cap * sizeof *n);
        if (!n)
            die("malloc queue");
        for (size_t i = 0; i < q->len; i++)
            n[i] = q->m[(q->head + i) % q->cap];
        free(q->m);
        q->m = n;
        q->head = 0;
        q->cap = cap;
    }
    q->m[(q->head + q->len) % q->cap] = *m;
    q->len++;
}

static int queue_pop(struct queue *q, struct bmsg *m)
{
    if (!q->len)
        return 0;
    *m = q->m[q->head];
    q->head = (q->head + 1) % q->cap;
    q->len--;
    return 1;
}

struct bog {
    uint32_t n, me, listener;
    uint32_t w;          /* n + 1: addresses 0..n, one of them the listener's */
    int shm, chaos, serve, seeded;
    unsigned draw_bits;
    uint64_t seed, chaos_state;
    enum stage die_at;
    /* the text */
    uint32_t *text;
    size_t length;
    uint32_t *letters; /* distinct letters, in order of first appearance */
    uint32_t distinct;
    uint32_t *letter_of; /* text position -> index into letters */
    /* transport */
    uint8_t *base;       /* shm: every inbox */
    uint64_t capacity, inbox_bytes, head;
    uint8_t rbuf[4096];  /* pipe: bytes read but not yet a whole message */
    size_t rlen;
    struct queue pending;  /* read from the inbox, not yet handled (drained while a write waited) */
    struct queue later;    /* for a run that has not started here yet */
    /* one run */
    uint32_t run;
    uint64_t *draw;        /* draw[round * n + address] */
    uint8_t *have;
    uint32_t *count;       /* draws heard per round */
    uint32_t rounds_cap;
    uint8_t *agreed;
    uint64_t *digest;
    uint32_t agreed_count;
    uint8_t *heard;        /* per text position */
    size_t next;           /* first position not heard yet */
};

static void chaos(struct bog *b)
{
    if (!b->chaos)
        return;
    uint64_t r = mix64(b->chaos_state += 0x9E3779B97F4A7C15ull);
    switch (r & 7) {
    case 0: {
        struct timespec ts = {0, (long)((r >> 8) % 1000000)};
        nanosleep(&ts, NULL);
        break;
    }
    case 1:
    case 2:
        sched_yield();
        break;
    default:
        break;
    }
}

/* ---- shm inboxes ----------------------------------------------------------------------------- */

static uint8_t *inbox_at(struct bog *b, uint32_t address)
{
    return b->base + (uint64_t)address * b->inbox_bytes;
}

static _Atomic uint64_t *u64_at(uint8_t *p)
{
    return (_Atomic uint64_t *)p;
}

static _Atomic uint32_t *u32_at(uint8_t *p)
{
    return (_Atomic uint32_t *)p;
}

/* One message into a ring; 0 when the ring is full. */
static int ring_offer(struct bog *b, uint32_t address, const struct bmsg *m)
{
    uint8_t *in = inbox_at(b, address);
    _Atomic uint64_t *tail = u64_at(in + INBOX_TAIL_OFFSET);
    uint64_t pos = atomic_load_explicit(tail, memory_order_relaxed);
    for (;;) {
        uint8_t *slot = in + INBOX_SLOTS_OFFSET + (pos & (b->capacity - 1)) * SLOT_BYTES;
        uint64_t lap = pos / b->capacity;
        /* Pairs with the consumer's store-release of 2*lap: its read of the old message is done. */
        uint64_t turn = atomic_load_explicit(u64_at(slot + SLOT_TURN_OFFSET), memory_order_acquire);
        if (turn == 2 * lap) {
            if (atomic_compare_exchange_weak_explicit(tail, &pos, pos + 1, memory_order_relaxed,
                                                      memory_order_relaxed)) {
                memcpy(slot + SLOT_MESSAGE_OFFSET, m, sizeof *m);
                /* Pairs with the consumer's load-acquire of the turn: the message is in before it. */
                atomic_store_explicit(u64_at(slot + SLOT_TURN_OFFSET), 2 * lap + 1, memory_order_release);
                break;
            }
            /* pos now holds the tail another producer moved on: try there */
        } else if (turn < 2 * lap) {
            return 0; /* the consumer has not taken last lap's message from this slot */
        } else {
            pos = atomic_load_explicit(tail, memory_order_relaxed);
        }
    }
    /* seq_cst, both sides: either the owner sees the message before it sleeps, or we see it asleep. */
    atomic_fetch_add_explicit(u32_at(in + INBOX_BELL_OFFSET), 1, memory_order_seq_cst);
    if (atomic_load_explicit(u32_at(in + INBOX_SLEEPING_OFFSET), memory_order_seq_cst))
        syscall(SYS_futex, in + INBOX_BELL_OFFSET, FUTEX_WAKE, 1, NULL, NULL, 0);
    return 1;
}

/* Takes every message in our own ring into `pending`; how many. */
static size_t ring_drain(struct bog *b)
{
    uint8_t *in = inbox_at(b, b->me);
    size_t got = 0;
    for (;;) {
        uint8_t *slot = in + INBOX_SLOTS_OFFSET + (b->head & (b->capacity - 1)) * SLOT_BYTES;
        uint64_t lap = b->head / b->capacity;
        if (atomic_load_explicit(u64_at(slot + SLOT_TURN_OFFSET), memory_order_acquire) != 2 * lap + 1)
            return got;
        struct bmsg m;
        memcpy(&m, slot + SLOT_MESSAGE_OFFSET, sizeof m);
        /* Pairs with the producer's load-acquire of the turn next lap. */
        atomic_store_explicit(u64_at(slot + SLOT_TURN_OFFSET), 2 * lap + 2, memory_order_release);
        b->head++;
        queue_push(&b->pending, &m);
        got++;
    }
}

static void ring_wait(struct bog *b)
{
    uint8_t *in = inbox_at(b, b->me);
    _Atomic uint32_t *bell = u32_at(in + INBOX_BELL_OFFSET);
    _Atomic uint32_t *sleeping = u32_at(in + INBOX_SLEEPING_OFFSET);
    uint32_t seen = atomic_load_explicit(bell, memory_order_seq_cst);
    atomic_store_explicit(sleeping, 1, memory_order_seq_cst);
    if (ring_drain(b) == 0) {
        struct timespec ts = {0, 100000000}; /* wake now and then: a missed wake-up costs 100 ms, not a hang */
        syscall(SYS_futex, (uint32_t *)bell, FUTEX_WAIT, seen, &ts, NULL, 0);
    }
    atomic_store_explicit(sleeping, 0, memory_order_seq_cst);
}

/* ---- pipe inboxes ---------------------------------------------------------------------------- */

/* Reads what our pipe holds (without blocking) into `pending`; how many messages. */
static size_t pipe_drain(struct bog *b)
{
    size_t got = 0;
    for (;;) {
        ssize_t r = read(INBOX_FD, b->rbuf + b->rlen, sizeof b->rbuf - b->rlen);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                return got;
            die("read inbox");
        }
        if (r == 0) {
            errno = EPIPE;
            die("read inbox: every writer has gone");
        }
        b->rlen += (size_t)r;
        size_t whole = b->rlen / sizeof(struct bmsg) * sizeof(struct bmsg);
        for (size_t off = 0; off < whole; off += sizeof(struct bmsg)) {
            struct bmsg m;
            memcpy(&m, b->rbuf + off, sizeof m);
            queue_push(&b->pending, &m);
            got++;
        }
        memmove(b->rbuf, b->rbuf + whole, b->rlen - whole);
        b->rlen -= whole;
    }
}

static size_t drain(struct bog *b)
{
    return b->shm ? ring_drain(b) : pipe_drain(b);
}

/* Point-to-point: one message into the inbox at `address`. While that inbox is full we keep
 * emptying our own, so two bogatyrs writing to each other's full inboxes cannot deadlock. */
static void send_to(struct bog *b, uint32_t address, const struct bmsg *m)
{
    chaos(b);
    if (b->shm) {
        /* A full ring: sleep, doubling from 10 us to 1 ms, rather than spin. With hundreds of
         * bogatyrs on two cores, spinners (even yielding ones) starve the very owners that
         * would empty the rings. */
        long pause_ns = 10000;
        while (!ring_offer(b, address, m)) {
            drain(b);
            struct timespec ts = {0, pause_ns};
            nanosleep(&ts, NULL);
            if (pause_ns < 1000000)
                pause_ns *= 2;
        }
        return;
    }
    int fd = PEER_FD_BASE + (int)address;
    for (;;) {
        ssize_t w = write(fd, m, sizeof *m); /* <= PIPE_BUF: all of it or nothing */
        if (w == (ssize_t)sizeof *m)
            return;
        if (w >= 0) {
            errno = EIO;
            die("write: a short write of a message smaller than PIPE_BUF");
        }
        if (errno == EINTR)
            continue;
        if (errno == EPIPE)
            exit(EXIT_PEER_GONE); /* its reader died: the parent reports that death, not ours */
        if (errno != EAGAIN)
            die("write message");
        drain(b);
        struct pollfd p[2] = {{fd, POLLOUT, 0}, {INBOX_FD, POLLIN, 0}};
        if (poll(p, 2, 100) < 0 && errno != EINTR)
            die("poll");
    }
}

/* Broadcast: to every inbox, the parent's first (it then hears in order what we say in order). */
static void broadcast(struct bog *b, uint32_t kind, uint32_t round, uint64_t value)
{
    struct bmsg m = {kind, b->me, b->run, round, value, now_ns()};
    send_to(b, b->listener, &m);
    for (uint32_t a = 0; a <= b->n; a++)
        if (a != b->listener && a != b->me)
            send_to(b, a, &m);
}

/* The next message from our inbox, waiting for one if need be. */
static void next_message(struct bog *b, struct bmsg *m)
{
    while (!queue_pop(&b->pending, m)) {
        if (drain(b))
            continue;
        if (b->shm) {
            ring_wait(b);
        } else {
            struct pollfd p = {INBOX_FD, POLLIN, 0};
            if (poll(&p, 1, 1000) < 0 && errno != EINTR)
                die("poll inbox");
        }
    }
    chaos(b);
}

/* ---- the protocol ---------------------------------------------------------------------------- */

static void grow_rounds(struct bog *b, uint32_t rounds)
{
    if (rounds <= b->rounds_cap)
        return;
    uint32_t cap = b->rounds_cap ? b->rounds_cap : 4;
    while (cap < rounds)
        cap *= 2;
    b->draw = realloc(b->draw, (size_t)cap * b->w * sizeof *b->draw);
    b->have = realloc(b->have, (size_t)cap * b->w);
    b->count = realloc(b->count, cap * sizeof *b->count);
    if (!b->draw || !b->have || !b->count)
        die("realloc draws");
    memset(b->have + (size_t)b->rounds_cap * b->w, 0, (size_t)(cap - b->rounds_cap) * b->w);
    memset(b->count + b->rounds_cap, 0, (cap - b->rounds_cap) * sizeof *b->count);
    b->rounds_cap = cap;
}

static void protocol_error(struct bog *b, const struct bmsg *m, const char *why)
{
    fprintf(stderr, "%s %u: %s (message kind=%u from=%u run=%u round=%u value=%" PRIu64 ")\n", prog, b->me, why,
            m->kind, m->from, m->run, m->round, m->value);
    exit(EXIT_DISAGREED);
}

/* Takes in one message of this run; one of a run not started here yet waits in `later`. */
static void absorb(struct bog *b, const struct bmsg *m)
{
    if (m->run != b->run || m->kind == MSG_START) {
        if (m->kind == MSG_START || m->run > b->run)
            queue_push(&b->later, m);
        return;
    }
    if (m->from >= b->n + 1 || m->from == b->listener)
        protocol_error(b, m, "a message from no bogatyr");
    switch (m->kind) {
    case MSG_DRAW:
        if (m->round > 100000)
            protocol_error(b, m, "a draw round beyond reason");
        grow_rounds(b, m->round + 1);
        if (!b->have[(size_t)m->round * b->w + m->from]) {
            b->have[(size_t)m->round * b->w + m->from] = 1;
            b->draw[(size_t)m->round * b->w + m->from] = m->value;
            b->count[m->round]++;
        }
        break;
    case MSG_AGREED:
        if (!b->agreed[m->from]) {
            b->agreed[m->from] = 1;
            b->digest[m->from] = m->value;
            b->agreed_count++;
        }
        break;
    case MSG_LETTER:
        if (m->round >= b->length || m->value != b->text[m->round])
            protocol_error(b, m, "a letter that is not the text's");
        b->heard[m->round] = 1;
        while (b->next < b->length && b->heard[b->next])
            b->next++;
        break;
    default:
        protocol_error(b, m, "a message of unknown kind");
    }
}

static void die_here(struct bog *b, enum stage s)
{
    if (b->die_at == s)
        raise(SIGKILL);
}

static struct bog *sorting; /* qsort's comparator has no context argument in C11 */
static uint32_t *key_length;

/* Orders two addresses by their sequences of draws; keys are distinct and none is a prefix of another. */
static int by_draws(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, c = *(const uint32_t *)y;
    uint32_t len = key_length[a] < key_length[c] ? key_length[a] : key_length[c];
    for (uint32_t r = 0; r < len; r++) {
        uint64_t da = sorting->draw[(size_t)r * sorting->w + a], dc = sorting->draw[(size_t)r * sorting->w + c];
        if (da != dc)
            return da < dc ? -1 : 1;
    }
    return key_length[a] < key_length[c] ? -1 : key_length[a] > key_length[c];
}

static uint64_t draw_value(struct bog *b, uint32_t round)
{
    uint64_t v = b->seeded ? mix64(b->seed ^ mix64(b->me + 0x51ull) ^ mix64(((uint64_t)b->run << 32) | round))
                           : entropy();
    return b->draw_bits == 64 ? v : v & ((1ull << b->draw_bits) - 1);
}

/* Draws until every bogatyr's sequence of draws is unique; fills `order` (place -> address). */
static void agree(struct bog *b, uint32_t *order)
{
    uint32_t n = b->n, w = b->w;
    uint8_t *active = malloc(w);
    uint32_t *len = calloc(w, sizeof *len);
    uint32_t *group = malloc(w * sizeof *group);
    if (!active || !len || !group)
        die("malloc");
    memset(active, 1, w);
    active[b->listener] = 0;
    uint32_t nactive = n;
    sorting = b;
    key_length = len;
    die_here(b, STAGE_DRAW);
    for (uint32_t round = 0; nactive > 0; round++) {
        grow_rounds(b, round + 1);
        if (active[b->me]) {
            uint64_t v = draw_value(b, round);
            b->have[(size_t)round * w + b->me] = 1;
            b->draw[(size_t)round * w + b->me] = v;
            b->count[round]++;
            broadcast(b, MSG_DRAW, round, v);
        }
        struct bmsg m;
        while (b->count[round] < nactive) {
            next_message(b, &m);
            absorb(b, &m);
        }
        /* Settle whoever's draws are now unique; the rest collide and draw again. */
        uint32_t k = 0;
        for (uint32_t a = 0; a < w; a++)
            if (active[a]) {
                if (!b->have[(size_t)round * w + a]) {
                    fprintf(stderr, "%s %u: round %u: no draw from active address %u\n", prog, b->me, round, a);
                    exit(EXIT_DISAGREED);
                }
                len[a] = round + 1;
                group[k++] = a;
            }
        qsort(group, k, sizeof *group, by_draws);
        nactive = 0;
        for (uint32_t i = 0; i < k; i++) {
            int same_prev = i > 0 && by_draws(&group[i - 1], &group[i]) == 0;
            int same_next = i + 1 < k && by_draws(&group[i], &group[i + 1]) == 0;
            active[group[i]] = (uint8_t)(same_prev || same_next);
            nactive += active[group[i]];
        }
    }
    uint32_t k = 0;
    for (uint32_t a = 0; a < w; a++)
        if (a != b->listener)
            order[k++] = a;
    qsort(order, n, sizeof *order, by_draws);
    free(active);
    free(len);
    free(group);
}

static uint64_t order_digest(const uint32_t *order, uint32_t n)
{
    uint64_t h = 0x243F6A8885A308D3ull;
    for (uint32_t i = 0; i < n; i++)
        h = mix64(h ^ order[i]) + i;
    return h;
}

static void run_protocol(struct bog *b)
{
    uint32_t n = b->n;
    memset(b->have, 0, (size_t)b->rounds_cap * b->w);
    memset(b->count, 0, b->rounds_cap * sizeof *b->count);
    memset(b->agreed, 0, b->w);
    memset(b->heard, 0, b->length);
    b->agreed_count = 0;
    b->next = 0;
    /* What arrived for this run before it started here. */
    struct queue early = b->later;
    memset(&b->later, 0, sizeof b->later);
    struct bmsg m;
    while (queue_pop(&early, &m))
        absorb(b, &m);
    free(early.m);

    uint32_t *order = malloc(n * sizeof *order);
    if (!order)
        die("malloc");
    agree(b, order);
    uint32_t place = 0;
    while (order[place] != b->me)
        place++;
    uint64_t digest = order_digest(order, n);
    die_here(b, STAGE_AGREEMENT);
    struct bmsg agreed = {MSG_AGREED, b->me, b->run, place, digest, now_ns()};
    send_to(b, b->listener, &agreed);
    if (place == 0) {
        b->agreed[b->me] = 1;
        b->digest[b->me] = digest;
        b->agreed_count++;
        while (b->agreed_count < n) {
            next_message(b, &m);
            absorb(b, &m);
        }
        for (uint32_t a = 0; a < b->w; a++)
            if (a != b->listener && b->digest[a] != digest) {
                fprintf(stderr, "%s %u: address %u agreed on another order (digest %016" PRIx64 ", ours %016" PRIx64 ")\n",
                        prog, b->me, a, b->digest[a], digest);
                exit(EXIT_DISAGREED);
            }
    } else {
        send_to(b, order[0], &agreed);
    }

    /* Speaking: our letter when the one before it has been heard. */
    int spoke_or_heard = 0;
    while (b->next < b->length) {
        if (b->letter_of[b->next] == place) {
            die_here(b, STAGE_SPEAKING);
            size_t pos = b->next;
            b->heard[pos] = 1;
            while (b->next < b->length && b->heard[b->next])
                b->next++;
            broadcast(b, MSG_LETTER, (uint32_t)pos, b->text[pos]);
            spoke_or_heard = 1;
            continue;
        }
        next_message(b, &m);
        absorb(b, &m);
        if (b->next > 0 && !spoke_or_heard) {
            spoke_or_heard = 1;
            if (place >= b->distinct)
                die_here(b, STAGE_SPEAKING); /* owns no letter: dies having heard the first */
        }
    }
    free(order);
}

/* ---- setup ----------------------------------------------------------------------------------- */

static void set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        die("fcntl(O_NONBLOCK)");
}

static void map_inboxes(struct bog *b)
{
    struct stat st;
    if (fstat(INBOX_FD, &st) != 0)
        die("fstat inboxes");
    b->base = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, INBOX_FD, 0);
    if (b->base == MAP_FAILED)
        die("mmap inboxes");
    b->capacity = atomic_load_explicit(u64_at(b->base + INBOX_CAPACITY_OFFSET), memory_order_relaxed);
    b->inbox_bytes = inbox_bytes(b->capacity);
    if (b->capacity < 2 || (b->capacity & (b->capacity - 1)) ||
        (uint64_t)st.st_size < b->inbox_bytes * (b->n + 1)) {
        fprintf(stderr, "%s: inboxes of %" PRIu64 " slots do not fit the memfd (%lld bytes) for %u bogatyrs\n", prog,
                b->capacity, (long long)st.st_size, b->n);
        exit(EXIT_FAILED);
    }
}

static void print_layout(void)
{
    printf("message.size=%zu\nmessage.kind=%zu\nmessage.from=%zu\nmessage.run=%zu\nmessage.round=%zu\n"
           "message.value=%zu\nmessage.sent_ns=%zu\n",
           sizeof(struct bmsg), offsetof(struct bmsg, kind), offsetof(struct bmsg, from), offsetof(struct bmsg, run),
           offsetof(struct bmsg, round), offsetof(struct bmsg, value), offsetof(struct bmsg, sent_ns));
    printf("kind.draw=%u\nkind.agreed=%u\nkind.letter=%u\nkind.start=%u\n", MSG_DRAW, MSG_AGREED, MSG_LETTER,
           MSG_START);
    printf("inbox.capacity=%d\ninbox.tail=%d\ninbox.bell=%d\ninbox.sleeping=%d\ninbox.slots=%d\nslot.size=%d\n"
           "slot.turn=%d\nslot.message=%d\ninbox.bytes.16=%" PRIu64 "\n",
           INBOX_CAPACITY_OFFSET, INBOX_TAIL_OFFSET, INBOX_BELL_OFFSET, INBOX_SLEEPING_OFFSET, INBOX_SLOTS_OFFSET,
           SLOT_BYTES, SLOT_TURN_OFFSET, SLOT_MESSAGE_OFFSET, inbox_bytes(16));
    printf("fd.inbox=%d\nfd.peer.base=%d\nexit.peer_gone=%d\nexit.disagreed=%d\nmax.bogatyrs=%d\n", INBOX_FD,
           PEER_FD_BASE, EXIT_PEER_GONE, EXIT_DISAGREED, MAX_BOGATYRS);
}

int main(int argc, char **argv)
{
    struct bog b;
    memset(&b, 0, sizeof b);
    const char *transport = NULL, *text = NULL;
    int have_count = 0, have_address = 0, have_listener = 0;
    uint64_t parent = 0;
    b.draw_bits = 64;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--layout")) {
            print_layout();
            return 0;
        } else if (!strcmp(a, "--chaos")) {
            b.chaos = 1;
        } else if (!strcmp(a, "--serve")) {
            b.serve = 1;
        } else if (!v) {
            usage(strncmp(a, "--", 2) ? "unexpected argument" : "an option without its value");
        } else if (!strcmp(a, "--count")) {
            b.n = (uint32_t)parse_u64(a, v, MIN_BOGATYRS, MAX_BOGATYRS), have_count = 1, i++;
        } else if (!strcmp(a, "--address")) {
            b.me = (uint32_t)parse_u64(a, v, 0, MAX_BOGATYRS), have_address = 1, i++;
        } else if (!strcmp(a, "--listener")) {
            b.listener = (uint32_t)parse_u64(a, v, 0, MAX_BOGATYRS), have_listener = 1, i++;
        } else if (!strcmp(a, "--transport")) {
            transport = v, i++;
        } else if (!strcmp(a, "--text")) {
            text = v, i++;
        } else if (!strcmp(a, "--parent-pid")) {
            parent = parse_u64(a, v, 1, INT_MAX), i++;
        } else if (!strcmp(a, "--seed")) {
            b.seed = parse_u64(a, v, 0, UINT64_MAX), b.seeded = 1, i++;
        } else if (!strcmp(a, "--capacity")) {
            b.capacity = parse_u64(a, v, 2, 1u << 20), i++;
        } else if (!strcmp(a, "--draw-bits")) {
            b.draw_bits = (unsigned)parse_u64(a, v, 1, 64), i++;
        } else if (!strcmp(a, "--die-at")) {
            if (!strcmp(v, "draw")) b.die_at = STAGE_DRAW;
            else if (!strcmp(v, "agreement")) b.die_at = STAGE_AGREEMENT;
            else if (!strcmp(v, "speaking")) b.die_at = STAGE_SPEAKING;
            else usage("--die-at must be draw, agreement or speaking");
            i++;
        } else {
            usage("unknown option");
        }
    }
    if (!have_count || !have_address || !have_listener || !transport || !text || !parent)
        usage("--count, --address, --listener, --transport, --text and --parent-pid are needed");
    if (strcmp(transport, "pipe") && strcmp(transport, "shm"))
        usage("--transport must be pipe or shm");
    b.shm = !strcmp(transport, "shm");
    if (b.me > b.n || b.listener > b.n || b.me == b.listener)
        usage("--address and --listener must be distinct, in 0..N");
    size_t bytes = strlen(text);
    b.text = malloc((bytes + 1) * sizeof *b.text);
    b.letters = malloc((bytes + 1) * sizeof *b.letters);
    b.letter_of = malloc((bytes + 1) * sizeof *b.letter_of);
    if (!b.text || !b.letters || !b.letter_of)
        die("malloc text");
    long len = decode_utf8(text, b.text, bytes + 1);
    if (len <= 0)
        usage("--text must be non-empty UTF-8");
    b.length = (size_t)len;
    for (size_t i = 0; i < b.length; i++) {
        uint32_t k = 0;
        while (k < b.distinct && b.letters[k] != b.text[i])
            k++;
        if (k == b.distinct)
            b.letters[b.distinct++] = b.text[i];
        b.letter_of[i] = k;
    }
    if (b.distinct > b.n)
        usage("--text has more distinct letters than there are bogatyrs");

    /* Dies with the parent; the JVM spawns us from one long-lived thread (PDEATHSIG follows the thread). */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        die("prctl(PR_SET_PDEATHSIG)");
    if (getppid() != (pid_t)parent)
        return EXIT_FAILED;
    signal(SIGPIPE, SIG_IGN); /* EPIPE instead: the victim's inbox, when a bogatyr is killed */

    if (b.shm) {
        map_inboxes(&b);
    } else {
        set_nonblocking(INBOX_FD);
        for (uint32_t a = 0; a <= b.n; a++)
            set_nonblocking(PEER_FD_BASE + (int)a);
    }
    b.chaos_state = b.seeded ? mix64(b.seed ^ 0xC4A05ull) ^ mix64(b.me + 0x77ull) : entropy();
    b.w = b.n + 1;
    b.agreed = malloc(b.w);
    b.digest = malloc(b.w * sizeof *b.digest);
    b.heard = malloc(b.length);
    if (!b.agreed || !b.digest || !b.heard)
        die("malloc");
    grow_rounds(&b, 4);

    if (!b.serve) {
        run_protocol(&b);
        return 0;
    }
    for (;;) {
        /* --serve: a run starts on the parent's START; it assigns nothing, it only says "again". */
        struct bmsg m;
        int started = 0;
        struct queue keep = {0};
        while (!started) {
            if (!queue_pop(&b.later, &m))
                next_message(&b, &m);
            if (m.kind == MSG_START && m.run > b.run) {
                b.run = m.run;
                started = 1;
            } else if (m.run > b.run) {
                queue_push(&keep, &m);
            }
        }
        while (queue_pop(&keep, &m))
            queue_push(&b.later, &m);
        free(keep.m);
        run_protocol(&b);
    }
}

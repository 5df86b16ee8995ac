/* The C reference parents: one `cparent` binary, one hand-off per `struct handoff`, over the
 * common library in cparent.c (spawning, rounds and streams, cash-in and verification, failure).
 *
 * A hand-off's collect() runs while coins are owed: it waits the way its mechanism waits, and
 * for every coin it has in hand it calls pipe_cash() or ring_drain(), which stamp the cash-in
 * moment first and verify after. Failures never return: parent_fail() and friends kill and
 * reap every miner, release everything and exit 1.
 */
#ifndef CHACHING_PARENT_H
#define CHACHING_PARENT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct miner {
    uint32_t id;
    pid_t pid;              /* 0 once reaped */
    int status;             /* wait status, once reaped */
    int cmd_fd;             /* command pipe, write end */
    int coin_fd;            /* coin pipe, read end */
    uint8_t *ring;          /* the ring memfd's mapping: header, then data */
    uint64_t consumed;      /* our ring position */
    uint8_t *buf;           /* pipe framing: bytes [start, end) received, not yet cashed */
    size_t cap, start, end;
    uint64_t owed;          /* coins still owed in this round or stream */
    uint64_t delivered;
    uint64_t last_nonce;    /* streams: nonces ascend */
};

/* Counts of the system calls a hand-off makes, by kind, and the bytes it reads through them
 * (issue 14), counted where the parent makes each call: reads (read), writes (the commands),
 * waits (select, poll, epoll_wait, io_uring_enter with GETEVENTS, io_getevents, FUTEX_WAIT,
 * pthread_cond_(timed)wait), other (epoll_ctl, io_submit, io_uring_enter without waiting,
 * sched_yield, waitpid(WNOHANG), setitimer). One set per thread, written only by its thread
 * (relaxed single-writer stores: a plain increment, no lock); count_total() sums them. */
struct syscounts {
    _Atomic uint64_t reads, writes, waits, other, bytes_read;
};
extern _Thread_local struct syscounts *my_counts; /* the main thread's, unless a reader set its own */
static inline void count_add(_Atomic uint64_t *c, uint64_t n)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n, memory_order_relaxed);
}
#define COUNT(kind) count_add(&my_counts->kind, 1)
/* A reader thread's counts join the total until count_retire (which keeps what they counted). */
void count_register(struct syscounts *c);
void count_retire(struct syscounts *c);
/* Everything counted so far: reads, writes, waits, other, bytes_read. */
void count_total(uint64_t out[5]);

struct parent;

struct handoff {
    const char *name;
    uint32_t channel;       /* CHANNEL_* the miners are told to use */
    int nonblocking;        /* coin pipes get O_NONBLOCK */
    void (*open)(struct parent *p);       /* after every miner is spawned */
    void (*begin)(struct parent *p);      /* before a round's start stamp (may be NULL) */
    void (*collect)(struct parent *p);    /* returns when p->remaining == 0 */
    void (*close)(struct parent *p);      /* idempotent; also on the failure path */
};

struct trace_row {
    uint32_t miner;
    uint64_t round, nonce, round_start, started, mined, cashed;
    uint8_t digest[64];
};

struct parent {
    /* options */
    const char *miner_path, *trace_path;
    const struct handoff *handoff;
    uint32_t miners, difficulty, payload, batch;
    uint64_t seed, rounds, stream, pace_ns, capacity, timeout_ns;
    uint64_t warmup;        /* rounds run before the measured ones, not counted */
    int quiet;
    int warming;            /* in a warm-up round: verify, do not record */

    uint64_t record;        /* pipe record: 128 + payload */
    uint64_t ring_record;   /* ring record: rounded up to RECORD_ALIGN */
    struct miner *m;
    uint32_t spawned;
    uint8_t *doorbell;

    /* the round (a stream is round 0) */
    uint64_t round, round_start, deadline, remaining;
    uint64_t first_cash, last_cash;

    /* results */
    int64_t *delays;
    uint64_t coins, max_coins;
    uint64_t delay_cap;     /* exact delays kept; beyond, all go to the histogram (0: no limit) */
    uint64_t *delay_hist;   /* DELAY_HIST_BUCKETS counts, once the exact ones outgrew delay_cap */
    struct trace_row *trace;
    uint64_t trace_n, trace_cap; /* rows held; at trace_cap they are written out (0: no limit) */
    void *trace_file;       /* FILE *, opened before the miners are forked */

    void *state;            /* the hand-off's own */
};

/* ---- cparent.c: the common library ---- */

/* Reads once into m's buffer. Returns bytes read, 0 on EAGAIN, -1 on EINTR; EOF and errors fail. */
long pipe_read(struct parent *p, struct miner *m);
/* Cashes in every whole record in m's buffer, all stamped now (the bytes are in hand). */
void pipe_cash(struct parent *p, struct miner *m);
/* Cashes in every record published in m's ring (load-acquire producer, records read in place,
 * store-release consumer). Returns records cashed. */
size_t ring_drain(struct parent *p, struct miner *m);
/* Cashes in `n` whole records at `at` (copied out of m's pipe), stamped `cashed`. */
void cash_records(struct parent *p, struct miner *m, const uint8_t *at, size_t n, uint64_t cashed);

/* Fails the round if its deadline has passed. */
void check_deadline(struct parent *p);
/* Reaps any miner that has exited (waitpid WNOHANG); returns it, or NULL. */
struct miner *reap_any(struct parent *p);
/* The miner's pipe ended (or it exited) while it owed coins: says how it died, fails. */
_Noreturn void miner_lost(struct parent *p, struct miner *m);
/* "cparent: <what>: errno=E (strerror)" and fail. */
_Noreturn void fail_errno(struct parent *p, const char *what);
_Noreturn void parent_fail(struct parent *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Milliseconds to the deadline, at least 1 (poll/epoll timeouts). */
int ms_to_deadline(const struct parent *p);

/* ---- the hand-offs ---- */
extern const struct handoff handoff_blocking, handoff_nonblocking, handoff_select, handoff_poll,
    handoff_epoll, handoff_io_uring, handoff_aio, handoff_shm_spin, handoff_shm_futex,
    handoff_threads;

#endif

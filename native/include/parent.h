/* The C reference parents: one `cparent` binary, one hand-off per `struct handoff`, over a small
 * library, one file per responsibility:
 *   cparent.c         main: a session from start to exit
 *   parent_args.c     the options (getopt_long), their ranges, --help, --dry-run
 *   parent_miners.c   spawning the miners, sending them commands
 *   parent_round.c    a round or stream set up, run and collected (once for rounds, streams,
 *                     warm-up and --serve)
 *   parent_cash.c     cash-in per hand-off: pipe reads, ring drains, verification, recording
 *   parent_fail.c     failure: the message, every miner killed and reaped, exit 1
 *   parent_results.c  delays, percentiles, the trace file, the summary line, what a run cost
 *   parent_serve.c    --serve: one C parent for a whole benchmark trial
 *   counts.c          the system-call counts
 *   parent_*.c        the hand-offs, each with its own state in p->state (no globals)
 * A session's whole state is its `struct parent`, passed explicitly: no mutable globals.
 *
 * A hand-off's collect() runs while coins are owed: it waits the way its mechanism waits, and
 * for every coin it has in hand it calls pipe_cash() or ring_drain(), which stamp the cash-in
 * moment first and verify after. Failures never return: parent_fail() and friends kill and
 * reap every miner, release everything and exit 1.
 */
#ifndef CHACHING_PARENT_H
#define CHACHING_PARENT_H

#include <stdatomic.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "coin.h"

#define PROG "cparent"
/* At most this many coins in a run (miners x rounds or stream): a record is kept of each. */
#define MAX_COINS (1ull << 31)

struct miner {
    uint32_t id;
    pid_t pid;              /* 0 once reaped */
    int status;             /* wait status, once reaped */
    int cmd_fd;             /* command pipe, write end */
    int coin_fd;            /* coin pipe, read end (CHANNEL_SOCKET: our end of the socketpair instead) */
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
static inline void count_add(_Atomic uint64_t *c, uint64_t n)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n, memory_order_relaxed);
}
/* A session's counts: the main thread's set, the reader threads' sets while they run, and
 * what retired readers counted. */
struct count_book {
    struct syscounts main;
    pthread_mutex_t lock;
    struct syscounts **live;
    size_t nlive, caplive;
    uint64_t retired[5];
};
/* One call of `kind` by the main thread of session p. */
#define COUNT(p, kind) count_add(&(p)->counts.main.kind, 1)
void count_book_init(struct count_book *b);
void count_book_free(struct count_book *b);
/* A reader thread's counts join the total until count_retire (which keeps what they counted). */
void count_register(struct count_book *b, struct syscounts *c);
void count_retire(struct count_book *b, struct syscounts *c);
/* Everything counted so far: reads, writes, waits, other, bytes_read. */
void count_total(struct count_book *b, uint64_t out[5]);

/* What rounds or streams cost the parent: its CPU and context switches (RUSAGE_SELF: every
 * thread, the readers of `threads` too) and its counted system calls (struct syscounts). */
struct run_cost {
    uint64_t cpu, vcsw, ivcsw;
    uint64_t counts[5]; /* reads, writes, waits, other, bytes_read */
};

struct parent;

struct handoff {
    const char *name;
    uint32_t channel;       /* CHANNEL_* the miners are told to use */
    int nonblocking;        /* coin pipes get O_NONBLOCK */
    void (*open)(struct parent *p);       /* after every miner is spawned */
    void (*begin)(struct parent *p);      /* before a round's start stamp (may be NULL) */
    void (*collect)(struct parent *p);    /* returns when p->remaining == 0 */
    void (*close)(struct parent *p);      /* idempotent; also on the failure path, even before
                                           * open; frees p->state and sets it NULL */
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
    uint32_t flags;         /* a stream's STREAM_* (--premined) */
    int headers_only;       /* --verify headers: a stream's digests are not recomputed */
    uint64_t seed, rounds, stream, pace_ns, capacity, timeout_ns;
    uint64_t warmup;        /* rounds run before the measured ones, not counted */
    int quiet;
    int serving;            /* --serve: a failure is also answered `error ...` on stdout */
    int dry_run;
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

    /* cash-in: the coin messages and digests of one batch, hashed side by side (VERIFY_MAX) */
    uint8_t *verify_msgs, *verify_digests;
    char *trace_buf;        /* the trace file's stdio buffer */
    struct count_book counts;

    void *state;            /* the hand-off's own: allocated by open, freed by close */
};

/* ---- parent_args.c ---- */

/* Reads the options into p (exit 2 on bad ones, 0 after --help or --dry-run). */
void parse_args(struct parent *p, int argc, char **argv);

/* ---- parent_miners.c ---- */

/* Raises RLIMIT_NOFILE to what --miners needs (exit 2 if the hard limit is too low). */
void raise_fd_limit(struct parent *p);
/* Forks every miner with its pipes, ring and the doorbell. */
void spawn_all(struct parent *p);
/* Sends one command to every miner. */
void send_all(struct parent *p, const struct command *c);

/* ---- parent_round.c ---- */

/* Runs round `round` (count 0: one coin per miner) or a stream of `count` coins per miner at
 * p->batch and p->pace_ns, to the last coin. With `cost`, what the hand-off's begin() to the
 * last coin cost. */
void run_span(struct parent *p, uint64_t round, uint64_t count, struct run_cost *cost);

/* What a whole run (not --serve) measured, for the summary line. */
struct run_totals {
    uint64_t spans;                 /* rounds, or 1 for a stream */
    int64_t *makespan, *first;      /* per span: last and first cash-in after the start stamp */
    uint64_t t0, t1, cpu0, cpu1, elapsed;
    struct run_cost cost;
};
/* The --warmup rounds, then the measured rounds or the stream. */
void run_all(struct parent *p, struct run_totals *t);

/* ---- parent_pipes.c: epoll's loop, for any hand-off whose coins come as the pipes' (uds) ---- */

/* Every miner's coin_fd in one level-triggered epoll set; each ready one read once (pipe_read)
 * and cashed (pipe_cash). The three members of a struct handoff. */
void pipes_epoll_open(struct parent *p);
void pipes_epoll_collect(struct parent *p);
void pipes_epoll_close(struct parent *p);

/* ---- parent_cash.c: cash-in and verification ---- */

#define VERIFY_MAX 512 /* coins hashed side by side: one 64 KiB read of 128-byte coins */

/* Reads once into m's buffer. Returns bytes read, 0 on EAGAIN, -1 on EINTR; EOF and errors fail. */
long pipe_read(struct parent *p, struct miner *m);
/* Cashes in every whole record in m's buffer, all stamped now (the bytes are in hand). */
void pipe_cash(struct parent *p, struct miner *m);
/* pipe_cash with the stamp given: the moment the bytes came in hand (readers-K: the read of the
 * forwarding pipe that brought them). */
void pipe_cash_stamped(struct parent *p, struct miner *m, uint64_t cashed);
/* Cashes in every record published in m's ring (load-acquire producer, records read in place,
 * store-release consumer). Returns records cashed. */
size_t ring_drain(struct parent *p, struct miner *m);
/* Cashes in `n` whole records at `at` (copied out of m's pipe), stamped `cashed`. */
void cash_records(struct parent *p, struct miner *m, const uint8_t *at, size_t n, uint64_t cashed);

/* ---- parent_fail.c: failure ---- */

/* Fails the round if its deadline has passed. */
void check_deadline(struct parent *p);
/* Reaps any miner that has exited (waitpid WNOHANG); returns it, or NULL. */
struct miner *reap_any(struct parent *p);
/* "was killed by signal 9 (SIGKILL)", "exited with status 1", ... from a wait status. */
void how_status_ended(int status, char *how, size_t len);
/* The miner's pipe ended (or it exited) while it owed coins: says how it died, fails. */
_Noreturn void miner_lost(struct parent *p, struct miner *m);
/* "cparent: <what>: errno=E (strerror)" and fail. */
_Noreturn void fail_errno(struct parent *p, const char *what);
_Noreturn void parent_fail(struct parent *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Milliseconds to the deadline, at least 1 (poll/epoll timeouts). */
int ms_to_deadline(const struct parent *p);
/* malloc, or fail ("out of memory"). */
void *xmalloc(struct parent *p, size_t n);
/* calloc, or fail ("out of memory"). */
void *xcalloc(struct parent *p, size_t n, size_t size);
/* "round R" or "stream", for messages. */
const char *what_round(const struct parent *p, char *buf, size_t len);
/* SIGKILL to every miner not yet reaped. */
void kill_all(struct parent *p);
/* Closes the hand-off, the command pipes, reaps every miner, unmaps and frees their channels. */
void release_all(struct parent *p);

/* ---- parent_results.c ---- */

/* Writes v in decimal at `out` (at most 20 bytes, no NUL); returns how many bytes. */
size_t put_u64(char *out, uint64_t v);

/* Records the k-th measured coin's delay: exact up to p->delay_cap, then in the histogram. */
void record_delay(struct parent *p, uint64_t k, int64_t d);
/* Nearest rank: the 0-based index of the smallest value with at least pct% of n at or below it. */
uint64_t rank_index(uint64_t n, double pct);
/* The k-th smallest (0-based) of a[0..n), moved to a[k] (quickselect). */
void select_kth(int64_t *a, uint64_t n, uint64_t k);
/* The trace file, opened before any miner is forked (exit 2 if it cannot be written). */
void *open_trace(struct parent *p);
/* Writes the trace rows held and starts again. */
void trace_flush(struct parent *p);
/* Writes what is left of the trace and closes it. */
void write_trace(struct parent *p);
/* The process's CPU time (user + system, every thread) in ns. */
uint64_t cpu_ns(void);
/* What the process has cost so far; *c becomes what it cost since `before`. */
void cost_now(struct parent *p, struct run_cost *c);
void cost_since(struct parent *p, struct run_cost *c, const struct run_cost *before);
/* The one summary line of a run. */
void print_summary(struct parent *p, struct run_totals *t);

/* ---- parent_serve.c ---- */

/* The miners are spawned and open: answers stdin's commands until EOF or `quit`, releases. */
int serve(struct parent *p);

/* ---- the hand-offs: each `const struct handoff handoff_NAME` in its parent_*.c, listed once, in
 * parent_args.c's HANDOFFS ---- */

#endif

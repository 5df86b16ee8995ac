/* threads: one blocking reader thread per miner, what a plain Java program does. A reader
 * reads its pipe into one of two buffers and pushes the whole records it got onto one queue
 * (mutex + condition variable); the main thread takes everything queued at once, and the
 * moment it has them is the cash-in. Records are not copied: a buffer goes back to its
 * reader when the main thread is done with it, and the reader fills the other meanwhile. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUFS 2

struct chunk {
    uint32_t miner;
    int buf;                /* which of the reader's buffers, -1 for the end of its pipe */
    int err;                /* errno of a failed read, with buf == -1 */
    size_t len;             /* whole records only */
};

struct reader {
    struct parent *p;
    uint32_t miner;
    uint8_t *bufs[BUFS];
    int busy[BUFS];         /* handed to the main thread, not yet given back */
    pthread_cond_t freed;
    pthread_t thread;
    int started;
    struct syscounts counts;
};

struct threads_state {
    pthread_mutex_t lock;
    pthread_cond_t queued;
    struct chunk *q, *taken;
    size_t qcap, head, tail;    /* head - tail chunks queued */
    int stop;
    struct reader *r;
};

/* With ts->lock held. */
static void push(struct threads_state *ts, struct chunk c)
{
    ts->q[ts->head++ % ts->qcap] = c;
    pthread_cond_signal(&ts->queued);
}

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    struct parent *p = r->p;
    struct threads_state *ts = p->state;
    struct miner *m = &p->m[r->miner];
    size_t cap = m->cap, have = 0;
    int cur = 0;
    for (;;) {
        uint8_t *b = r->bufs[cur];
        ssize_t n = read(m->coin_fd, b + have, cap - have);
        count_add(&r->counts.reads, 1);
        if (n > 0)
            count_add(&r->counts.bytes_read, (uint64_t)n);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            pthread_mutex_lock(&ts->lock);
            push(ts, (struct chunk){r->miner, -1, n < 0 ? errno : 0, 0});
            pthread_mutex_unlock(&ts->lock);
            return NULL;
        }
        have += (size_t)n;
        size_t whole = have - have % p->record;
        if (whole == 0)
            continue;
        int next = (cur + 1) % BUFS;
        pthread_mutex_lock(&ts->lock);
        while (r->busy[next] && !ts->stop) {
            count_add(&r->counts.waits, 1);
            pthread_cond_wait(&r->freed, &ts->lock);
        }
        if (ts->stop) {
            pthread_mutex_unlock(&ts->lock);
            return NULL;
        }
        pthread_mutex_unlock(&ts->lock);
        memcpy(r->bufs[next], b + whole, have - whole); /* the partial record, if any */
        pthread_mutex_lock(&ts->lock);
        r->busy[cur] = 1;
        push(ts, (struct chunk){r->miner, cur, 0, whole});
        pthread_mutex_unlock(&ts->lock);
        have -= whole;
        cur = next;
    }
}

static void threads_open(struct parent *p)
{
    struct threads_state *ts = p->state = xcalloc(p, 1, sizeof *ts);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutex_init(&ts->lock, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* the deadline is CLOCK_MONOTONIC */
    pthread_cond_init(&ts->queued, &ca);
    ts->qcap = (size_t)p->miners * (BUFS + 1); /* each reader: BUFS chunks and its end */
    ts->q = xcalloc(p, ts->qcap, sizeof *ts->q);
    ts->taken = xcalloc(p, ts->qcap, sizeof *ts->taken);
    ts->r = xcalloc(p, p->miners, sizeof *ts->r);
    pthread_attr_t ta;
    pthread_attr_init(&ta);
    pthread_attr_setstacksize(&ta, 64 * 1024); /* 1024 readers need little stack each */
    for (uint32_t i = 0; i < p->miners; i++) {
        struct reader *r = &ts->r[i];
        r->p = p;
        r->miner = i;
        pthread_cond_init(&r->freed, NULL);
        r->bufs[0] = p->m[i].buf; /* the miner's own buffer is the first */
        for (int k = 1; k < BUFS; k++)
            if (!(r->bufs[k] = malloc(p->m[i].cap)))
                parent_fail(p, "out of memory");
        count_register(&p->counts, &r->counts);
        int e = pthread_create(&r->thread, &ta, reader_main, r);
        if (e) {
            errno = e;
            fail_errno(p, "pthread_create");
        }
        r->started = 1;
    }
    pthread_attr_destroy(&ta);
    pthread_condattr_destroy(&ca);
    pthread_mutexattr_destroy(&ma);
}

static void threads_collect(struct parent *p)
{
    struct threads_state *ts = p->state;
    pthread_mutex_lock(&ts->lock);
    while (p->remaining) {
        while (ts->head == ts->tail) {
            struct timespec dl = {(time_t)(p->deadline / 1000000000u), (long)(p->deadline % 1000000000u)};
            COUNT(p, waits);
            int e = pthread_cond_timedwait(&ts->queued, &ts->lock, &dl);
            if (e == ETIMEDOUT) {
                pthread_mutex_unlock(&ts->lock);
                check_deadline(p);
                pthread_mutex_lock(&ts->lock);
            }
        }
        size_t n = 0;
        while (ts->tail != ts->head)
            ts->taken[n++] = ts->q[ts->tail++ % ts->qcap];
        pthread_mutex_unlock(&ts->lock);
        uint64_t cashed = now_ns(); /* the coins are in the main thread's hands */
        for (size_t k = 0; k < n; k++) {
            struct chunk *c = &ts->taken[k];
            struct miner *m = &p->m[c->miner];
            if (c->buf < 0) {
                if (c->err) {
                    errno = c->err;
                    fail_errno(p, "read coins (reader thread)");
                }
                if (m->owed)
                    miner_lost(p, m);
                continue; /* it delivered what it owed; a later command will find it gone */
            }
            cash_records(p, m, ts->r[c->miner].bufs[c->buf], c->len / p->record, cashed);
        }
        pthread_mutex_lock(&ts->lock);
        for (size_t k = 0; k < n; k++)
            if (ts->taken[k].buf >= 0) {
                struct reader *r = &ts->r[ts->taken[k].miner];
                r->busy[ts->taken[k].buf] = 0;
                pthread_cond_signal(&r->freed);
            }
    }
    pthread_mutex_unlock(&ts->lock);
}

/* Runs after the command pipes are closed (the miners are quitting) or the miners are
 * killed: every reader's pipe reaches EOF, and `stop` frees one that waits for a buffer. */
static void threads_close(struct parent *p)
{
    struct threads_state *ts = p->state;
    if (!ts)
        return;
    for (uint32_t i = 0; i < p->miners; i++)
        if (p->m[i].cmd_fd >= 0) {
            close(p->m[i].cmd_fd);
            p->m[i].cmd_fd = -1;
        }
    pthread_mutex_lock(&ts->lock);
    ts->stop = 1;
    for (uint32_t i = 0; ts->r && i < p->miners; i++)
        if (ts->r[i].started)
            pthread_cond_broadcast(&ts->r[i].freed);
    pthread_mutex_unlock(&ts->lock);
    for (uint32_t i = 0; ts->r && i < p->miners; i++) {
        struct reader *r = &ts->r[i];
        if (r->started)
            pthread_join(r->thread, NULL);
        count_retire(&p->counts, &r->counts);
        for (int k = 1; k < BUFS; k++)
            free(r->bufs[k]);
        pthread_cond_destroy(&r->freed);
    }
    free(ts->r);
    free(ts->q);
    free(ts->taken);
    pthread_cond_destroy(&ts->queued);
    pthread_mutex_destroy(&ts->lock);
    free(ts);
    p->state = NULL;
}

const struct handoff handoff_threads = {
    .name = "threads", .channel = CHANNEL_PIPE, .nonblocking = 0,
    .open = threads_open, .collect = threads_collect, .close = threads_close,
};

/* The pipe hand-offs that wait with one classic system call each: blocking, nonblocking,
 * select, poll, epoll (whose loop uds shares: parent.h). Every read takes up to the buffer's free space (>= 64 KiB), so a burst
 * of coins costs one read; pipe_cash() stamps and cashes whatever whole records arrived. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/time.h>
#include <unistd.h>

/* ---- blocking: read miner 0 until it has delivered, then miner 1, ... ---------------------- */

static void interrupt(int sig)
{
    (void)sig; /* only here to make read(2) return EINTR */
}

/* SIGALRM at the deadline and SIGCHLD when a miner dies both interrupt the blocking read:
 * miner 0 may mine for minutes while miner 5 is already dead. (A SIGCHLD that lands just
 * before read(2) is entered is only noticed at the next coin or the deadline.) */
static void blocking_open(struct parent *p)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = interrupt; /* no SA_RESTART: the read must return */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) != 0 || sigaction(SIGCHLD, &sa, NULL) != 0)
        fail_errno(p, "sigaction(SIGALRM, SIGCHLD)");
}

/* A dead miner's pipe never blocks: take what it wrote before it died, then judge. */
static void blocking_watch(struct parent *p)
{
    struct miner *d;
    while ((d = reap_any(p)) != NULL)
        while (d->owed) {
            if (pipe_read(p, d) > 0) /* EOF ends in miner_lost */
                pipe_cash(p, d);
        }
    check_deadline(p);
}

/* Arms the deadline before the round's start stamp, so the syscall is not timed. */
static void blocking_begin(struct parent *p)
{
    struct itimerval it = {{0, 0}, {0, 0}};
    uint64_t t = p->timeout_ns + 1000000; /* the alarm must not come before check_deadline agrees */
    it.it_value.tv_sec = (time_t)(t / 1000000000u);
    it.it_value.tv_usec = (suseconds_t)(t % 1000000000u / 1000u);
    COUNT(p, other);
    if (setitimer(ITIMER_REAL, &it, NULL) != 0)
        fail_errno(p, "setitimer");
}

static void blocking_collect(struct parent *p)
{
    for (uint32_t i = 0; i < p->miners; i++) {
        struct miner *m = &p->m[i];
        while (m->owed) {
            if (pipe_read(p, m) < 0)
                blocking_watch(p);
            else
                pipe_cash(p, m);
        }
    }
}

static void blocking_close(struct parent *p)
{
    (void)p;
    struct itimerval it = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &it, NULL);
    signal(SIGCHLD, SIG_DFL);
}

const struct handoff handoff_blocking = {
    .name = "blocking", .channel = CHANNEL_PIPE, .nonblocking = 0,
    .open = blocking_open, .begin = blocking_begin, .collect = blocking_collect, .close = blocking_close,
};

/* ---- the set of miners still owing coins this round, shared by the sweeping hand-offs ------- */

struct active {
    uint32_t *idx;
    uint32_t n;
};

static struct active *active_fill(struct parent *p)
{
    struct active *a = p->state;
    a->n = 0;
    for (uint32_t i = 0; i < p->miners; i++)
        if (p->m[i].owed)
            a->idx[a->n++] = i;
    return a;
}

static void active_open(struct parent *p)
{
    struct active *a = p->state = xcalloc(p, 1, sizeof *a);
    a->idx = xcalloc(p, p->miners, sizeof *a->idx);
}

static void active_close(struct parent *p)
{
    struct active *a = p->state;
    if (!a)
        return;
    free(a->idx);
    free(a);
    p->state = NULL;
}

/* ---- nonblocking: O_NONBLOCK pipes, sweep reads until every coin is in ---------------------- */

static void nonblocking_collect(struct parent *p)
{
    struct active *a = active_fill(p);
    for (uint64_t sweep = 1; a->n; sweep++) {
        for (uint32_t k = 0; k < a->n;) {
            struct miner *m = &p->m[a->idx[k]];
            if (pipe_read(p, m) > 0) {
                pipe_cash(p, m);
                if (!m->owed) {
                    a->idx[k] = a->idx[--a->n];
                    continue;
                }
            }
            k++;
        }
        if ((sweep & 255) == 0)
            check_deadline(p);
    }
}

const struct handoff handoff_nonblocking = {
    .name = "nonblocking", .channel = CHANNEL_PIPE, .nonblocking = 1,
    .open = active_open, .collect = nonblocking_collect, .close = active_close,
};

/* ---- select ------------------------------------------------------------------------------- */

/* fd_set is FD_SETSIZE (1024) bits, and 1024 miners need descriptors past 2048: the kernel
 * takes any nfds, so the sets are our own bit arrays of the size the highest descriptor needs
 * (FD_SET on such a set would trip _FORTIFY_SOURCE). */
struct select_state {
    unsigned long *want, *ready;
    uint32_t *miner_of;     /* fd -> miner index */
    size_t words;
    int maxfd;
};

#define LBITS (8 * sizeof(unsigned long))

static void select_open(struct parent *p)
{
    struct select_state *sel = p->state = xcalloc(p, 1, sizeof *sel);
    sel->maxfd = 0;
    for (uint32_t i = 0; i < p->miners; i++)
        if (p->m[i].coin_fd > sel->maxfd)
            sel->maxfd = p->m[i].coin_fd;
    sel->words = (size_t)sel->maxfd / LBITS + 1;
    sel->want = xcalloc(p, sel->words, sizeof(unsigned long));
    sel->ready = xcalloc(p, sel->words, sizeof(unsigned long));
    sel->miner_of = xcalloc(p, (size_t)sel->maxfd + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < p->miners; i++)
        sel->miner_of[p->m[i].coin_fd] = i;
}

static void select_collect(struct parent *p)
{
    struct select_state *sel = p->state;
    uint32_t waiting = 0;
    memset(sel->want, 0, sel->words * sizeof(unsigned long));
    for (uint32_t i = 0; i < p->miners; i++)
        if (p->m[i].owed) {
            int fd = p->m[i].coin_fd;
            sel->want[fd / LBITS] |= 1ul << (fd % LBITS);
            waiting++;
        }
    while (waiting) {
        memcpy(sel->ready, sel->want, sel->words * sizeof(unsigned long));
        int ms = ms_to_deadline(p);
        struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
        int n = select(sel->maxfd + 1, (fd_set *)sel->ready, NULL, NULL, &tv);
        COUNT(p, waits);
        if (n < 0) {
            if (errno != EINTR)
                fail_errno(p, "select");
            continue;
        }
        if (n == 0) {
            check_deadline(p);
            continue;
        }
        /* Only the set bits: a wake-up costs the words of the set, not one test per miner. */
        for (size_t w = 0; w < sel->words && n; w++) {
            unsigned long bits = sel->ready[w];
            while (bits) {
                int fd = (int)(w * LBITS) + __builtin_ctzl(bits);
                bits &= bits - 1;
                n--;
                struct miner *m = &p->m[sel->miner_of[fd]];
                if (pipe_read(p, m) > 0) {
                    pipe_cash(p, m);
                    if (!m->owed) {
                        sel->want[w] &= ~(1ul << (fd % LBITS));
                        waiting--;
                    }
                }
            }
        }
    }
}

static void select_close(struct parent *p)
{
    struct select_state *sel = p->state;
    if (!sel)
        return;
    free(sel->want);
    free(sel->ready);
    free(sel->miner_of);
    free(sel);
    p->state = NULL;
}

const struct handoff handoff_select = {
    .name = "select", .channel = CHANNEL_PIPE, .nonblocking = 1,
    .open = select_open, .collect = select_collect, .close = select_close,
};

/* ---- poll ------------------------------------------------------------------------------- */

static void poll_open(struct parent *p)
{
    p->state = xcalloc(p, p->miners, sizeof(struct pollfd));
}

static void poll_collect(struct parent *p)
{
    struct pollfd *pfds = p->state;
    uint32_t waiting = 0;
    for (uint32_t i = 0; i < p->miners; i++) {
        /* A negative fd is skipped by poll(2): miners that are done drop out without a copy. */
        pfds[i].fd = p->m[i].owed ? p->m[i].coin_fd : -1;
        pfds[i].events = POLLIN;
        pfds[i].revents = 0;
        waiting += p->m[i].owed != 0;
    }
    while (waiting) {
        int n = poll(pfds, p->miners, ms_to_deadline(p));
        COUNT(p, waits);
        if (n < 0) {
            if (errno != EINTR)
                fail_errno(p, "poll");
            continue;
        }
        if (n == 0) {
            check_deadline(p);
            continue;
        }
        for (uint32_t i = 0; i < p->miners && n; i++) {
            if (!pfds[i].revents)
                continue;
            n--;
            struct miner *m = &p->m[i];
            if (pipe_read(p, m) > 0) {
                pipe_cash(p, m);
                if (!m->owed) {
                    pfds[i].fd = -1;
                    waiting--;
                }
            }
        }
    }
}

static void poll_close(struct parent *p)
{
    free(p->state);
    p->state = NULL;
}

const struct handoff handoff_poll = {
    .name = "poll", .channel = CHANNEL_PIPE, .nonblocking = 1,
    .open = poll_open, .collect = poll_collect, .close = poll_close,
};

/* ---- epoll --------------------------------------------------------------------------------- */

/* Level-triggered: after a wake-up we read each ready pipe once (up to the buffer's free
 * space, which swallows everything a 64 KiB pipe can hold). Edge-triggered would oblige a
 * second read per wake-up to see EAGAIN before waiting again, one more syscall per coin in
 * rounds, and would lose nothing here in exchange: every miner stays registered for the whole
 * run (no epoll_ctl per round), and a miner that is done sends nothing until the next command. */
struct epoll_state {
    int fd;
    struct epoll_event *events;
};

void pipes_epoll_open(struct parent *p)
{
    struct epoll_state *ep = p->state = xcalloc(p, 1, sizeof *ep);
    ep->fd = epoll_create1(EPOLL_CLOEXEC);
    if (ep->fd < 0)
        fail_errno(p, "epoll_create1");
    ep->events = xcalloc(p, p->miners, sizeof *ep->events);
    for (uint32_t i = 0; i < p->miners; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        if (epoll_ctl(ep->fd, EPOLL_CTL_ADD, p->m[i].coin_fd, &ev) != 0)
            fail_errno(p, "epoll_ctl(EPOLL_CTL_ADD)");
    }
}

void pipes_epoll_collect(struct parent *p)
{
    struct epoll_state *ep = p->state;
    while (p->remaining) {
        int n = epoll_wait(ep->fd, ep->events, (int)p->miners, ms_to_deadline(p));
        COUNT(p, waits);
        if (n < 0) {
            if (errno != EINTR)
                fail_errno(p, "epoll_wait");
            continue;
        }
        if (n == 0) {
            check_deadline(p);
            continue;
        }
        for (int k = 0; k < n; k++) {
            struct miner *m = &p->m[ep->events[k].data.u32];
            if (pipe_read(p, m) > 0)
                pipe_cash(p, m);
        }
    }
}

void pipes_epoll_close(struct parent *p)
{
    struct epoll_state *ep = p->state;
    if (!ep)
        return;
    if (ep->fd >= 0)
        close(ep->fd);
    free(ep->events);
    free(ep);
    p->state = NULL;
}

const struct handoff handoff_epoll = {
    .name = "epoll", .channel = CHANNEL_PIPE, .nonblocking = 1,
    .open = pipes_epoll_open, .collect = pipes_epoll_collect, .close = pipes_epoll_close,
};

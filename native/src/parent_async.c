/* The asynchronous hand-offs, raw system calls over the kernel's UAPI headers (no liburing,
 * no libaio):
 *   io_uring  one IORING_OP_READ always outstanding per miner pipe, completions reaped from
 *             the CQ ring in user space, one io_uring_enter both submits and waits.
 *   aio       one IOCB_CMD_POLL always outstanding per miner pipe; io_getevents waits; then
 *             the pipe is read and the poll resubmitted (all resubmits in one io_submit).
 */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <linux/aio_abi.h>
#include <linux/io_uring.h>
#include <linux/time_types.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* ---- io_uring ----------------------------------------------------------------------------- */

struct uring {
    int fd;
    unsigned flags;
    void *sq_map, *cq_map;
    size_t sq_len, cq_len;
    struct io_uring_sqe *sqes;
    size_t sqes_len;
    _Atomic unsigned *sq_tail, *cq_head, *cq_tail;
    unsigned *sq_head, *sq_array;
    unsigned sq_mask, cq_mask;
    struct io_uring_cqe *cqes;
    unsigned tail;          /* our SQ tail: SQEs written, not yet published */
    unsigned to_submit;
    int ext_arg;
    int armed;              /* a read is outstanding on every pipe */
};

static int uring_setup(unsigned entries, struct io_uring_params *prm, unsigned flags)
{
    memset(prm, 0, sizeof *prm);
    prm->flags = flags;
    return (int)syscall(SYS_io_uring_setup, entries, prm);
}

/* Maps the SQ and CQ rings and the SQEs, and finds the ring fields in them. */
static void uring_map(struct parent *p, struct uring *ur, const struct io_uring_params *prm)
{
    ur->sq_len = prm->sq_off.array + prm->sq_entries * sizeof(unsigned);
    ur->cq_len = prm->cq_off.cqes + prm->cq_entries * sizeof(struct io_uring_cqe);
    if (prm->features & IORING_FEAT_SINGLE_MMAP) {
        if (ur->cq_len > ur->sq_len)
            ur->sq_len = ur->cq_len;
        ur->cq_len = ur->sq_len;
    }
    ur->sq_map = mmap(NULL, ur->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ur->fd, IORING_OFF_SQ_RING);
    if (ur->sq_map == MAP_FAILED) {
        ur->sq_map = NULL;
        fail_errno(p, "mmap (io_uring SQ ring)");
    }
    if (prm->features & IORING_FEAT_SINGLE_MMAP) {
        ur->cq_map = ur->sq_map;
    } else {
        ur->cq_map = mmap(NULL, ur->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ur->fd,
                          IORING_OFF_CQ_RING);
        if (ur->cq_map == MAP_FAILED) {
            ur->cq_map = NULL;
            fail_errno(p, "mmap (io_uring CQ ring)");
        }
    }
    ur->sqes_len = prm->sq_entries * sizeof(struct io_uring_sqe);
    ur->sqes = mmap(NULL, ur->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ur->fd, IORING_OFF_SQES);
    if (ur->sqes == MAP_FAILED) {
        ur->sqes = NULL;
        fail_errno(p, "mmap (io_uring SQEs)");
    }
    uint8_t *sq = ur->sq_map, *cq = ur->cq_map;
    ur->sq_head = (unsigned *)(sq + prm->sq_off.head);
    ur->sq_tail = (_Atomic unsigned *)(sq + prm->sq_off.tail);
    ur->sq_mask = *(unsigned *)(sq + prm->sq_off.ring_mask);
    ur->sq_array = (unsigned *)(sq + prm->sq_off.array);
    ur->cq_head = (_Atomic unsigned *)(cq + prm->cq_off.head);
    ur->cq_tail = (_Atomic unsigned *)(cq + prm->cq_off.tail);
    ur->cq_mask = *(unsigned *)(cq + prm->cq_off.ring_mask);
    ur->cqes = (struct io_uring_cqe *)(cq + prm->cq_off.cqes);
    ur->tail = atomic_load_explicit(ur->sq_tail, memory_order_relaxed);
}

static void uring_open(struct parent *p)
{
    struct uring *ur = p->state = xcalloc(p, 1, sizeof *ur);
    struct io_uring_params prm;
    unsigned entries = 1;
    while (entries < p->miners)
        entries <<= 1;
    /* One thread submits and reaps: completions are run when we wait, not by IPIs meanwhile. */
    ur->flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    ur->fd = uring_setup(entries, &prm, ur->flags);
    if (ur->fd < 0 && errno == EINVAL)
        ur->fd = uring_setup(entries, &prm, ur->flags = 0);
    if (ur->fd < 0)
        fail_errno(p, "io_uring_setup");
    ur->ext_arg = (prm.features & IORING_FEAT_EXT_ARG) != 0;
    if (!ur->ext_arg)
        parent_fail(p, "io_uring: this kernel lacks IORING_FEAT_EXT_ARG (wait with timeout), 5.11+ needed");
    uring_map(p, ur, &prm);
    /* Registered files: the kernel skips the fd table lookup and refcount on every read. */
    int *fds = xcalloc(p, p->miners, sizeof(int));
    for (uint32_t i = 0; i < p->miners; i++)
        fds[i] = p->m[i].coin_fd;
    long r = syscall(SYS_io_uring_register, ur->fd, IORING_REGISTER_FILES, fds, p->miners);
    free(fds);
    if (r < 0)
        fail_errno(p, "io_uring_register(IORING_REGISTER_FILES)");
}

/* Queues a read of whatever the miner's buffer has room for. At most one per miner is ever
 * outstanding, and the SQ has an entry per miner, so it cannot be full. */
static void uring_queue_read(struct parent *p, uint32_t i)
{
    struct uring *ur = p->state;
    struct miner *m = &p->m[i];
    unsigned idx = ur->tail & ur->sq_mask;
    struct io_uring_sqe *sqe = &ur->sqes[idx];
    memset(sqe, 0, sizeof *sqe);
    sqe->opcode = IORING_OP_READ;
    sqe->flags = IOSQE_FIXED_FILE;
    sqe->fd = (int)i; /* index into the registered files */
    sqe->addr = (uint64_t)(uintptr_t)(m->buf + m->end);
    sqe->len = (unsigned)(m->cap - m->end);
    sqe->off = (uint64_t)-1; /* a pipe: the current position */
    sqe->user_data = i;
    ur->sq_array[idx] = idx;
    ur->tail++;
    ur->to_submit++;
}

/* Submits what is queued and, if `wait`, waits for a completion or the deadline. */
static void uring_enter(struct parent *p, int wait)
{
    struct uring *ur = p->state;
    /* Pairs with the kernel's load-acquire of the SQ tail: our SQEs are written before it sees them. */
    atomic_store_explicit(ur->sq_tail, ur->tail, memory_order_release);
    unsigned flags = 0;
    struct __kernel_timespec ts;
    struct io_uring_getevents_arg arg;
    void *argp = NULL;
    size_t argsz = 0;
    if (wait) {
        uint64_t now = now_ns(), left = p->deadline > now ? p->deadline - now : 1;
        ts.tv_sec = (long long)(left / 1000000000u);
        ts.tv_nsec = (long long)(left % 1000000000u);
        memset(&arg, 0, sizeof arg);
        arg.ts = (uint64_t)(uintptr_t)&ts;
        argp = &arg;
        argsz = sizeof arg;
        flags = IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG;
    }
    /* It returns the SQEs it consumed if any (even when the wait then timed out), else an error. */
    long r = syscall(SYS_io_uring_enter, ur->fd, ur->to_submit, wait ? 1u : 0u, flags, argp, argsz);
    if (wait)
        COUNT(p, waits);
    else
        COUNT(p, other);
    if (r >= 0) {
        ur->to_submit -= (unsigned)r < ur->to_submit ? (unsigned)r : ur->to_submit;
        return;
    }
    if (errno == ETIME)
        check_deadline(p);
    else if (errno != EINTR && errno != EAGAIN && errno != EBUSY)
        fail_errno(p, "io_uring_enter");
}

/* Reaps every completion in the CQ ring. Returns how many. */
static unsigned uring_reap(struct parent *p)
{
    struct uring *ur = p->state;
    unsigned head = atomic_load_explicit(ur->cq_head, memory_order_relaxed); /* ours alone */
    /* Pairs with the kernel's store-release of the CQ tail: the CQEs before it are written. */
    unsigned tail = atomic_load_explicit(ur->cq_tail, memory_order_acquire);
    unsigned n = tail - head;
    for (; head != tail; head++) {
        struct io_uring_cqe *cqe = &ur->cqes[head & ur->cq_mask];
        uint32_t i = (uint32_t)cqe->user_data;
        int res = cqe->res;
        struct miner *m = &p->m[i];
        if (res > 0) {
            count_add(&p->counts.main.bytes_read, (uint64_t)res); /* read by the kernel for us: no read(2) */
            m->end += (size_t)res;
            pipe_cash(p, m);
        } else if (res == 0) {
            /* Release the CQE first: miner_lost tears the ring down. */
            atomic_store_explicit(ur->cq_head, head + 1, memory_order_release);
            miner_lost(p, m);
        } else if (res != -EINTR && res != -EAGAIN) {
            errno = -res;
            fail_errno(p, "io_uring read of a coin pipe");
        }
        uring_queue_read(p, i); /* keep one read outstanding per pipe, across rounds */
    }
    /* Pairs with the kernel's load-acquire of the CQ head: it may reuse these CQEs now. */
    atomic_store_explicit(ur->cq_head, head, memory_order_release);
    return n;
}

static void uring_collect(struct parent *p)
{
    struct uring *ur = p->state;
    if (!ur->armed) {
        for (uint32_t i = 0; i < p->miners; i++)
            uring_queue_read(p, i);
        ur->armed = 1;
    }
    while (p->remaining) {
        if (uring_reap(p))
            continue;
        uring_enter(p, 1);
    }
    /* The reads queued for the next round go in now, outside the round's last stamp. */
    if (ur->to_submit)
        uring_enter(p, 0);
}

/* Frees the state, `armed` with it: a hand-off opened again arms its reads again. */
static void uring_close(struct parent *p)
{
    struct uring *ur = p->state;
    if (!ur)
        return;
    /* Closing the ring cancels the outstanding reads before the buffers they target are freed. */
    if (ur->sqes)
        munmap(ur->sqes, ur->sqes_len);
    if (ur->cq_map && ur->cq_map != ur->sq_map)
        munmap(ur->cq_map, ur->cq_len);
    if (ur->sq_map)
        munmap(ur->sq_map, ur->sq_len);
    if (ur->fd >= 0)
        close(ur->fd);
    free(ur);
    p->state = NULL;
}

const struct handoff handoff_io_uring = {
    .name = "io_uring", .channel = CHANNEL_PIPE, .nonblocking = 0,
    .open = uring_open, .collect = uring_collect, .close = uring_close,
};

/* ---- aio: IOCB_CMD_POLL ----------------------------------------------------------------------- */

struct aio_state {
    aio_context_t ctx;
    struct iocb *cbs;
    struct iocb **queue;
    struct io_event *events;
    uint32_t queued;
    int armed;
};

static void aio_open(struct parent *p)
{
    struct aio_state *aio = p->state = xcalloc(p, 1, sizeof *aio);
    if (syscall(SYS_io_setup, p->miners, &aio->ctx) != 0) {
        aio->ctx = 0;
        fail_errno(p, "io_setup");
    }
    aio->cbs = xcalloc(p, p->miners, sizeof *aio->cbs);
    aio->queue = xcalloc(p, p->miners, sizeof *aio->queue);
    aio->events = xcalloc(p, p->miners, sizeof *aio->events);
    for (uint32_t i = 0; i < p->miners; i++) {
        aio->cbs[i].aio_data = i;
        aio->cbs[i].aio_lio_opcode = IOCB_CMD_POLL;
        aio->cbs[i].aio_fildes = (uint32_t)p->m[i].coin_fd;
        aio->cbs[i].aio_buf = POLLIN; /* the poll events */
    }
}

static void aio_submit(struct parent *p)
{
    struct aio_state *aio = p->state;
    uint32_t done = 0;
    while (done < aio->queued) {
        long r = syscall(SYS_io_submit, aio->ctx, (long)(aio->queued - done), aio->queue + done);
        COUNT(p, other);
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            fail_errno(p, "io_submit(IOCB_CMD_POLL)");
        }
        done += (uint32_t)r;
    }
    aio->queued = 0;
}

static void aio_collect(struct parent *p)
{
    struct aio_state *aio = p->state;
    if (!aio->armed) {
        for (uint32_t i = 0; i < p->miners; i++)
            aio->queue[aio->queued++] = &aio->cbs[i];
        aio_submit(p);
        aio->armed = 1;
    }
    while (p->remaining) {
        uint64_t now = now_ns(), left = p->deadline > now ? p->deadline - now : 1;
        struct timespec ts = {(time_t)(left / 1000000000u), (long)(left % 1000000000u)};
        long n = syscall(SYS_io_getevents, aio->ctx, 1L, (long)p->miners, aio->events, &ts);
        COUNT(p, waits);
        if (n < 0) {
            if (errno != EINTR)
                fail_errno(p, "io_getevents");
            continue;
        }
        if (n == 0) {
            check_deadline(p);
            continue;
        }
        for (long k = 0; k < n; k++) {
            uint32_t i = (uint32_t)aio->events[k].data;
            struct miner *m = &p->m[i];
            if (aio->events[k].res < 0) {
                errno = (int)-aio->events[k].res;
                fail_errno(p, "IOCB_CMD_POLL");
            }
            /* POLLIN or POLLHUP: read; EOF (0) ends in miner_lost. */
            if (pipe_read(p, m) > 0)
                pipe_cash(p, m);
            aio->queue[aio->queued++] = &aio->cbs[i]; /* one-shot: poll again */
        }
        aio_submit(p);
    }
}

static void aio_close(struct parent *p)
{
    struct aio_state *aio = p->state;
    if (!aio)
        return;
    if (aio->ctx)
        syscall(SYS_io_destroy, aio->ctx); /* cancels the outstanding polls */
    free(aio->cbs);
    free(aio->queue);
    free(aio->events);
    free(aio);
    p->state = NULL;
}

const struct handoff handoff_aio = {
    .name = "aio", .channel = CHANNEL_PIPE, .nonblocking = 1,
    .open = aio_open, .collect = aio_collect, .close = aio_close,
};

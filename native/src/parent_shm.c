/* The shared-memory hand-offs: the miners write coins in place in their rings (coin.h) and
 * the parent reads them there, no system call per coin.
 *   shm-spin   the parent sweeps the rings without pause.
 *   shm-futex  the same sweep, but when a sweep finds nothing the parent sleeps on the doorbell.
 * A miner that dies leaves no EOF behind, so both watch the miners with waitpid(WNOHANG): the
 * spinner about once a millisecond of empty sweeps, the sleeper after every sleep (which is
 * bounded to a few milliseconds for that reason). */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <sched.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define WATCH_NS 1000000u       /* how often a spinning parent looks for dead miners */
#define SLEEP_NS 10000000u      /* the longest doorbell wait before looking again */
#ifndef YIELD_SWEEPS
#define YIELD_SWEEPS 1024u      /* empty sweeps (a few us) before a spinning parent yields once */
#endif

/* One pass over the rings of miners still owing coins. Returns coins cashed. */
static size_t sweep(struct parent *p)
{
    size_t n = 0;
    for (uint32_t i = 0; i < p->miners; i++)
        if (p->m[i].owed)
            n += ring_drain(p, &p->m[i]);
    return n;
}

/* A dead miner may have published its coins before it died: take those, then judge. */
static void watch_miners(struct parent *p)
{
    struct miner *m;
    while ((m = reap_any(p)) != NULL) {
        ring_drain(p, m);
        if (m->owed)
            miner_lost(p, m);
    }
    check_deadline(p);
}

static void spin_collect(struct parent *p)
{
    uint64_t last_watch = now_ns();
    uint32_t empty = 0;
    while (p->remaining) {
        if (sweep(p)) {
            empty = 0;
            continue;
        }
        /* A miner woken by our command is often placed on our CPU (wake-affine); spinning
         * without ever giving way would then starve the very coin we wait for until the load
         * balancer moves one of us (milliseconds). After YIELD_SWEEPS empty sweeps we let it
         * run: sched_yield returns at once when nothing else is runnable here. */
        if (++empty % YIELD_SWEEPS == 0) {
            COUNT(p, other);
            sched_yield();
        }
        /* Looking at the clock costs ~25 ns; every 64 empty sweeps keeps it off the fast path. */
        if (empty % 64 == 0) {
            uint64_t now = now_ns();
            if (now - last_watch >= WATCH_NS) {
                last_watch = now;
                watch_miners(p);
            }
        }
    }
}

const struct handoff handoff_shm_spin = {
    .name = "shm-spin", .channel = CHANNEL_SHM, .nonblocking = 0,
    .collect = spin_collect,
};

static void futex_collect(struct parent *p)
{
    _Atomic uint32_t *rings = (_Atomic uint32_t *)(p->doorbell + DOORBELL_RINGS_OFFSET);
    _Atomic uint32_t *waiting = (_Atomic uint32_t *)(p->doorbell + DOORBELL_WAITING_OFFSET);
    uint64_t last_watch = now_ns();
    while (p->remaining) {
        /* Read before the sweep: any publish after this read changes the word, and then the
         * FUTEX_WAIT below returns at once instead of sleeping past it. */
        uint32_t seen = atomic_load_explicit(rings, memory_order_seq_cst);
        if (sweep(p)) {
            uint64_t now = now_ns();
            if (now - last_watch >= WATCH_NS) { /* a busy stream must not hide a dead miner */
                last_watch = now;
                watch_miners(p);
            }
            continue;
        }
        /* Pairs with the miner's seq_cst fetch_add on rings then load of waiting: either it
         * sees waiting set and wakes us, or its publish is visible to the recheck below (or
         * changed `rings` so FUTEX_WAIT refuses to sleep). */
        atomic_store_explicit(waiting, 1, memory_order_seq_cst);
        if (!sweep(p) && p->remaining) {
            uint64_t now = now_ns(), left = p->deadline > now ? p->deadline - now : 0;
            if (left > SLEEP_NS)
                left = SLEEP_NS;
            struct timespec ts = {0, (long)left};
            /* Not FUTEX_PRIVATE: the word lives in a memfd shared with the miners. */
            long r = syscall(SYS_futex, (uint32_t *)rings, FUTEX_WAIT, seen, &ts, NULL, 0);
            COUNT(p, waits);
            if (r != 0 && errno != EAGAIN && errno != EINTR && errno != ETIMEDOUT)
                fail_errno(p, "futex(FUTEX_WAIT)");
            int timed_out = r != 0 && errno == ETIMEDOUT;
            atomic_store_explicit(waiting, 0, memory_order_relaxed);
            now = now_ns();
            if (timed_out || now - last_watch >= WATCH_NS) {
                last_watch = now;
                watch_miners(p);
            }
        } else {
            atomic_store_explicit(waiting, 0, memory_order_relaxed);
        }
    }
}

const struct handoff handoff_shm_futex = {
    .name = "shm-futex", .channel = CHANNEL_SHM_FUTEX, .nonblocking = 0,
    .collect = futex_collect,
};

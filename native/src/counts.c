/* The C parent's system-call counts (see struct syscounts in parent.h): the main thread's set,
 * and the reader threads' sets while they run. */
#include "parent.h"

#include <pthread.h>
#include <stdlib.h>

static struct syscounts main_counts;
_Thread_local struct syscounts *my_counts = &main_counts;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct syscounts **live;
static size_t nlive, caplive;
static uint64_t retired[5];

static void add(uint64_t out[5], struct syscounts *c)
{
    out[0] += atomic_load_explicit(&c->reads, memory_order_relaxed);
    out[1] += atomic_load_explicit(&c->writes, memory_order_relaxed);
    out[2] += atomic_load_explicit(&c->waits, memory_order_relaxed);
    out[3] += atomic_load_explicit(&c->other, memory_order_relaxed);
    out[4] += atomic_load_explicit(&c->bytes_read, memory_order_relaxed);
}

void count_register(struct syscounts *c)
{
    pthread_mutex_lock(&lock);
    if (nlive == caplive) {
        size_t cap = caplive ? 2 * caplive : 64;
        struct syscounts **l = realloc(live, cap * sizeof *l);
        if (!l)
            abort(); /* a reader thread's start: the main thread fails on its own allocations first */
        live = l;
        caplive = cap;
    }
    live[nlive++] = c;
    pthread_mutex_unlock(&lock);
}

void count_retire(struct syscounts *c)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nlive; i++)
        if (live[i] == c) {
            add(retired, c);
            live[i] = live[--nlive];
            break;
        }
    pthread_mutex_unlock(&lock);
}

void count_total(uint64_t out[5])
{
    for (int k = 0; k < 5; k++)
        out[k] = 0;
    add(out, &main_counts);
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nlive; i++)
        add(out, live[i]);
    for (int k = 0; k < 5; k++)
        out[k] += retired[k];
    pthread_mutex_unlock(&lock);
}

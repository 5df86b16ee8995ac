/* The C parent's system-call counts (see struct syscounts in parent.h): a session's book holds
 * the main thread's set, and the reader threads' sets while they run. */
#include "parent.h"

#include <stdlib.h>
#include <string.h>

void count_book_init(struct count_book *b)
{
    memset(b, 0, sizeof *b);
    pthread_mutex_init(&b->lock, NULL);
}

void count_book_free(struct count_book *b)
{
    free(b->live);
    b->live = NULL;
    b->nlive = b->caplive = 0;
    pthread_mutex_destroy(&b->lock);
}

static void add(uint64_t out[5], struct syscounts *c)
{
    out[0] += atomic_load_explicit(&c->reads, memory_order_relaxed);
    out[1] += atomic_load_explicit(&c->writes, memory_order_relaxed);
    out[2] += atomic_load_explicit(&c->waits, memory_order_relaxed);
    out[3] += atomic_load_explicit(&c->other, memory_order_relaxed);
    out[4] += atomic_load_explicit(&c->bytes_read, memory_order_relaxed);
}

void count_register(struct count_book *b, struct syscounts *c)
{
    pthread_mutex_lock(&b->lock);
    if (b->nlive == b->caplive) {
        size_t cap = b->caplive ? 2 * b->caplive : 64;
        struct syscounts **l = realloc(b->live, cap * sizeof *l);
        if (!l)
            abort(); /* a reader thread's start: the main thread fails on its own allocations first */
        b->live = l;
        b->caplive = cap;
    }
    b->live[b->nlive++] = c;
    pthread_mutex_unlock(&b->lock);
}

void count_retire(struct count_book *b, struct syscounts *c)
{
    pthread_mutex_lock(&b->lock);
    for (size_t i = 0; i < b->nlive; i++)
        if (b->live[i] == c) {
            add(b->retired, c);
            b->live[i] = b->live[--b->nlive];
            break;
        }
    pthread_mutex_unlock(&b->lock);
}

void count_total(struct count_book *b, uint64_t out[5])
{
    for (int k = 0; k < 5; k++)
        out[k] = 0;
    add(out, &b->main);
    pthread_mutex_lock(&b->lock);
    for (size_t i = 0; i < b->nlive; i++)
        add(out, b->live[i]);
    for (int k = 0; k < 5; k++)
        out[k] += b->retired[k];
    pthread_mutex_unlock(&b->lock);
}

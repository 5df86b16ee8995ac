/* A round or a stream, set up once for all who run one: the measured rounds and the stream,
 * the --warmup rounds, and every --serve command. Every miner is told what it owes, the
 * hand-off's begin() runs before the start stamp, the command goes out, collect() returns
 * when the last coin is in. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <stdio.h>
#include <string.h>

/* The command for round `round` (count 0: one coin per miner) or a stream of `count` coins. */
static struct command command_for(const struct parent *p, uint64_t round, uint64_t count)
{
    struct command c;
    memset(&c, 0, sizeof c);
    c.op = count ? COMMAND_STREAM : COMMAND_ROUND;
    c.difficulty = p->difficulty;
    c.seed = p->seed;
    c.round = round;
    c.count = count ? count : 1;
    c.channel = p->handoff->channel;
    c.payload_length = p->payload;
    c.batch = count ? p->batch : 1;
    c.pace_ns = count ? p->pace_ns : 0;
    c.flags = count ? p->flags : 0;
    return c;
}

void run_span(struct parent *p, uint64_t round, uint64_t count, struct run_cost *cost)
{
    struct command c = command_for(p, round, count);
    p->round = round;
    for (uint32_t i = 0; i < p->miners; i++) {
        p->m[i].owed = c.count;
        p->m[i].delivered = 0;
    }
    p->remaining = c.count * p->miners;
    p->first_cash = p->last_cash = 0;
    struct run_cost before;
    if (cost)
        cost_now(p, &before);
    if (p->handoff->begin)
        p->handoff->begin(p);
    p->round_start = now_ns();
    p->deadline = p->round_start + p->timeout_ns;
    send_all(p, &c);
    p->handoff->collect(p);
    if (cost)
        cost_since(p, cost, &before);
}

/* Warm-up rounds (--warmup): the miners' exec and first-touch costs stay out of the measured
 * rounds. They are verified but not counted, and use rounds 2^63 + w, so the measured rounds
 * mine exactly what the JVM's rounds 0..R-1 mine. */
static void warm_up(struct parent *p)
{
    uint64_t stream = p->stream;
    p->stream = 0;
    p->warming = 1;
    for (uint64_t k = 0; k < p->warmup; k++)
        run_span(p, (1ull << 63) + k, 0, NULL);
    p->warming = 0;
    p->stream = stream;
}

void run_all(struct parent *p, struct run_totals *t)
{
    if (p->warmup)
        warm_up(p);
    struct run_cost before;
    cost_now(p, &before);
    t->cpu0 = cpu_ns();
    t->t0 = 0;
    for (uint64_t r = 0; r < t->spans; r++) {
        run_span(p, p->stream ? 0 : r, p->stream, NULL);
        if (r == 0)
            t->t0 = p->round_start;
        t->makespan[r] = (int64_t)(p->last_cash - p->round_start);
        t->first[r] = (int64_t)(p->first_cash - p->round_start);
    }
    t->t1 = now_ns();
    t->cpu1 = cpu_ns();
    cost_since(p, &t->cost, &before);
    t->elapsed = p->last_cash > t->t0 ? p->last_cash - t->t0 : t->t1 - t->t0;
    fflush(stdout);
}

/* Results: each coin's delay (exact up to a budget, then a histogram within 0.1%), the
 * project's percentile rule, the trace file (CSV or JSON lines), what a run cost, and the one
 * summary line the Java side parses. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* ---- bounded results: exact delays up to a budget, then a histogram; trace rows written out ---- */

/* Values below 2^11 exactly; above, 10 bits of mantissa per power of two: within 0.1%. */
#define DELAY_HIST_BUCKETS (2048 + 53 * 1024)

static size_t hist_bucket(int64_t v)
{
    uint64_t u = v < 0 ? 0 : (uint64_t)v;
    if (u < 2048)
        return (size_t)u;
    int e = 63 - __builtin_clzll(u); /* 11..63 */
    uint64_t m = u >> (e - 10);      /* 1024..2047 */
    return 2048 + (size_t)(e - 11) * 1024 + (size_t)(m - 1024);
}

static int64_t hist_value(size_t b)
{
    if (b < 2048)
        return (int64_t)b;
    int e = (int)((b - 2048) / 1024) + 11;
    uint64_t m = (b - 2048) % 1024 + 1024;
    uint64_t low = m << (e - 10), width = 1ull << (e - 10);
    return (int64_t)(low + width / 2);
}

void record_delay(struct parent *p, uint64_t k, int64_t d)
{
    if (!p->delay_cap || k < p->delay_cap) {
        p->delays[k] = d;
        return;
    }
    if (!p->delay_hist) {
        p->delay_hist = xmalloc(p, sizeof *p->delay_hist * DELAY_HIST_BUCKETS);
        memset(p->delay_hist, 0, sizeof *p->delay_hist * DELAY_HIST_BUCKETS);
        for (uint64_t i = 0; i < p->delay_cap; i++)
            p->delay_hist[hist_bucket(p->delays[i])]++;
    }
    p->delay_hist[hist_bucket(d)]++;
}

/* The q-quantile (nearest rank) of the n delays in the histogram. */
static int64_t hist_pct(const uint64_t *h, uint64_t n, double q)
{
    if (n == 0)
        return 0;
    uint64_t k = (uint64_t)(q * (double)(n - 1) + 0.5), seen = 0;
    for (size_t b = 0; b < DELAY_HIST_BUCKETS; b++) {
        seen += h[b];
        if (seen > k)
            return hist_value(b);
    }
    return hist_value(DELAY_HIST_BUCKETS - 1);
}

/* ---- numbers ---- */

size_t put_u64(char *out, uint64_t v)
{
    char d[20];
    size_t n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t k = 0; k < n; k++)
        out[k] = d[n - 1 - k];
    return n;
}

/* ---- percentiles ---- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank, as io.chaching.stats.Percentiles: the index (sorted ascending) of the smallest
 * value with at least pct% of the values at or below it. */
uint64_t rank_index(uint64_t n, double pct)
{
    double x = pct / 100.0 * (double)n;
    uint64_t rank = (uint64_t)x;
    if ((double)rank < x)
        rank++;
    return (rank > 1 ? rank : 1) - 1;
}

/* The project's one percentile rule, nearest rank (as the Java side): q in (0, 1]. */
static int64_t pct(const int64_t *sorted, uint64_t n, double q)
{
    if (n == 0)
        return 0;
    return sorted[rank_index(n, q * 100.0)];
}

/* The k-th smallest (0-based) of a[0..n), moving it to a[k]: everything before it is <= and
 * everything after it >= (quickselect, three-way so runs of equal delays cost nothing). */
void select_kth(int64_t *a, uint64_t n, uint64_t k)
{
    uint64_t lo = 0, hi = n; /* the k-th is in [lo, hi) */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        int64_t x = a[lo], y = a[mid], z = a[hi - 1];
        int64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        /* [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot */
        uint64_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            int64_t v = a[i];
            if (v < pivot) {
                a[i++] = a[lt];
                a[lt++] = v;
            } else if (v > pivot) {
                a[i] = a[--gt];
                a[gt] = v;
            } else {
                i++;
            }
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
}

/* ---- the trace ---- */

static int trace_json(const char *path)
{
    size_t len = strlen(path);
    return (len >= 6 && strcmp(path + len - 6, ".jsonl") == 0) || (len >= 5 && strcmp(path + len - 5, ".json") == 0);
}

/* Opened before any miner is forked: a trace path it cannot write is bad input (exit 2), said
 * at once and naming the path, not after the whole run. "e": O_CLOEXEC, no miner inherits it. */
void *open_trace(struct parent *p)
{
    const char *path = p->trace_path;
    FILE *f = *path ? fopen(path, "we") : NULL;
    if (!f) {
        fprintf(stderr, "%s: --trace must be a file it can write: --trace=%s (%s)\n", PROG, *path ? path : "''",
                *path ? strerror(errno) : "an empty path");
        exit(2);
    }
    p->trace_buf = xmalloc(p, 1 << 20);
    setvbuf(f, p->trace_buf, _IOFBF, 1 << 20);
    if (!trace_json(path))
        fputs("parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs\n", f);
    return f;
}

static _Noreturn void trace_failed(struct parent *p)
{
    char what[600];
    snprintf(what, sizeof what, "writing --trace %.500s", p->trace_path);
    fail_errno(p, what);
}

/* Writes the rows held and starts again: at most trace_cap rows are ever in memory. */
void trace_flush(struct parent *p)
{
    FILE *f = p->trace_file;
    int json = trace_json(p->trace_path);
    static const char hex[] = "0123456789abcdef";
    uint64_t n = p->trace_cap ? p->trace_n : p->coins;
    for (uint64_t k = 0; k < n; k++) {
        const struct trace_row *t = &p->trace[k];
        char dh[129];
        for (int j = 0; j < 64; j++) {
            dh[2 * j] = hex[t->digest[j] >> 4];
            dh[2 * j + 1] = hex[t->digest[j] & 15];
        }
        dh[128] = 0;
        if (json)
            fprintf(f, "{\"parent\":\"native\",\"handoff\":\"%s\",\"miner\":%u,\"round\":%" PRIu64 ",\"nonce\":%" PRIu64
                       ",\"digest\":\"%s\",\"roundStartNs\":%" PRIu64 ",\"startedNs\":%" PRIu64
                       ",\"minedNs\":%" PRIu64 ",\"cashedNs\":%" PRIu64 "}\n",
                    p->handoff->name, t->miner, t->round, t->nonce, dh, t->round_start, t->started, t->mined,
                    t->cashed);
        else
            fprintf(f, "native,%s,%u,%" PRIu64 ",%" PRIu64 ",%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
                    p->handoff->name, t->miner, t->round, t->nonce, dh, t->round_start, t->started, t->mined,
                    t->cashed);
    }
    if (ferror(f))
        trace_failed(p);
    p->trace_n = 0;
}

void write_trace(struct parent *p)
{
    trace_flush(p);
    if (fclose(p->trace_file) != 0)
        trace_failed(p);
    p->trace_file = NULL;
    free(p->trace_buf);
    p->trace_buf = NULL;
}

/* ---- cost and summary ---- */

uint64_t cpu_ns(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
           (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
}

void cost_now(struct parent *p, struct run_cost *c)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    c->cpu = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
             (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
    c->vcsw = (uint64_t)ru.ru_nvcsw;
    c->ivcsw = (uint64_t)ru.ru_nivcsw;
    count_total(&p->counts, c->counts);
}

/* *c becomes what it cost since `before`. */
void cost_since(struct parent *p, struct run_cost *c, const struct run_cost *before)
{
    cost_now(p, c);
    c->cpu -= before->cpu;
    c->vcsw -= before->vcsw;
    c->ivcsw -= before->ivcsw;
    for (int k = 0; k < 5; k++)
        c->counts[k] -= before->counts[k];
}

/* The delays' p50, p99 and max: exact, or from the histogram once they outgrew delay_cap. */
static int summarize_delays(struct parent *p, int64_t out[3])
{
    int summarized = p->delay_hist != NULL;
    uint64_t exact_n = summarized ? 0 : p->coins;
    qsort(p->delays, exact_n, sizeof *p->delays, cmp_i64);
    out[0] = summarized ? hist_pct(p->delay_hist, p->coins, 0.5) : pct(p->delays, exact_n, 0.5);
    out[1] = summarized ? hist_pct(p->delay_hist, p->coins, 0.99) : pct(p->delays, exact_n, 0.99);
    out[2] = summarized ? hist_pct(p->delay_hist, p->coins, 1.0) : exact_n ? p->delays[exact_n - 1] : 0;
    return summarized;
}

void print_summary(struct parent *p, struct run_totals *t)
{
    uint64_t spans = t->spans;
    qsort(t->makespan, spans, sizeof *t->makespan, cmp_i64);
    qsort(t->first, spans, sizeof *t->first, cmp_i64);
    int64_t d[3];
    int summarized = summarize_delays(p, d);
    double secs = (double)t->elapsed / 1e9;
    const struct run_cost *cost = &t->cost;
    printf("summary parent=native handoff=%s miners=%u coins=%" PRIu64 " rounds=%" PRIu64
           " stream=%" PRIu64 " payload=%u batch=%u difficulty=%u"
           " makespan_ns_median=%" PRId64 " makespan_ns_min=%" PRId64 " delay_ns_p50=%" PRId64
           " delay_ns_p99=%" PRId64 " delay_ns_max=%" PRId64 " first_coin_ns_median=%" PRId64
           " elapsed_ns=%" PRIu64 " coins_per_s=%.1f mb_per_s=%.3f parent_cpu=%.3f delays=%s"
           " reads=%" PRIu64 " writes=%" PRIu64 " waits=%" PRIu64 " other=%" PRIu64 " bytes_read=%" PRIu64
           " vcsw=%" PRIu64 " ivcsw=%" PRIu64 " cpu_ns=%" PRIu64 "\n",
           p->handoff->name, p->miners, p->coins, p->stream ? 1 : p->rounds, p->stream, p->payload,
           p->stream ? p->batch : 1u, p->difficulty, pct(t->makespan, spans, 0.5), t->makespan[0],
           d[0], d[1], d[2], pct(t->first, spans, 0.5), t->elapsed,
           (double)p->coins / secs, (double)p->coins * (double)p->record / secs / 1e6,
           (double)(t->cpu1 - t->cpu0) / (double)(t->t1 - t->t0),
           summarized ? "histogram_within_0.1pct_beyond_1048576_exact" : "exact", cost->counts[0], cost->counts[1],
           cost->counts[2], cost->counts[3], cost->counts[4], cost->vcsw, cost->ivcsw, cost->cpu);
}

/* --serve: one C parent for a whole benchmark trial. The miners are spawned once; then each
 * stdin line is a command (round R D | stream R COUNT D BATCH PACE | quit) and gets one answer
 * line on stdout. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SERVE_LINE_MAX 4096

/* A serving session: its parent, the answer line being built, the round's rows and the input. */
struct serve {
    struct parent *p;
    /* An answer line, built in one buffer and written with one write_full (EINTR-proof: the
     * blocking hand-off's SIGALRM and SIGCHLD do not restart system calls). */
    struct {
        char *b;
        size_t len, cap;
    } out;
    struct trace_row *rows; /* a round's coins, in cash-in order (p->miners rows) */
    uint64_t delay_cap;     /* p->delays holds this many */
    char in[SERVE_LINE_MAX + 1];
    size_t have;
    int eof, too_long;
};

/* ---- the answer line ---- */

static void out_reserve(struct serve *s, size_t more)
{
    if (s->out.len + more <= s->out.cap)
        return;
    size_t cap = s->out.cap ? s->out.cap : 4096;
    while (cap < s->out.len + more)
        cap *= 2;
    char *b = realloc(s->out.b, cap);
    if (!b)
        parent_fail(s->p, "out of memory: realloc(%zu)", cap);
    s->out.b = b;
    s->out.cap = cap;
}

static void out_str(struct serve *s, const char *str)
{
    size_t n = strlen(str);
    out_reserve(s, n);
    memcpy(s->out.b + s->out.len, str, n);
    s->out.len += n;
}

static void out_u64(struct serve *s, uint64_t v)
{
    out_reserve(s, 20);
    s->out.len += put_u64(s->out.b + s->out.len, v);
}

static void out_i64(struct serve *s, int64_t v)
{
    if (v < 0) {
        out_str(s, "-");
        out_u64(s, (uint64_t)0 - (uint64_t)v);
    } else {
        out_u64(s, (uint64_t)v);
    }
}

static void out_kv(struct serve *s, const char *key, uint64_t v)
{
    out_str(s, key);
    out_u64(s, v);
}

/* Sends the line built so far (plus its newline). A reader that went away ends the serving. */
static void out_send(struct serve *s)
{
    out_reserve(s, 1);
    s->out.b[s->out.len++] = '\n';
    if (write_full(STDOUT_FILENO, s->out.b, s->out.len) != 0) {
        int e = errno;
        s->p->serving = 0; /* no `error` line to a closed stdout */
        errno = e;
        fail_errno(s->p, "write answer to stdout");
    }
    s->out.len = 0;
}

/* " reads=N writes=N waits=N other=N bytes_read=N vcsw=N ivcsw=N", for NativeSession. */
static void out_cost(struct serve *s, const struct run_cost *c)
{
    out_kv(s, " reads=", c->counts[0]);
    out_kv(s, " writes=", c->counts[1]);
    out_kv(s, " waits=", c->counts[2]);
    out_kv(s, " other=", c->counts[3]);
    out_kv(s, " bytes_read=", c->counts[4]);
    out_kv(s, " vcsw=", c->vcsw);
    out_kv(s, " ivcsw=", c->ivcsw);
}

static void answer_error(struct serve *s, const char *why)
{
    s->out.len = 0;
    out_str(s, "error ");
    out_str(s, why);
    out_send(s);
}

/* Parses a whole token as a decimal in [min, max]; 0 on success, -1 (and why) if not. */
static int serve_u64(const char *tok, const char *name, uint64_t min, uint64_t max, uint64_t *v, char *why,
                     size_t whylen)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(tok, &end, 10);
    if (errno || end == tok || *end || tok[0] == '-' || tok[0] == '+' || x < min || x > max) {
        snprintf(why, whylen, "%s must be an integer in %" PRIu64 "..%" PRIu64 ": %s=%.40s", name, min, max, name,
                 tok);
        return -1;
    }
    *v = x;
    return 0;
}

/* ---- the commands ---- */

/* Runs one round (count 0) or one stream of the configured payload; the caller answers. */
static void serve_run(struct parent *p, uint64_t round, uint32_t difficulty, uint64_t count, uint32_t batch,
                      uint64_t pace_ns, struct run_cost *cost)
{
    p->difficulty = difficulty;
    p->stream = count; /* what_round() and miner_lost() word their messages by it, as today */
    p->batch = count ? batch : 1;
    p->pace_ns = count ? pace_ns : 0;
    p->coins = 0;
    run_span(p, round, count, cost);
}

/* ":DIGEST" in hex. */
static void out_digest(struct serve *s, const uint8_t digest[64])
{
    static const char hex[] = "0123456789abcdef";
    char dh[130];
    dh[0] = ':';
    for (int j = 0; j < 64; j++) {
        dh[1 + 2 * j] = hex[digest[j] >> 4];
        dh[2 + 2 * j] = hex[digest[j] & 15];
    }
    dh[129] = 0;
    out_str(s, dh);
}

static void serve_round(struct serve *s, char **tok, int n)
{
    struct parent *p = s->p;
    uint64_t r, d;
    struct run_cost cost;
    char why[256];
    if (n != 3) {
        answer_error(s, "round takes two arguments: round R D");
        return;
    }
    if (serve_u64(tok[1], "R", 0, UINT64_MAX, &r, why, sizeof why) ||
        serve_u64(tok[2], "D", 0, 40, &d, why, sizeof why)) {
        answer_error(s, why);
        return;
    }
    p->trace = s->rows;
    serve_run(p, r, (uint32_t)d, 0, 1, 0, &cost);
    p->trace = NULL;
    s->out.len = 0;
    out_kv(s, "round ", r);
    out_kv(s, " start=", p->round_start);
    out_kv(s, " end=", p->last_cash);
    out_kv(s, " cpu=", cost.cpu);
    out_str(s, " coins=");
    for (uint64_t k = 0; k < p->coins; k++) {
        const struct trace_row *row = &s->rows[k];
        if (k)
            out_str(s, ",");
        out_u64(s, row->miner);
        out_kv(s, ":", row->mined);
        out_kv(s, ":", row->cashed);
        out_kv(s, ":", row->started);
        out_kv(s, ":", row->nonce);
        out_digest(s, row->digest);
    }
    out_cost(s, &cost);
    out_send(s);
}

/* Room for `total` delays; 0, or -1 (answered) if there is no memory for them. */
static int fit_delays(struct serve *s, uint64_t total)
{
    struct parent *p = s->p;
    if (total <= s->delay_cap)
        return 0;
    uint64_t cap = s->delay_cap;
    while (cap < total)
        cap *= 2;
    int64_t *d2 = realloc(p->delays, sizeof *p->delays * cap);
    if (!d2) {
        char why[256];
        snprintf(why, sizeof why, "out of memory for %" PRIu64 " delays", total);
        answer_error(s, why);
        return -1;
    }
    p->delays = d2;
    s->delay_cap = cap;
    return 0;
}

/* " delay_p50=NS delay_p99=NS delay_p999=NS delay_max=NS" of the stream's delays. */
static void out_delays(struct serve *s, int64_t *a, uint64_t coins)
{
    int64_t max = a[0];
    for (uint64_t k = 1; k < coins; k++)
        if (a[k] > max)
            max = a[k];
    uint64_t k999 = rank_index(coins, 99.9), k99 = rank_index(coins, 99), k50 = rank_index(coins, 50);
    /* Each selection permutes only a[0..k]: read every value before the next one. */
    select_kth(a, coins, k999);
    int64_t p999 = a[k999];
    select_kth(a, k999 + 1, k99);
    int64_t p99 = a[k99];
    select_kth(a, k99 + 1, k50);
    int64_t p50 = a[k50];
    out_str(s, " delay_p50=");
    out_i64(s, p50);
    out_str(s, " delay_p99=");
    out_i64(s, p99);
    out_str(s, " delay_p999=");
    out_i64(s, p999);
    out_str(s, " delay_max=");
    out_i64(s, max);
}

/* The words after a stream's numbers: premined or mining (the producer), digests or headers
 * (what is verified); 1 if each is one of them, setting p's flags for this stream. */
static int stream_words(struct parent *p, char **w, int n)
{
    p->flags = 0;
    p->headers_only = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(w[i], "premined") == 0)
            p->flags = STREAM_PREMINED;
        else if (strcmp(w[i], "headers") == 0)
            p->headers_only = 1;
        else if (strcmp(w[i], "mining") != 0 && strcmp(w[i], "digests") != 0)
            return 0;
    }
    return 1;
}

static void serve_stream(struct serve *s, char **tok, int n)
{
    struct parent *p = s->p;
    uint64_t r, count, d, batch, pace;
    struct run_cost cost;
    char why[256];
    if (n < 6 || !stream_words(p, tok + 6, n - 6)) {
        answer_error(s, "stream takes five arguments, then words if asked: stream R COUNT D BATCH PACE"
                        " [premined|mining] [digests|headers]");
        return;
    }
    if (serve_u64(tok[1], "R", 0, UINT64_MAX, &r, why, sizeof why) ||
        serve_u64(tok[2], "COUNT", 1, p->flags && MAX_PREMINED < MAX_COINS / p->miners ? MAX_PREMINED : MAX_COINS / p->miners, &count, why, sizeof why) ||
        serve_u64(tok[3], "D", 0, 40, &d, why, sizeof why) ||
        serve_u64(tok[4], "BATCH", 1, MAX_BATCH, &batch, why, sizeof why) ||
        serve_u64(tok[5], "PACE", 0, UINT64_MAX / 4, &pace, why, sizeof why)) {
        answer_error(s, why);
        return;
    }
    if (fit_delays(s, count * p->miners))
        return;
    serve_run(p, r, (uint32_t)d, count, (uint32_t)batch, pace, &cost);
    uint64_t coins = p->coins;
    s->out.len = 0;
    out_kv(s, "stream ", r);
    out_kv(s, " start=", p->round_start);
    out_kv(s, " end=", p->last_cash);
    out_kv(s, " cpu=", cost.cpu);
    out_kv(s, " coins=", coins);
    out_kv(s, " bytes=", coins * p->payload);
    out_delays(s, p->delays, coins);
    out_cost(s, &cost);
    out_send(s);
}

/* One command line (NUL-terminated, no newline); answers it. Returns 1 on `quit`. */
static int serve_command(struct serve *s, char *line)
{
    char *tok[8];
    int n = 0;
    for (char *w = strtok(line, " \t\r"); w; w = strtok(NULL, " \t\r")) {
        if (n == 8) {
            answer_error(s, "too many words in the command");
            return 0;
        }
        tok[n++] = w;
    }
    char why[256];
    if (n == 0) {
        answer_error(s, "empty command (round R D | stream R COUNT D BATCH PACE | quit)");
        return 0;
    }
    if (strcmp(tok[0], "quit") == 0 && n == 1)
        return 1;
    if (strcmp(tok[0], "round") == 0) {
        serve_round(s, tok, n);
        return 0;
    }
    if (strcmp(tok[0], "stream") == 0) {
        serve_stream(s, tok, n);
        return 0;
    }
    snprintf(why, sizeof why, "unknown command (round R D | stream R COUNT D BATCH PACE | quit): %.60s%s", tok[0],
             n > 1 ? " ..." : "");
    answer_error(s, why);
    return 0;
}

/* ---- the input ---- */

/* Reads more of stdin into s->in (EINTR: try again later). */
static void read_more(struct serve *s)
{
    ssize_t r = read(STDIN_FILENO, s->in + s->have, SERVE_LINE_MAX - s->have);
    if (r > 0)
        s->have += (size_t)r;
    else if (r == 0)
        s->eof = 1;
    else if (errno != EINTR) /* SIGALRM/SIGCHLD of the blocking hand-off land here too */
        fail_errno(s->p, "read stdin");
}

/* Answers stdin's lines until EOF or `quit`. */
static void serve_lines(struct serve *s)
{
    for (int quit = 0; !quit;) {
        char *nl = memchr(s->in, '\n', s->have);
        if (!nl && !s->eof && s->have < SERVE_LINE_MAX) {
            read_more(s);
            continue;
        }
        size_t len; /* of the line, and how much to drop after it */
        if (nl) {
            len = (size_t)(nl - s->in);
        } else if (s->have == SERVE_LINE_MAX) {
            s->too_long = 1; /* drop it, and what follows up to its newline */
            s->have = 0;
            continue;
        } else if (s->have) {
            len = s->have; /* the last line has no newline */
        } else {
            if (s->too_long)
                answer_error(s, "command longer than 4096 bytes");
            break; /* EOF */
        }
        size_t drop = nl ? len + 1 : len;
        if (s->too_long) {
            s->too_long = 0;
            answer_error(s, "command longer than 4096 bytes");
        } else {
            s->in[len] = 0;
            quit = serve_command(s, s->in);
        }
        memmove(s->in, s->in + drop, s->have - drop);
        s->have -= drop;
    }
}

int serve(struct parent *p)
{
    struct serve *s = xcalloc(p, 1, sizeof *s);
    s->p = p;
    s->rows = xmalloc(p, sizeof *s->rows * p->miners);
    s->delay_cap = p->max_coins; /* p->delays holds p->max_coins (>= p->miners) */
    out_kv(s, "ready miners=", p->miners);
    out_str(s, " handoff=");
    out_str(s, p->handoff->name);
    out_kv(s, " pid=", (uint64_t)getpid());
    out_send(s);
    serve_lines(s);
    kill_all(p);
    release_all(p);
    free(s->rows);
    free(s->out.b);
    free(s);
    return 0;
}

/* cparent: the C reference parent. Forks the miners, runs rounds or a stream through one
 * hand-off, verifies every coin, prints the per-coin lines and one summary line.
 *
 *   cparent --miner PATH --handoff NAME [--miners N] [--difficulty BITS] [--seed S] [--rounds R]
 *           [--stream COUNT] [--payload BYTES] [--batch B] [--pace NS] [--ring-capacity BYTES]
 *           [--trace FILE] [--quiet] [--timeout SECONDS] [--warmup W] [--serve] [--dry-run]
 *
 * With --serve it spawns the miners once and then runs the rounds and streams that stdin asks
 * for, one command a line, one answer line each on stdout (see serve() below): the JMH
 * benchmarks keep one C parent per trial and measure it in the same run as the JVM's.
 *
 * It is the floor the JVM parents are measured against: nothing is allocated, printed or
 * written per coin in the hot loop with --quiet; trace records stay in memory until the end.
 * The cash-in moment is stamped as soon as a coin's bytes are in hand (one stamp per read or
 * per ring drain: those coins arrived together), and verification comes after the stamp.
 */
#include "coin.h"
#include "coinio.h"
#include "parent.h"
#include "sha512.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "cparent";
static struct parent *the_parent; /* for the failure path of allocation helpers */
static int serving;               /* --serve: a failure is also answered `error ...` on stdout */

static const struct handoff *const handoffs[] = {
    &handoff_blocking, &handoff_nonblocking, &handoff_select, &handoff_poll, &handoff_epoll,
    &handoff_io_uring, &handoff_aio, &handoff_shm_spin, &handoff_shm_futex, &handoff_threads,
};
#define HANDOFF_COUNT (sizeof handoffs / sizeof handoffs[0])
/* At most this many coins in a run (miners x rounds or stream): a record is kept of each. */
#define MAX_COINS (1ull << 31)

/* ---- arguments ------------------------------------------------------------------------------ */

/* The options, read with getopt_long: --name=value or --name value, as the Java side reads them
 * (io.chaching.args.Spec). Unlike plain getopt_long: no abbreviations, no option given twice, and
 * a value that is itself an option (`--trace --quiet`) is a missing value. */
enum {
    O_MINER, O_HANDOFF, O_MINERS, O_DIFFICULTY, O_SEED, O_ROUNDS, O_STREAM, O_PAYLOAD, O_BATCH, O_PACE,
    O_TIMEOUT, O_RING_CAPACITY, O_WARMUP, O_TRACE, O_QUIET, O_SERVE, O_DRY_RUN, O_HELP, O_COUNT
};
#define OPT(i, name, arg) [i] = {name, arg, NULL, 256 + i}
static const struct option long_options[O_COUNT + 1] = {
    OPT(O_MINER, "miner", required_argument),     OPT(O_HANDOFF, "handoff", required_argument),
    OPT(O_MINERS, "miners", required_argument),   OPT(O_DIFFICULTY, "difficulty", required_argument),
    OPT(O_SEED, "seed", required_argument),       OPT(O_ROUNDS, "rounds", required_argument),
    OPT(O_STREAM, "stream", required_argument),   OPT(O_PAYLOAD, "payload", required_argument),
    OPT(O_BATCH, "batch", required_argument),     OPT(O_PACE, "pace", required_argument),
    OPT(O_TIMEOUT, "timeout", required_argument), OPT(O_RING_CAPACITY, "ring-capacity", required_argument),
    OPT(O_WARMUP, "warmup", required_argument),   OPT(O_TRACE, "trace", required_argument),
    OPT(O_QUIET, "quiet", no_argument),           OPT(O_SERVE, "serve", no_argument),
    OPT(O_DRY_RUN, "dry-run", no_argument),       OPT(O_HELP, "help", no_argument),
};
/* The integer options' ranges; bytecoin's are bytecoin's (Bytecoin.SPEC), held to them by NativeRangesTest. */
static const struct { uint64_t min, max; } ranges[O_COUNT] = {
    [O_MINERS] = {1, 1024},  [O_DIFFICULTY] = {0, 40}, [O_SEED] = {0, INT64_MAX}, [O_ROUNDS] = {1, 1000000},
    [O_STREAM] = {1, 100000000}, [O_PAYLOAD] = {0, MAX_PAYLOAD}, [O_BATCH] = {1, MAX_BATCH},
    [O_PACE] = {0, 1000000000}, [O_TIMEOUT] = {1, 86400}, [O_RING_CAPACITY] = {1, 1ull << 40},
    [O_WARMUP] = {0, 1000000},
};

static void usage(void)
{
    printf("usage: %s --miner PATH --handoff NAME [--miners N] [--difficulty BITS] [--seed S]\n"
           "       [--rounds R | --stream COUNT [--batch B] [--pace NS]] [--payload BYTES]\n"
           "       [--ring-capacity BYTES] [--trace FILE] [--quiet] [--timeout SECONDS] [--warmup W]\n"
           "       [--serve] [--dry-run]\n"
           "--name=value or --name value; at most %llu coins in a run (--miners x --rounds or --stream)\n",
           prog, MAX_COINS);
    for (int i = 0; i < O_COUNT; i++)
        if (ranges[i].max)
            printf("  --%-14s %" PRIu64 "..%" PRIu64 "\n", long_options[i].name, ranges[i].min, ranges[i].max);
    printf("--warmup W: W rounds before the measured ones, verified, not counted\n"
           "--ring-capacity BYTES: each miner's ring, a power of two (default 64 KiB or two records)\n"
           "--dry-run: check the arguments, print them as resolved in one line, exit 0, spawn nothing\n"
           "hand-offs: blocking nonblocking select poll epoll io_uring aio shm-spin shm-futex threads\n"
           "--serve: spawn the miners once, print `ready miners=N handoff=H pid=P`, then answer one\n"
           "  line per stdin line until EOF or `quit` (exit 0):\n"
           "    round R D                    -> round R start=NS end=NS cpu=NS coins=M:MINED:CASHED:STARTED:NONCE:DIGEST,...\n"
           "    stream R COUNT D BATCH PACE  -> stream R start=NS end=NS cpu=NS coins=N bytes=B\n"
           "                                    delay_p50=NS delay_p99=NS delay_p999=NS delay_max=NS\n"
           "  a malformed command -> `error WHY` (and it keeps serving); a failed round or stream ->\n"
           "  `error MESSAGE`, then exit 1. With --serve, --difficulty is only checked, --timeout\n"
           "  applies to every command, and --rounds --stream --batch --pace --warmup --trace --quiet\n"
           "  are ignored (no per-coin lines, no trace file).\n");
    exit(0);
}

static uint64_t next_pow2(uint64_t v)
{
    uint64_t p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

/* Bad arguments: `cparent: WHAT (see --help)` on stderr, exit 2. */
__attribute__((format(printf, 1, 2))) static _Noreturn void bad_args(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (see --help)\n", stderr);
    exit(2);
}

/* The option getopt_long returned (256 + its index), refused unless it was named in full, given
 * once, and given a value that is not itself an option. */
static int option_read(int c, char **argv, int *seen)
{
    const char *tok = argv[optind - 1];
    if (c == ':')
        bad_args("%s needs a value", tok);
    if (c == '?' || c < 256) {
        size_t n = strcspn(tok, "=");
        for (int j = 0; j < O_COUNT && tok[n] && strncmp(tok, "--", 2) == 0; j++)
            if (!long_options[j].has_arg && n - 2 == strlen(long_options[j].name)
                && strncmp(tok + 2, long_options[j].name, n - 2) == 0)
                bad_args("--%s takes no value: %s", long_options[j].name, tok);
        bad_args("unknown option: %s", tok);
    }
    int o = c - 256;
    const struct option *opt = &long_options[o];
    if (opt->has_arg && optarg == tok)
        tok = argv[optind - 2]; /* --name value */
    if (strncmp(tok, "--", 2) != 0 || strcspn(tok + 2, "=") != strlen(opt->name))
        bad_args("unknown option: %s", tok); /* an abbreviation */
    if (opt->has_arg && optarg == argv[optind - 1]
        && ((optarg[0] == '-' && optarg[1] == '-' && optarg[2]) || strcmp(optarg, "-h") == 0))
        bad_args("--%s needs a value", opt->name);
    if (seen[o]++)
        bad_args("--%s given twice", opt->name);
    return o;
}

static void parse_args(struct parent *p, int argc, char **argv)
{
    const char *handoff = NULL;
    int have_rounds = 0, have_stream_only = 0, dry_run = 0;
    int seen[O_COUNT] = {0};
    p->miners = 16;
    p->difficulty = 20;
    p->seed = 1;
    p->rounds = 1;
    p->batch = 1;
    p->timeout_ns = 600ull * 1000000000u;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+:h", long_options, NULL)) != -1) {
        if (c == 'h' || c == 256 + O_HELP)
            usage();
        int o = option_read(c, argv, seen);
        char flag[32];
        snprintf(flag, sizeof flag, "--%s", long_options[o].name);
        uint64_t n = ranges[o].max ? arg_u64(prog, flag, optarg, ranges[o].min, ranges[o].max) : 0;
        switch (o) {
        case O_MINER: p->miner_path = optarg; break;
        case O_HANDOFF: handoff = optarg; break;
        case O_MINERS: p->miners = (uint32_t)n; break;
        case O_DIFFICULTY: p->difficulty = (uint32_t)n; break;
        case O_SEED: p->seed = n; break;
        case O_ROUNDS: p->rounds = n, have_rounds = 1; break;
        case O_STREAM: p->stream = n; break;
        case O_PAYLOAD: p->payload = (uint32_t)n; break;
        case O_BATCH: p->batch = (uint32_t)n, have_stream_only = 1; break;
        case O_PACE: p->pace_ns = n, have_stream_only = 1; break;
        case O_TIMEOUT: p->timeout_ns = n * 1000000000u; break;
        case O_RING_CAPACITY: p->capacity = n; break;
        case O_WARMUP: p->warmup = n; break;
        case O_TRACE: p->trace_path = optarg; break;
        case O_QUIET: p->quiet = 1; break;
        case O_SERVE: serving = 1; break;
        case O_DRY_RUN: dry_run = 1; break;
        }
    }
    if (optind < argc)
        bad_args("unexpected argument: %s", argv[optind]);
    if (!p->miner_path) {
        fprintf(stderr, "%s: --miner PATH is required\n", prog);
        exit(2);
    }
    if (!handoff) {
        fprintf(stderr, "%s: --handoff NAME is required (blocking nonblocking select poll epoll "
                        "io_uring aio shm-spin shm-futex threads)\n", prog);
        exit(2);
    }
    for (size_t k = 0; k < HANDOFF_COUNT; k++)
        if (strcmp(handoffs[k]->name, handoff) == 0)
            p->handoff = handoffs[k];
    if (!p->handoff) {
        fprintf(stderr, "%s: --handoff must be one of blocking nonblocking select poll epoll io_uring "
                        "aio shm-spin shm-futex threads: --handoff=%s\n", prog, handoff);
        exit(2);
    }
    if (serving) {
        /* Each command says what to run; nothing is printed per coin, no trace is written. */
        p->quiet = 1;
        p->trace_path = NULL;
        p->warmup = 0;
        p->stream = 0;
        p->rounds = 1;
        p->batch = 1;
        p->pace_ns = 0;
        have_rounds = 0;
    }
    if (p->stream && have_rounds) {
        fprintf(stderr, "%s: --rounds and --stream exclude each other: --rounds=%" PRIu64 " --stream=%" PRIu64 "\n",
                prog, p->rounds, p->stream);
        exit(2);
    }
    if (!p->stream && have_stream_only && !serving) {
        fprintf(stderr, "%s: --batch and --pace apply to --stream only\n", prog);
        exit(2);
    }
    p->record = 128u + p->payload;
    p->ring_record = ring_record_length(p->payload);
    uint64_t need = 2 * p->ring_record;
    if (p->capacity == 0) {
        p->capacity = next_pow2(need) > 65536 ? next_pow2(need) : 65536;
    } else if (p->capacity & (p->capacity - 1)) {
        fprintf(stderr, "%s: --ring-capacity must be a power of two: --ring-capacity=%" PRIu64 "\n", prog,
                p->capacity);
        exit(2);
    } else if (p->capacity < need) {
        fprintf(stderr, "%s: --ring-capacity must hold two records of --payload %u (>= %" PRIu64
                        "): --ring-capacity=%" PRIu64 "\n", prog, p->payload, need, p->capacity);
        exit(2);
    }
    uint64_t per = p->stream ? p->stream : p->rounds;
    if (per > MAX_COINS / p->miners) {
        fprintf(stderr, "%s: --%s must be at most %llu with --miners %u (at most %llu coins in a run): --%s=%" PRIu64 "\n",
                prog, p->stream ? "stream" : "rounds", MAX_COINS / p->miners, p->miners, MAX_COINS,
                p->stream ? "stream" : "rounds", per);
        exit(2);
    }
    p->max_coins = per * p->miners;
    if (dry_run) {
        printf("dry-run handoff=%s miners=%u difficulty=%u seed=%" PRIu64 " rounds=%" PRIu64 " stream=%" PRIu64
               " payload=%u batch=%u pace=%" PRIu64 " timeout=%" PRIu64 " ring_capacity=%" PRIu64 " warmup=%" PRIu64
               " quiet=%d serve=%d trace=%s\n",
               p->handoff->name, p->miners, p->difficulty, p->seed, p->stream ? 0 : p->rounds, p->stream, p->payload,
               p->batch, p->pace_ns, p->timeout_ns / 1000000000u, p->capacity, p->warmup, p->quiet, serving,
               p->trace_path ? p->trace_path : "-");
        exit(0);
    }
}

/* ---- failure --------------------------------------------------------------------------------- */

static void release_all(struct parent *p)
{
    if (p->handoff && p->handoff->close)
        p->handoff->close(p);
    for (uint32_t i = 0; i < p->spawned; i++) {
        struct miner *m = &p->m[i];
        if (m->cmd_fd >= 0)
            close(m->cmd_fd);
        m->cmd_fd = -1;
    }
    for (uint32_t i = 0; i < p->spawned; i++) {
        struct miner *m = &p->m[i];
        while (m->pid > 0) {
            pid_t r = waitpid(m->pid, &m->status, 0);
            if (r == m->pid || (r < 0 && errno != EINTR))
                m->pid = 0;
        }
        if (m->coin_fd >= 0)
            close(m->coin_fd);
        m->coin_fd = -1;
        if (m->ring)
            munmap(m->ring, RING_DATA_OFFSET + p->capacity);
        m->ring = NULL;
        free(m->buf);
        m->buf = NULL;
    }
    if (p->doorbell)
        munmap(p->doorbell, DOORBELL_LENGTH);
    p->doorbell = NULL;
}

_Noreturn void parent_fail(struct parent *p, const char *fmt, ...)
{
    fflush(stdout);
    va_list ap;
    va_start(ap, fmt);
    /* --serve: the same message is the answer to the command that failed, one line on stdout,
     * sent once the miners are killed and reaped (so whoever reads it finds them gone). */
    static char line[2048];
    size_t len = 0;
    if (serving) {
        va_list aq;
        va_copy(aq, ap);
        int n = vsnprintf(line + 6, sizeof line - 7, fmt, aq);
        va_end(aq);
        len = n < 0 ? 0 : (size_t)n < sizeof line - 7 ? (size_t)n : sizeof line - 8;
        memcpy(line, "error ", 6);
        len += 6;
        for (size_t k = 6; k < len; k++)
            if (line[k] == '\n' || line[k] == '\r')
                line[k] = ' ';
        line[len++] = '\n';
    }
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (p) {
        for (uint32_t i = 0; i < p->spawned; i++)
            if (p->m[i].pid > 0)
                kill(p->m[i].pid, SIGKILL);
        release_all(p);
    }
    if (len)
        (void)write_full(STDOUT_FILENO, line, len); /* if nobody listens, stderr said it */
    exit(1);
}

_Noreturn void fail_errno(struct parent *p, const char *what)
{
    int e = errno;
    parent_fail(p, "%s failed: errno=%d (%s)", what, e, strerror(e));
}

static void *xmalloc(size_t n)
{
    void *q = malloc(n ? n : 1);
    if (!q)
        parent_fail(the_parent, "out of memory: malloc(%zu)", n);
    return q;
}

static const char *what_round(const struct parent *p, char *buf, size_t len)
{
    if (p->stream)
        snprintf(buf, len, "stream");
    else
        snprintf(buf, len, "round %" PRIu64, p->round);
    return buf;
}

_Noreturn void miner_lost(struct parent *p, struct miner *m)
{
    /* Its pipe ended, so it is exiting: wait a bounded time for it, then make sure. */
    for (int tries = 0; m->pid > 0 && tries < 2000; tries++) {
        pid_t r = waitpid(m->pid, &m->status, WNOHANG);
        if (r == m->pid || (r < 0 && errno == ECHILD)) {
            m->pid = -m->pid; /* reaped: keep the pid for the message */
            break;
        }
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    pid_t pid = m->pid < 0 ? -m->pid : m->pid;
    if (m->pid < 0)
        m->pid = 0;
    char how[128], when[32], what[160];
    if (m->pid > 0)
        snprintf(how, sizeof how, "closed its coin pipe but has not exited");
    else if (WIFSIGNALED(m->status))
        snprintf(how, sizeof how, "was killed by signal %d (SIG%s)", WTERMSIG(m->status),
                 sigabbrev_np(WTERMSIG(m->status)) ? sigabbrev_np(WTERMSIG(m->status)) : "?");
    else if (WIFEXITED(m->status))
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(m->status));
    else
        snprintf(how, sizeof how, "ended (wait status %d)", m->status);
    size_t torn = m->end - m->start;
    int w = p->stream ? snprintf(what, sizeof what, "its coins (%" PRIu64 " of %" PRIu64 " delivered)",
                                 m->delivered, p->stream)
                      : snprintf(what, sizeof what, "its coin");
    if (torn)
        snprintf(what + w, sizeof what - (size_t)w, "; its pipe ended inside a record (%zu of %" PRIu64 " bytes)",
                 torn, p->record);
    parent_fail(p, "%s (hand-off %s) failed: miner %u (pid %d) %s before delivering %s",
                what_round(p, when, sizeof when), p->handoff->name, m->id, (int)pid, how, what);
}

/* A miner whose pid we reaped keeps it negated in `pid` until miner_lost reports it. */
struct miner *reap_any(struct parent *p)
{
    int status;
    pid_t r = waitpid(-1, &status, WNOHANG);
    COUNT(other);
    if (r <= 0)
        return NULL;
    for (uint32_t i = 0; i < p->spawned; i++)
        if (p->m[i].pid == r) {
            p->m[i].pid = -r;
            p->m[i].status = status;
            return &p->m[i];
        }
    return NULL;
}

void check_deadline(struct parent *p)
{
    if (now_ns() < p->deadline)
        return;
    char list[512], when[32];
    size_t len = 0;
    uint32_t missing = 0;
    list[0] = 0;
    for (uint32_t i = 0; i < p->miners; i++)
        if (p->m[i].owed) {
            if (missing++ < 32 && len < sizeof list - 16)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%u", missing > 1 ? ", " : "", i);
        }
    parent_fail(p, "%s (hand-off %s) failed: timed out after %" PRIu64 " s waiting for miner%s %s%s (%u of %u)",
                what_round(p, when, sizeof when), p->handoff->name, p->timeout_ns / 1000000000u,
                missing > 1 ? "s" : "", list, missing > 32 ? ", ..." : "", missing, p->miners);
}

int ms_to_deadline(const struct parent *p)
{
    uint64_t now = now_ns();
    if (now >= p->deadline)
        return 1;
    uint64_t ms = (p->deadline - now + 999999) / 1000000;
    return ms > 1000000 ? 1000000 : (int)ms;
}

/* ---- cash-in and verification ------------------------------------------------------------- */

#define DELAY_EXACT_MAX (1u << 20)
#define TRACE_ROWS_MAX (1u << 16)
#define VERIFY_MAX 512 /* coins hashed side by side: one 64 KiB read of 128-byte coins */
static uint8_t verify_msgs[VERIFY_MAX * COIN_MESSAGE_LENGTH];
static uint8_t verify_digests[VERIFY_MAX * SHA512_DIGEST_LENGTH];

static _Noreturn void bad_coin(struct parent *p, struct miner *m, const struct coin *c, const char *why)
{
    char when[32];
    parent_fail(p, "%s (hand-off %s): bad coin from miner %u (round %" PRIu64 ", nonce %" PRIu64 "): %s",
                what_round(p, when, sizeof when), p->handoff->name, m->id, c->round, c->nonce, why);
}

static void put_decimal_line(uint32_t id)
{
    char line[48] = "Mining ";
    char digits[12];
    int n = 0;
    do {
        digits[n++] = (char)('0' + id % 10);
        id /= 10;
    } while (id);
    size_t len = 7;
    while (n)
        line[len++] = digits[--n];
    memcpy(line + len, " done, cha-ching!\n", 18);
    fwrite_unlocked(line, 1, len + 18, stdout);
}

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

static void *xmalloc(size_t n);

static void record_delay(struct parent *p, uint64_t k, int64_t d)
{
    if (!p->delay_cap || k < p->delay_cap) {
        p->delays[k] = d;
        return;
    }
    if (!p->delay_hist) {
        p->delay_hist = xmalloc(sizeof *p->delay_hist * DELAY_HIST_BUCKETS);
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

static void trace_flush(struct parent *p);

/* Verifies the n records at `at` (record bytes apart; `stride` may exceed the record in a
 * ring) and records them. The stamp was taken before any of this. */
static void verify_and_record(struct parent *p, struct miner *m, const uint8_t *at, size_t n,
                              size_t stride, uint64_t cashed)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *r = at + i * stride;
        uint64_t nonce;
        memcpy(&nonce, r + offsetof(struct coin, nonce), 8);
        coin_message(p->seed, p->round, m->id, nonce, verify_msgs + i * COIN_MESSAGE_LENGTH);
    }
    if (n >= 4)
        sha512_one_block_lanes(verify_msgs, COIN_MESSAGE_LENGTH, n, verify_digests);
    else
        for (size_t i = 0; i < n; i++)
            sha512(verify_msgs + i * COIN_MESSAGE_LENGTH, COIN_MESSAGE_LENGTH,
                   verify_digests + i * SHA512_DIGEST_LENGTH);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *r = at + i * stride;
        struct coin c;
        memcpy(&c, r, sizeof c);
        if (c.magic != COIN_MAGIC)
            bad_coin(p, m, &c, "bad magic (not \"COIN\")");
        if (c.miner != m->id)
            bad_coin(p, m, &c, "names another miner");
        if (c.round != p->round)
            bad_coin(p, m, &c, "wrong round");
        if (c.payload_length != p->payload)
            bad_coin(p, m, &c, "wrong payload length");
        if (m->owed == 0)
            bad_coin(p, m, &c, "more coins than were asked for");
        if (p->stream && m->delivered && c.nonce <= m->last_nonce)
            bad_coin(p, m, &c, "nonce does not ascend");
        if (memcmp(c.digest, verify_digests + i * SHA512_DIGEST_LENGTH, 64) != 0)
            bad_coin(p, m, &c, "digest is not sha512 of its coin message");
        if (sha512_leading_zero_bits(c.digest) < p->difficulty)
            bad_coin(p, m, &c, "too few leading zero bits");
        if (payload_checksum(r + sizeof c, p->payload) != c.payload_sum)
            bad_coin(p, m, &c, "payload checksum does not match payload_sum");
        m->last_nonce = c.nonce;
        m->delivered++;
        m->owed--;
        p->remaining--;
        if (p->warming)
            continue;
        uint64_t k = p->coins++;
        record_delay(p, k, (int64_t)(cashed - c.mined_ns));
        if (p->trace) {
            if (p->trace_cap && p->trace_n == p->trace_cap)
                trace_flush(p);
            struct trace_row *t = &p->trace[p->trace_cap ? p->trace_n++ : k];
            t->miner = m->id;
            t->round = c.round;
            t->nonce = c.nonce;
            t->round_start = p->round_start;
            t->started = c.started_ns;
            t->mined = c.mined_ns;
            t->cashed = cashed;
            memcpy(t->digest, c.digest, 64);
        }
        if (!p->first_cash)
            p->first_cash = cashed;
        p->last_cash = cashed;
        if (!p->quiet)
            put_decimal_line(m->id);
    }
    /* Each line is out when its coin is cashed (the coins of one read or drain together), whatever
     * stdout is: through a pipe stdio would hold them to the end, and a Ctrl-C would lose them. */
    if (!p->quiet && !p->warming)
        fflush(stdout);
}

void cash_records(struct parent *p, struct miner *m, const uint8_t *at, size_t n, uint64_t cashed)
{
    while (n) {
        size_t k = n < VERIFY_MAX ? n : VERIFY_MAX;
        verify_and_record(p, m, at, k, p->record, cashed);
        at += k * p->record;
        n -= k;
    }
}

long pipe_read(struct parent *p, struct miner *m)
{
    ssize_t n = read(m->coin_fd, m->buf + m->end, m->cap - m->end);
    COUNT(reads);
    if (n > 0) {
        count_add(&my_counts->bytes_read, (uint64_t)n);
        m->end += (size_t)n;
        return n;
    }
    if (n == 0)
        miner_lost(p, m);
    if (errno == EAGAIN)
        return 0;
    if (errno == EINTR)
        return -1;
    fail_errno(p, "read coin pipe");
}

void pipe_cash(struct parent *p, struct miner *m)
{
    size_t n = (m->end - m->start) / p->record;
    if (n == 0)
        return;
    uint64_t cashed = now_ns();
    cash_records(p, m, m->buf + m->start, n, cashed);
    m->start += n * p->record;
    /* Keep the buffer's free space at least 64 KiB: the partial record moves to the front. */
    if (m->start == m->end) {
        m->start = m->end = 0;
    } else {
        memmove(m->buf, m->buf + m->start, m->end - m->start);
        m->end -= m->start;
        m->start = 0;
    }
}

size_t ring_drain(struct parent *p, struct miner *m)
{
    _Atomic uint64_t *producer = (_Atomic uint64_t *)(m->ring + RING_PRODUCER_OFFSET);
    /* Pairs with the miner's store-release in ring_publish: the records are visible. */
    uint64_t end = atomic_load_explicit(producer, memory_order_acquire);
    if (end == m->consumed)
        return 0;
    uint64_t cashed = now_ns();
    uint8_t *data = m->ring + RING_DATA_OFFSET;
    uint64_t mask = p->capacity - 1, pos = m->consumed;
    size_t cashed_n = 0;
    while (pos < end) {
        uint64_t idx = pos & mask;
        uint32_t magic;
        memcpy(&magic, data + idx, 4);
        if (magic == PAD_MAGIC) {
            uint32_t skip;
            memcpy(&skip, data + idx + 4, 4);
            if (skip != p->capacity - idx)
                parent_fail(p, "miner %u: ring pad at %" PRIu64 " skips %u bytes, the ring's end is %" PRIu64
                            " away", m->id, pos, skip, p->capacity - idx);
            pos += skip;
            continue;
        }
        /* Records between here and the ring's end (or `end`) are contiguous: verify them together. */
        uint64_t upto = end - pos < p->capacity - idx ? end - pos : p->capacity - idx;
        size_t n = (size_t)(upto / p->ring_record);
        if (n == 0)
            parent_fail(p, "miner %u: malformed ring: producer=%" PRIu64 " position=%" PRIu64 " magic=0x%08x",
                        m->id, end, pos, magic);
        /* A pad only fills a gap shorter than a record, so none hides inside these n. */
        if (n > VERIFY_MAX)
            n = VERIFY_MAX;
        verify_and_record(p, m, data + idx, n, p->ring_record, cashed);
        pos += n * p->ring_record;
        cashed_n += n;
    }
    m->consumed = pos;
    /* Pairs with the miner's load-acquire of consumer in ring_reserve: we are done reading. */
    atomic_store_explicit((_Atomic uint64_t *)(m->ring + RING_CONSUMER_OFFSET), pos, memory_order_release);
    return cashed_n;
}

/* ---- miners --------------------------------------------------------------------------------- */

static void raise_fd_limit(struct parent *p)
{
    struct rlimit rl;
    rlim_t need = (rlim_t)p->miners * 2 + 64;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
        return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
        fprintf(stderr, "%s: --miners %u needs %llu descriptors, the hard limit is %llu\n", prog, p->miners,
                (unsigned long long)need, (unsigned long long)rl.rlim_max);
        exit(2);
    }
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        fail_errno(NULL, "setrlimit(RLIMIT_NOFILE)");
}

static void spawn(struct parent *p, uint32_t i, int bell_fd)
{
    struct miner *m = &p->m[i];
    int cmd[2], coin[2];
    if (pipe2(cmd, O_CLOEXEC) != 0)
        fail_errno(p, "pipe2 (commands)");
    if (pipe2(coin, O_CLOEXEC) != 0) {
        close(cmd[0]), close(cmd[1]);
        fail_errno(p, "pipe2 (coins)");
    }
    int ring_fd = memfd_create("cha-ching-ring", MFD_CLOEXEC);
    if (ring_fd < 0 || ftruncate(ring_fd, (off_t)(RING_DATA_OFFSET + p->capacity)) != 0) {
        close(cmd[0]), close(cmd[1]), close(coin[0]), close(coin[1]);
        if (ring_fd >= 0)
            close(ring_fd);
        fail_errno(p, "memfd_create/ftruncate (ring)");
    }
    void *ring = mmap(NULL, RING_DATA_OFFSET + p->capacity, PROT_READ | PROT_WRITE, MAP_SHARED, ring_fd, 0);
    if (ring == MAP_FAILED) {
        close(cmd[0]), close(cmd[1]), close(coin[0]), close(coin[1]), close(ring_fd);
        fail_errno(p, "mmap (ring)");
    }
    *(volatile uint64_t *)((uint8_t *)ring + RING_CAPACITY_OFFSET) = p->capacity;
    char id[16], ppid[16];
    snprintf(id, sizeof id, "%u", i);
    snprintf(ppid, sizeof ppid, "%d", (int)getpid());
    char *const argv[] = {"miner", "--id", id, "--parent-pid", ppid, NULL};
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* Move the four ends above 6 first, so no dup2 clobbers a source; dup2 clears CLOEXEC. */
        int src[4] = {cmd[0], coin[1], ring_fd, bell_fd};
        for (int k = 0; k < 4; k++)
            if ((src[k] = fcntl(src[k], F_DUPFD_CLOEXEC, 7)) < 0)
                _exit(127);
        for (int k = 0; k < 4; k++)
            if (dup2(src[k], COMMAND_FD + k) < 0)
                _exit(127);
        signal(SIGPIPE, SIG_DFL);
        execv(p->miner_path, argv);
        static const char msg[] = "cparent: execv of the miner failed\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        _exit(127);
    }
    int e = errno;
    close(cmd[0]);
    close(coin[1]);
    close(ring_fd);
    m->id = i;
    m->cmd_fd = cmd[1];
    m->coin_fd = coin[0];
    m->ring = ring;
    m->cap = (size_t)(p->record > 65536 ? p->record : 65536) + 65536;
    m->buf = NULL;
    p->spawned = i + 1;
    if (pid < 0) {
        errno = e;
        fail_errno(p, "fork");
    }
    m->pid = pid;
    m->buf = xmalloc(m->cap);
    if (p->handoff->nonblocking && fcntl(m->coin_fd, F_SETFL, O_NONBLOCK) != 0)
        fail_errno(p, "fcntl(O_NONBLOCK)");
}

static void spawn_all(struct parent *p)
{
    p->m = xmalloc(sizeof *p->m * p->miners);
    memset(p->m, 0, sizeof *p->m * p->miners);
    for (uint32_t i = 0; i < p->miners; i++)
        p->m[i].cmd_fd = p->m[i].coin_fd = -1;
    int bell = memfd_create("cha-ching-doorbell", MFD_CLOEXEC);
    if (bell < 0 || ftruncate(bell, DOORBELL_LENGTH) != 0)
        fail_errno(p, "memfd_create/ftruncate (doorbell)");
    p->doorbell = mmap(NULL, DOORBELL_LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, bell, 0);
    if (p->doorbell == MAP_FAILED) {
        p->doorbell = NULL;
        close(bell);
        fail_errno(p, "mmap (doorbell)");
    }
    for (uint32_t i = 0; i < p->miners; i++)
        spawn(p, i, bell);
    close(bell);
}

static void send_all(struct parent *p, const struct command *c)
{
    for (uint32_t i = 0; i < p->miners; i++) {
        COUNT(writes); /* a command is far below PIPE_BUF: one write(2) */
        if (write_full(p->m[i].cmd_fd, c, sizeof *c) != 0) {
            if (errno == EPIPE)
                miner_lost(p, &p->m[i]);
            fail_errno(p, "write command");
        }
    }
}

/* ---- results ---------------------------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t rank_index(uint64_t n, double pct);

/* The project's one percentile rule, nearest rank (as the Java side): q in (0, 1]. */
static int64_t pct(const int64_t *sorted, uint64_t n, double q)
{
    if (n == 0)
        return 0;
    return sorted[rank_index(n, q * 100.0)];
}

/* Opened before any miner is forked: a trace path it cannot write is bad input (exit 2), said
 * at once and naming the path, not after the whole run. "e": O_CLOEXEC, no miner inherits it. */
static int trace_json(const char *path);

static FILE *open_trace(const char *path)
{
    FILE *f = *path ? fopen(path, "we") : NULL;
    if (!f) {
        fprintf(stderr, "%s: --trace must be a file it can write: --trace=%s (%s)\n", prog, *path ? path : "''",
                *path ? strerror(errno) : "an empty path");
        exit(2);
    }
    static char iobuf[1 << 20];
    setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    if (!trace_json(path))
        fputs("parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs\n", f);
    return f;
}

static int trace_json(const char *path)
{
    size_t len = strlen(path);
    return (len >= 6 && strcmp(path + len - 6, ".jsonl") == 0) || (len >= 5 && strcmp(path + len - 5, ".json") == 0);
}

static _Noreturn void trace_failed(struct parent *p)
{
    char what[600];
    snprintf(what, sizeof what, "writing --trace %.500s", p->trace_path);
    fail_errno(p, what);
}

/* Writes the rows held and starts again: at most trace_cap rows are ever in memory. */
static void trace_flush(struct parent *p)
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

static void write_trace(struct parent *p, FILE *f)
{
    p->trace_file = f;
    trace_flush(p);
    if (fclose(f) != 0)
        trace_failed(p);
    p->trace_file = NULL;
}

static uint64_t cpu_ns(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
           (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
}

/* What rounds or streams cost the parent: its CPU and context switches (RUSAGE_SELF: every
 * thread, the readers of `threads` too) and its counted system calls (struct syscounts). */
struct run_cost {
    uint64_t cpu, vcsw, ivcsw;
    uint64_t counts[5]; /* reads, writes, waits, other, bytes_read */
};

static void cost_now(struct run_cost *c)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    c->cpu = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
             (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
    c->vcsw = (uint64_t)ru.ru_nvcsw;
    c->ivcsw = (uint64_t)ru.ru_nivcsw;
    count_total(c->counts);
}

/* *c becomes what it cost since `before`. */
static void cost_since(struct run_cost *c, const struct run_cost *before)
{
    cost_now(c);
    c->cpu -= before->cpu;
    c->vcsw -= before->vcsw;
    c->ivcsw -= before->ivcsw;
    for (int k = 0; k < 5; k++)
        c->counts[k] -= before->counts[k];
}

/* ---- serve: one C parent for a whole benchmark trial ------------------------------------------ */

/* An answer line, built in one buffer and written with one write_full (EINTR-proof: the
 * blocking hand-off's SIGALRM and SIGCHLD do not restart system calls). */
static struct {
    char *b;
    size_t len, cap;
} out;

static void out_reserve(struct parent *p, size_t more)
{
    if (out.len + more <= out.cap)
        return;
    size_t cap = out.cap ? out.cap : 4096;
    while (cap < out.len + more)
        cap *= 2;
    char *b = realloc(out.b, cap);
    if (!b)
        parent_fail(p, "out of memory: realloc(%zu)", cap);
    out.b = b;
    out.cap = cap;
}

static void out_str(struct parent *p, const char *s)
{
    size_t n = strlen(s);
    out_reserve(p, n);
    memcpy(out.b + out.len, s, n);
    out.len += n;
}

static void out_u64(struct parent *p, uint64_t v)
{
    char d[20];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out_reserve(p, (size_t)n);
    while (n)
        out.b[out.len++] = d[--n];
}

static void out_i64(struct parent *p, int64_t v)
{
    if (v < 0) {
        out_str(p, "-");
        out_u64(p, (uint64_t)0 - (uint64_t)v);
    } else {
        out_u64(p, (uint64_t)v);
    }
}

static void out_kv(struct parent *p, const char *key, uint64_t v)
{
    out_str(p, key);
    out_u64(p, v);
}

/* Sends the line built so far (plus its newline). A reader that went away ends the serving. */
static void out_send(struct parent *p)
{
    out_reserve(p, 1);
    out.b[out.len++] = '\n';
    if (write_full(STDOUT_FILENO, out.b, out.len) != 0) {
        int e = errno;
        serving = 0; /* no `error` line to a closed stdout */
        errno = e;
        fail_errno(p, "write answer to stdout");
    }
    out.len = 0;
}

/* " reads=N writes=N waits=N other=N bytes_read=N vcsw=N ivcsw=N", for NativeSession. */
static void out_cost(struct parent *p, const struct run_cost *c)
{
    out_kv(p, " reads=", c->counts[0]);
    out_kv(p, " writes=", c->counts[1]);
    out_kv(p, " waits=", c->counts[2]);
    out_kv(p, " other=", c->counts[3]);
    out_kv(p, " bytes_read=", c->counts[4]);
    out_kv(p, " vcsw=", c->vcsw);
    out_kv(p, " ivcsw=", c->ivcsw);
}

static void answer_error(struct parent *p, const char *why)
{
    out.len = 0;
    out_str(p, "error ");
    out_str(p, why);
    out_send(p);
}

/* The k-th smallest (0-based) of a[0..n), moving it to a[k]: everything before it is <= and
 * everything after it >= (quickselect, three-way so runs of equal delays cost nothing). */
static void select_kth(int64_t *a, uint64_t n, uint64_t k)
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

/* Nearest rank, as io.chaching.stats.Percentiles: the index (sorted ascending) of the smallest
 * value with at least pct% of the values at or below it. */
/* Nearest rank: the 0-based index of the smallest value with at least pct% of n at or below it. */
static uint64_t rank_index(uint64_t n, double pct)
{
    double x = pct / 100.0 * (double)n;
    uint64_t rank = (uint64_t)x;
    if ((double)rank < x)
        rank++;
    return (rank > 1 ? rank : 1) - 1;
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

/* Runs one round (count 0) or one stream of the configured payload; the caller answers. */
static void serve_run(struct parent *p, uint64_t round, uint32_t difficulty, uint64_t count, uint32_t batch,
                      uint64_t pace_ns, struct run_cost *cost)
{
    struct command c;
    memset(&c, 0, sizeof c);
    c.op = count ? COMMAND_STREAM : COMMAND_ROUND;
    c.difficulty = difficulty;
    c.seed = p->seed;
    c.round = round;
    c.count = count ? count : 1;
    c.channel = p->handoff->channel;
    c.payload_length = p->payload;
    c.batch = count ? batch : 1;
    c.pace_ns = count ? pace_ns : 0;

    p->difficulty = difficulty;
    p->stream = count; /* what_round() and miner_lost() word their messages by it, as today */
    p->batch = c.batch;
    p->pace_ns = c.pace_ns;
    p->round = round;
    for (uint32_t i = 0; i < p->miners; i++) {
        p->m[i].owed = c.count;
        p->m[i].delivered = 0;
    }
    p->remaining = c.count * p->miners;
    p->coins = 0;
    p->first_cash = p->last_cash = 0;
    struct run_cost before;
    cost_now(&before);
    if (p->handoff->begin)
        p->handoff->begin(p);
    p->round_start = now_ns();
    p->deadline = p->round_start + p->timeout_ns;
    send_all(p, &c);
    p->handoff->collect(p);
    cost_since(cost, &before);
}

/* One command line (NUL-terminated, no newline); answers it. Returns 1 on `quit`. */
static int serve_command(struct parent *p, char *line, struct trace_row *rows, uint64_t *delay_cap)
{
    char *tok[8];
    int n = 0;
    for (char *s = strtok(line, " \t\r"); s; s = strtok(NULL, " \t\r")) {
        if (n == 8) {
            answer_error(p, "too many words in the command");
            return 0;
        }
        tok[n++] = s;
    }
    char why[256];
    if (n == 0) {
        answer_error(p, "empty command (round R D | stream R COUNT D BATCH PACE | quit)");
        return 0;
    }
    if (strcmp(tok[0], "quit") == 0 && n == 1)
        return 1;
    if (strcmp(tok[0], "round") == 0) {
        uint64_t r, d;
        struct run_cost cost;
        if (n != 3) {
            answer_error(p, "round takes two arguments: round R D");
            return 0;
        }
        if (serve_u64(tok[1], "R", 0, UINT64_MAX, &r, why, sizeof why) ||
            serve_u64(tok[2], "D", 0, 40, &d, why, sizeof why)) {
            answer_error(p, why);
            return 0;
        }
        p->trace = rows; /* the round's coins, in cash-in order (p->miners rows) */
        serve_run(p, r, (uint32_t)d, 0, 1, 0, &cost);
        p->trace = NULL;
        out.len = 0;
        out_kv(p, "round ", r);
        out_kv(p, " start=", p->round_start);
        out_kv(p, " end=", p->last_cash);
        out_kv(p, " cpu=", cost.cpu);
        out_str(p, " coins=");
        for (uint64_t k = 0; k < p->coins; k++) {
            if (k)
                out_str(p, ",");
            out_u64(p, rows[k].miner);
            out_kv(p, ":", rows[k].mined);
            out_kv(p, ":", rows[k].cashed);
            out_kv(p, ":", rows[k].started);
            out_kv(p, ":", rows[k].nonce);
            char dh[130];
            static const char hex[] = "0123456789abcdef";
            dh[0] = ':';
            for (int j = 0; j < 64; j++) {
                dh[1 + 2 * j] = hex[rows[k].digest[j] >> 4];
                dh[2 + 2 * j] = hex[rows[k].digest[j] & 15];
            }
            dh[129] = 0;
            out_str(p, dh);
        }
        out_cost(p, &cost);
        out_send(p);
        return 0;
    }
    if (strcmp(tok[0], "stream") == 0) {
        uint64_t r, count, d, batch, pace;
        struct run_cost cost;
        if (n != 6) {
            answer_error(p, "stream takes five arguments: stream R COUNT D BATCH PACE");
            return 0;
        }
        if (serve_u64(tok[1], "R", 0, UINT64_MAX, &r, why, sizeof why) ||
            serve_u64(tok[2], "COUNT", 1, (1ull << 31) / p->miners, &count, why, sizeof why) ||
            serve_u64(tok[3], "D", 0, 40, &d, why, sizeof why) ||
            serve_u64(tok[4], "BATCH", 1, MAX_BATCH, &batch, why, sizeof why) ||
            serve_u64(tok[5], "PACE", 0, UINT64_MAX / 4, &pace, why, sizeof why)) {
            answer_error(p, why);
            return 0;
        }
        uint64_t total = count * p->miners;
        if (total > *delay_cap) {
            uint64_t cap = *delay_cap;
            while (cap < total)
                cap *= 2;
            int64_t *d2 = realloc(p->delays, sizeof *p->delays * cap);
            if (!d2) {
                snprintf(why, sizeof why, "out of memory for %" PRIu64 " delays", total);
                answer_error(p, why);
                return 0;
            }
            p->delays = d2;
            *delay_cap = cap;
        }
        serve_run(p, r, (uint32_t)d, count, (uint32_t)batch, pace, &cost);
        int64_t *a = p->delays;
        uint64_t coins = p->coins;
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
        out.len = 0;
        out_kv(p, "stream ", r);
        out_kv(p, " start=", p->round_start);
        out_kv(p, " end=", p->last_cash);
        out_kv(p, " cpu=", cost.cpu);
        out_kv(p, " coins=", coins);
        out_kv(p, " bytes=", coins * p->payload);
        out_str(p, " delay_p50=");
        out_i64(p, p50);
        out_str(p, " delay_p99=");
        out_i64(p, p99);
        out_str(p, " delay_p999=");
        out_i64(p, p999);
        out_str(p, " delay_max=");
        out_i64(p, max);
        out_cost(p, &cost);
        out_send(p);
        return 0;
    }
    snprintf(why, sizeof why, "unknown command (round R D | stream R COUNT D BATCH PACE | quit): %.60s%s", tok[0],
             n > 1 ? " ..." : "");
    answer_error(p, why);
    return 0;
}

#define SERVE_LINE_MAX 4096

/* The miners are spawned and open: answer stdin's commands until EOF or `quit`. */
static int serve(struct parent *p)
{
    struct trace_row *rows = xmalloc(sizeof *rows * p->miners);
    uint64_t delay_cap = p->max_coins; /* p->delays holds p->max_coins (>= p->miners) */
    static char in[SERVE_LINE_MAX + 1];
    size_t have = 0;
    int eof = 0, too_long = 0, quit = 0;

    out.len = 0;
    out_kv(p, "ready miners=", p->miners);
    out_str(p, " handoff=");
    out_str(p, p->handoff->name);
    out_kv(p, " pid=", (uint64_t)getpid());
    out_send(p);

    while (!quit) {
        char *nl = memchr(in, '\n', have);
        if (!nl && !eof && have < SERVE_LINE_MAX) {
            ssize_t r = read(STDIN_FILENO, in + have, SERVE_LINE_MAX - have);
            if (r > 0)
                have += (size_t)r;
            else if (r == 0)
                eof = 1;
            else if (errno != EINTR) /* SIGALRM/SIGCHLD of the blocking hand-off land here too */
                fail_errno(p, "read stdin");
            continue;
        }
        size_t len; /* of the line, and how much to drop after it */
        if (nl) {
            len = (size_t)(nl - in);
        } else if (have == SERVE_LINE_MAX) {
            too_long = 1; /* drop it, and what follows up to its newline */
            have = 0;
            continue;
        } else if (have) {
            len = have; /* the last line has no newline */
        } else {
            if (too_long)
                answer_error(p, "command longer than 4096 bytes");
            break; /* EOF */
        }
        size_t drop = nl ? len + 1 : len;
        if (too_long) {
            too_long = 0;
            answer_error(p, "command longer than 4096 bytes");
        } else {
            in[len] = 0;
            quit = serve_command(p, in, rows, &delay_cap);
        }
        memmove(in, in + drop, have - drop);
        have -= drop;
    }

    for (uint32_t i = 0; i < p->spawned; i++)
        if (p->m[i].pid > 0)
            kill(p->m[i].pid, SIGKILL);
    release_all(p);
    free(rows);
    free(out.b);
    free(p->delays);
    free(p->m);
    return 0;
}

/* ---- main -------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    static struct parent parent;
    struct parent *p = &parent;
    the_parent = p;
    /* Dies with whoever started it (the JVM, a shell), even if that died before prctl took
     * effect; its miners die with it the same way. A JVM killed with SIGKILL must not leave a
     * C parent and its miners mining on. The JVM spawns us from one long-lived thread, because
     * PDEATHSIG fires when the spawning *thread* ends. */
    pid_t starter = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != starter)
        return 1;
    parse_args(p, argc, argv);
    raise_fd_limit(p);
    /* A dead miner's command pipe must give EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    if (access(p->miner_path, X_OK) != 0) {
        fprintf(stderr, "%s: --miner must be an executable file: --miner=%s (%s)\n", prog, p->miner_path,
                strerror(errno));
        exit(2);
    }

    FILE *trace_file = p->trace_path && !serving ? open_trace(p->trace_path) : NULL;
    /* A fixed memory budget whatever the run's length: DELAY_EXACT_MAX exact delays (8 MiB),
     * then a histogram within 0.1%; TRACE_ROWS_MAX trace rows (8 MiB), then written out. With
     * --serve each command's own delays are kept (it reallocates them to fit). */
    if (!serving)
        p->delay_cap = p->max_coins < DELAY_EXACT_MAX ? p->max_coins : DELAY_EXACT_MAX;
    p->delays = xmalloc(sizeof *p->delays * (p->delay_cap ? p->delay_cap : p->max_coins));
    if (trace_file) {
        p->trace_cap = p->max_coins < TRACE_ROWS_MAX ? p->max_coins : TRACE_ROWS_MAX;
        p->trace = xmalloc(sizeof *p->trace * p->trace_cap);
        p->trace_file = trace_file;
    }
    uint64_t spans = p->stream ? 1 : p->rounds;
    int64_t *makespan = xmalloc(sizeof(int64_t) * spans);
    int64_t *first = xmalloc(sizeof(int64_t) * spans);

    spawn_all(p);
    if (p->handoff->open)
        p->handoff->open(p);
    if (serving) {
        free(makespan);
        free(first);
        return serve(p);
    }

    struct command c;
    memset(&c, 0, sizeof c);
    c.difficulty = p->difficulty;
    c.seed = p->seed;
    c.channel = p->handoff->channel;
    c.payload_length = p->payload;
    c.batch = 1;
    if (p->stream) {
        c.op = COMMAND_STREAM;
        c.count = p->stream;
        c.batch = p->batch;
        c.pace_ns = p->pace_ns;
    } else {
        c.op = COMMAND_ROUND;
        c.count = 1;
    }

    /* Warm-up rounds (--warmup): the miners' exec and first-touch costs stay out of the
     * measured rounds. They are verified but not counted, and use rounds 2^63 + w, so the
     * measured rounds mine exactly what the JVM's rounds 0..R-1 mine. */
    if (p->warmup) {
        struct command w = c;
        uint64_t stream = p->stream;
        w.op = COMMAND_ROUND;
        w.count = 1;
        w.batch = 1;
        w.pace_ns = 0;
        p->stream = 0;
        p->warming = 1;
        for (uint64_t k = 0; k < p->warmup; k++) {
            p->round = w.round = (1ull << 63) + k;
            for (uint32_t i = 0; i < p->miners; i++)
                p->m[i].owed = 1;
            p->remaining = p->miners;
            if (p->handoff->begin)
                p->handoff->begin(p);
            p->round_start = now_ns();
            p->deadline = p->round_start + p->timeout_ns;
            send_all(p, &w);
            p->handoff->collect(p);
        }
        p->warming = 0;
        p->stream = stream;
    }

    struct run_cost cost;
    cost_now(&cost);
    uint64_t cpu0 = cpu_ns(), t0 = 0;
    for (uint64_t r = 0; r < spans; r++) {
        p->round = p->stream ? 0 : r;
        c.round = p->round;
        uint64_t per = p->stream ? p->stream : 1;
        for (uint32_t i = 0; i < p->miners; i++) {
            p->m[i].owed = per;
            p->m[i].delivered = 0;
        }
        p->remaining = per * p->miners;
        p->first_cash = p->last_cash = 0;
        if (p->handoff->begin)
            p->handoff->begin(p);
        p->round_start = now_ns();
        p->deadline = p->round_start + p->timeout_ns;
        if (r == 0)
            t0 = p->round_start;
        send_all(p, &c);
        p->handoff->collect(p);
        makespan[r] = (int64_t)(p->last_cash - p->round_start);
        first[r] = (int64_t)(p->first_cash - p->round_start);
    }
    uint64_t t1 = now_ns(), cpu1 = cpu_ns();
    struct run_cost before = cost;
    cost_since(&cost, &before);
    uint64_t elapsed = p->last_cash > t0 ? p->last_cash - t0 : t1 - t0;
    fflush(stdout);

    release_all(p);
    if (trace_file)
        write_trace(p, trace_file);

    qsort(makespan, spans, sizeof *makespan, cmp_i64);
    qsort(first, spans, sizeof *first, cmp_i64);
    int summarized = p->delay_hist != NULL;
    uint64_t exact_n = summarized ? 0 : p->coins;
    qsort(p->delays, exact_n, sizeof *p->delays, cmp_i64);
    int64_t d50 = summarized ? hist_pct(p->delay_hist, p->coins, 0.5) : pct(p->delays, exact_n, 0.5);
    int64_t d99 = summarized ? hist_pct(p->delay_hist, p->coins, 0.99) : pct(p->delays, exact_n, 0.99);
    int64_t dmax = summarized ? hist_pct(p->delay_hist, p->coins, 1.0) : exact_n ? p->delays[exact_n - 1] : 0;
    double secs = (double)elapsed / 1e9;
    printf("summary parent=native handoff=%s miners=%u coins=%" PRIu64 " rounds=%" PRIu64
           " stream=%" PRIu64 " payload=%u batch=%u difficulty=%u"
           " makespan_ns_median=%" PRId64 " makespan_ns_min=%" PRId64 " delay_ns_p50=%" PRId64
           " delay_ns_p99=%" PRId64 " delay_ns_max=%" PRId64 " first_coin_ns_median=%" PRId64
           " elapsed_ns=%" PRIu64 " coins_per_s=%.1f mb_per_s=%.3f parent_cpu=%.3f delays=%s"
           " reads=%" PRIu64 " writes=%" PRIu64 " waits=%" PRIu64 " other=%" PRIu64 " bytes_read=%" PRIu64
           " vcsw=%" PRIu64 " ivcsw=%" PRIu64 " cpu_ns=%" PRIu64 "\n",
           p->handoff->name, p->miners, p->coins, p->stream ? 1 : p->rounds, p->stream, p->payload,
           p->stream ? p->batch : 1u, p->difficulty, pct(makespan, spans, 0.5), makespan[0],
           d50, d99, dmax, pct(first, spans, 0.5), elapsed,
           (double)p->coins / secs, (double)p->coins * (double)p->record / secs / 1e6,
           (double)(cpu1 - cpu0) / (double)(t1 - t0),
           summarized ? "histogram_within_0.1pct_beyond_1048576_exact" : "exact", cost.counts[0], cost.counts[1],
           cost.counts[2], cost.counts[3], cost.counts[4], cost.vcsw, cost.ivcsw, cost.cpu);
    free(p->delay_hist);
    free(makespan);
    free(first);
    free(p->delays);
    free(p->trace);
    free(p->m);
    return fflush(stdout) == 0 ? 0 : 1;
}

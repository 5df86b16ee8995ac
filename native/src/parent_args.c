/* cparent's options: getopt_long, the integer options' ranges, --help, --dry-run. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hand-offs, each `const struct handoff handoff_NAME` in a file of its own (NAME as in C:
 * shm_spin for shm-spin), in the order of the JVM's registry (Handoffs.java), which --help and
 * the errors below list them in: a new hand-off is one more X(NAME) here and nothing else in
 * this file. */
#define HANDOFFS(X) \
    X(blocking) X(nonblocking) X(select) X(poll) X(epoll) X(io_uring) X(aio) X(shm_spin) X(shm_futex) X(threads) X(uds) \
    X(readers_1) X(readers_2) X(readers_4)
#define HANDOFF_DECLARE(h) extern const struct handoff handoff_##h;
#define HANDOFF_ENTRY(h) &handoff_##h,
HANDOFFS(HANDOFF_DECLARE)
static const struct handoff *const handoffs[] = {HANDOFFS(HANDOFF_ENTRY)};
#define HANDOFF_COUNT (sizeof handoffs / sizeof handoffs[0])

/* The hand-offs' names, a space between each two: "blocking nonblocking ... threads". */
static void put_handoffs(FILE *f)
{
    for (size_t k = 0; k < HANDOFF_COUNT; k++)
        fprintf(f, "%s%s", k ? " " : "", handoffs[k]->name);
}

/* The options, read with getopt_long: --name=value or --name value, as the Java side reads them
 * (io.chaching.args.Spec). Unlike plain getopt_long: no abbreviations, no option given twice, and
 * a value that is itself an option (`--trace --quiet`) is a missing value. */
enum {
    O_MINER, O_HANDOFF, O_MINERS, O_DIFFICULTY, O_SEED, O_ROUNDS, O_STREAM, O_PAYLOAD, O_BATCH, O_PACE,
    O_TIMEOUT, O_RING_CAPACITY, O_WARMUP, O_TRACE, O_QUIET, O_SERVE, O_DRY_RUN, O_HELP, O_PREMINED, O_VERIFY, O_COUNT
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
    OPT(O_PREMINED, "premined", no_argument),     OPT(O_VERIFY, "verify", required_argument),
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
           "       [--rounds R | --stream COUNT [--batch B] [--pace NS] [--premined] [--verify digests|headers]]\n"
           "       [--payload BYTES]\n"
           "       [--ring-capacity BYTES] [--trace FILE] [--quiet] [--timeout SECONDS] [--warmup W]\n"
           "       [--serve] [--dry-run]\n"
           "--name=value or --name value; at most %llu coins in a run (--miners x --rounds or --stream)\n",
           PROG, MAX_COINS);
    for (int i = 0; i < O_COUNT; i++)
        if (ranges[i].max)
            printf("  --%-14s %" PRIu64 "..%" PRIu64 "\n", long_options[i].name, ranges[i].min, ranges[i].max);
    printf("--warmup W: W rounds before the measured ones, verified, not counted\n"
           "--premined: the miners hand off coins they mined before the stream (at most %u a miner), so\n"
           "  the stream's bound is the hand-off, not the mining\n"
           "--verify digests|headers: a stream's coins get their digest recomputed (default) or their\n"
           "  header checked only (magic, miner, round, order, payload checksum, exactly once)\n", MAX_PREMINED);
    printf(
           "--ring-capacity BYTES: each miner's ring, a power of two (default 64 KiB or two records)\n"
           "--dry-run: check the arguments, print them as resolved in one line, exit 0, spawn nothing\n"
           "hand-offs: ");
    put_handoffs(stdout);
    printf("\n--serve: spawn the miners once, print `ready miners=N handoff=H pid=P`, then answer one\n"
           "  line per stdin line until EOF or `quit` (exit 0):\n"
           "    round R D                    -> round R start=NS end=NS cpu=NS coins=M:MINED:CASHED:STARTED:NONCE:DIGEST,...\n"
           "    stream R COUNT D BATCH PACE  -> stream R start=NS end=NS cpu=NS coins=N bytes=B\n"
           "                                    delay_p50=NS delay_p99=NS delay_p999=NS delay_max=NS\n"
           "    stream ... PACE [premined] [headers] -> the same; premined: coins mined before the stream,\n"
           "                                    headers: digests not recomputed\n"
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
    fprintf(stderr, "%s: ", PROG);
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

/* Which options were given, beyond their values. */
struct given {
    const char *handoff;
    int rounds, stream_only, verify;
};

static void defaults(struct parent *p)
{
    p->miners = 16;
    p->difficulty = 20;
    p->seed = 1;
    p->rounds = 1;
    p->batch = 1;
    p->timeout_ns = 600ull * 1000000000u;
}

static void set_option(struct parent *p, struct given *g, int o, uint64_t n)
{
    switch (o) {
    case O_MINER: p->miner_path = optarg; break;
    case O_HANDOFF: g->handoff = optarg; break;
    case O_MINERS: p->miners = (uint32_t)n; break;
    case O_DIFFICULTY: p->difficulty = (uint32_t)n; break;
    case O_SEED: p->seed = n; break;
    case O_ROUNDS: p->rounds = n, g->rounds = 1; break;
    case O_STREAM: p->stream = n; break;
    case O_PAYLOAD: p->payload = (uint32_t)n; break;
    case O_BATCH: p->batch = (uint32_t)n, g->stream_only = 1; break;
    case O_PACE: p->pace_ns = n, g->stream_only = 1; break;
    case O_TIMEOUT: p->timeout_ns = n * 1000000000u; break;
    case O_RING_CAPACITY: p->capacity = n; break;
    case O_WARMUP: p->warmup = n; break;
    case O_TRACE: p->trace_path = optarg; break;
    case O_QUIET: p->quiet = 1; break;
    case O_SERVE: p->serving = 1; break;
    case O_DRY_RUN: p->dry_run = 1; break;
    case O_PREMINED: p->flags |= STREAM_PREMINED; break;
    case O_VERIFY:
        if (strcmp(optarg, "digests") != 0 && strcmp(optarg, "headers") != 0)
            bad_args("--verify must be digests or headers: --verify=%s", optarg);
        p->headers_only = strcmp(optarg, "headers") == 0, g->verify = 1;
        break;
    }
}

static void read_options(struct parent *p, struct given *g, int argc, char **argv)
{
    int seen[O_COUNT] = {0};
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+:h", long_options, NULL)) != -1) {
        if (c == 'h' || c == 256 + O_HELP)
            usage();
        int o = option_read(c, argv, seen);
        char flag[32];
        snprintf(flag, sizeof flag, "--%s", long_options[o].name);
        uint64_t n = ranges[o].max ? arg_u64(PROG, flag, optarg, ranges[o].min, ranges[o].max) : 0;
        set_option(p, g, o, n);
    }
    if (optind < argc)
        bad_args("unexpected argument: %s", argv[optind]);
}

static void find_handoff(struct parent *p, const char *handoff)
{
    if (!p->miner_path) {
        fprintf(stderr, "%s: --miner PATH is required\n", PROG);
        exit(2);
    }
    if (!handoff) {
        fprintf(stderr, "%s: --handoff NAME is required (", PROG);
        put_handoffs(stderr);
        fputs(")\n", stderr);
        exit(2);
    }
    for (size_t k = 0; k < HANDOFF_COUNT; k++)
        if (strcmp(handoffs[k]->name, handoff) == 0)
            p->handoff = handoffs[k];
    if (!p->handoff) {
        fprintf(stderr, "%s: --handoff must be one of ", PROG);
        put_handoffs(stderr);
        fprintf(stderr, ": --handoff=%s\n", handoff);
        exit(2);
    }
}

static void check_modes(struct parent *p, struct given *g)
{
    if (p->serving) {
        /* Each command says what to run; nothing is printed per coin, no trace is written. */
        p->quiet = 1;
        p->trace_path = NULL;
        p->warmup = 0;
        p->stream = 0;
        p->rounds = 1;
        p->batch = 1;
        p->pace_ns = 0;
        g->rounds = 0;
    }
    if (p->stream && g->rounds) {
        fprintf(stderr, "%s: --rounds and --stream exclude each other: --rounds=%" PRIu64 " --stream=%" PRIu64 "\n",
                PROG, p->rounds, p->stream);
        exit(2);
    }
    if (!p->stream && g->stream_only && !p->serving) {
        fprintf(stderr, "%s: --batch and --pace apply to --stream only\n", PROG);
        exit(2);
    }
    if (g->verify && !p->stream && !p->serving) {
        fprintf(stderr, "%s: --verify applies to --stream only\n", PROG);
        exit(2);
    }
    if ((p->flags & STREAM_PREMINED) && !p->stream) {
        fprintf(stderr, "%s: --premined applies to --stream only\n", PROG);
        exit(2);
    }
    if ((p->flags & STREAM_PREMINED) && p->stream > MAX_PREMINED) {
        fprintf(stderr, "%s: --stream must be at most %u with --premined: --stream=%" PRIu64 "\n", PROG, MAX_PREMINED,
                p->stream);
        exit(2);
    }
}

static void check_ring(struct parent *p)
{
    p->record = 128u + p->payload;
    p->ring_record = ring_record_length(p->payload);
    uint64_t need = 2 * p->ring_record;
    if (p->capacity == 0) {
        p->capacity = next_pow2(need) > 65536 ? next_pow2(need) : 65536;
    } else if (p->capacity & (p->capacity - 1)) {
        fprintf(stderr, "%s: --ring-capacity must be a power of two: --ring-capacity=%" PRIu64 "\n", PROG,
                p->capacity);
        exit(2);
    } else if (p->capacity < need) {
        fprintf(stderr, "%s: --ring-capacity must hold two records of --payload %u (>= %" PRIu64
                        "): --ring-capacity=%" PRIu64 "\n", PROG, p->payload, need, p->capacity);
        exit(2);
    }
}

static void check_coins(struct parent *p)
{
    uint64_t per = p->stream ? p->stream : p->rounds;
    if (per > MAX_COINS / p->miners) {
        fprintf(stderr, "%s: --%s must be at most %llu with --miners %u (at most %llu coins in a run): --%s=%" PRIu64 "\n",
                PROG, p->stream ? "stream" : "rounds", MAX_COINS / p->miners, p->miners, MAX_COINS,
                p->stream ? "stream" : "rounds", per);
        exit(2);
    }
    p->max_coins = per * p->miners;
}

static void print_dry_run(const struct parent *p)
{
    printf("dry-run handoff=%s miners=%u difficulty=%u seed=%" PRIu64 " rounds=%" PRIu64 " stream=%" PRIu64
           " payload=%u batch=%u pace=%" PRIu64 " timeout=%" PRIu64 " ring_capacity=%" PRIu64 " warmup=%" PRIu64
           " quiet=%d serve=%d trace=%s\n",
           p->handoff->name, p->miners, p->difficulty, p->seed, p->stream ? 0 : p->rounds, p->stream, p->payload,
           p->batch, p->pace_ns, p->timeout_ns / 1000000000u, p->capacity, p->warmup, p->quiet, p->serving,
           p->trace_path ? p->trace_path : "-");
    exit(0);
}

void parse_args(struct parent *p, int argc, char **argv)
{
    struct given g = {NULL, 0, 0, 0};
    defaults(p);
    read_options(p, &g, argc, argv);
    find_handoff(p, g.handoff);
    check_modes(p, &g);
    check_ring(p);
    check_coins(p);
    if (p->dry_run)
        print_dry_run(p);
}

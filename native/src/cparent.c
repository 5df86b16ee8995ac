/* cparent: the C reference parent. Forks the miners, runs rounds or a stream through one
 * hand-off, verifies every coin, prints the per-coin lines and one summary line.
 *
 *   cparent --miner PATH --handoff NAME [--miners N] [--difficulty BITS] [--seed S] [--rounds R]
 *           [--stream COUNT] [--payload BYTES] [--batch B] [--pace NS] [--ring-capacity BYTES]
 *           [--trace FILE] [--quiet] [--timeout SECONDS] [--warmup W] [--serve] [--dry-run]
 *
 * With --serve it spawns the miners once and then runs the rounds and streams that stdin asks
 * for, one command a line, one answer line each on stdout (parent_serve.c): the JMH
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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* A fixed memory budget whatever the run's length: DELAY_EXACT_MAX exact delays (8 MiB), then
 * a histogram within 0.1%; TRACE_ROWS_MAX trace rows (8 MiB), then written out. */
#define DELAY_EXACT_MAX (1u << 20)
#define TRACE_ROWS_MAX (1u << 16)

/* Before any miner is forked: the checks that are bad input (exit 2), and what the run keeps. */
static void prepare(struct parent *p)
{
    raise_fd_limit(p);
    /* A dead miner's command pipe must give EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    if (access(p->miner_path, X_OK) != 0) {
        fprintf(stderr, "%s: --miner must be an executable file: --miner=%s (%s)\n", PROG, p->miner_path,
                strerror(errno));
        exit(2);
    }
    if (p->trace_path && !p->serving)
        p->trace_file = open_trace(p);
    /* With --serve each command's own delays are kept (it reallocates them to fit). */
    if (!p->serving)
        p->delay_cap = p->max_coins < DELAY_EXACT_MAX ? p->max_coins : DELAY_EXACT_MAX;
    p->delays = xmalloc(p, sizeof *p->delays * (p->delay_cap ? p->delay_cap : p->max_coins));
    if (p->trace_file) {
        p->trace_cap = p->max_coins < TRACE_ROWS_MAX ? p->max_coins : TRACE_ROWS_MAX;
        p->trace = xmalloc(p, sizeof *p->trace * p->trace_cap);
    }
    p->verify_msgs = xmalloc(p, VERIFY_MAX * COIN_MESSAGE_LENGTH);
    p->verify_digests = xmalloc(p, VERIFY_MAX * SHA512_DIGEST_LENGTH);
}

/* The rounds or the stream, then the trace and the summary line. */
static int run(struct parent *p)
{
    struct run_totals t;
    memset(&t, 0, sizeof t);
    t.spans = p->stream ? 1 : p->rounds;
    t.makespan = xmalloc(p, sizeof(int64_t) * t.spans);
    t.first = xmalloc(p, sizeof(int64_t) * t.spans);
    run_all(p, &t);
    release_all(p);
    if (p->trace_file)
        write_trace(p);
    print_summary(p, &t);
    free(t.makespan);
    free(t.first);
    return fflush(stdout) == 0 ? 0 : 1;
}

static void session_free(struct parent *p)
{
    free(p->delay_hist);
    free(p->delays);
    free(p->trace);
    free(p->m);
    free(p->verify_msgs);
    free(p->verify_digests);
    count_book_free(&p->counts);
}

int main(int argc, char **argv)
{
    /* Dies with whoever started it (the JVM, a shell), even if that died before prctl took
     * effect; its miners die with it the same way. A JVM killed with SIGKILL must not leave a
     * C parent and its miners mining on. The JVM spawns us from one long-lived thread, because
     * PDEATHSIG fires when the spawning *thread* ends. */
    pid_t starter = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != starter)
        return 1;
    struct parent session;
    struct parent *p = &session;
    memset(p, 0, sizeof *p);
    count_book_init(&p->counts);
    parse_args(p, argc, argv);
    prepare(p);
    spawn_all(p);
    if (p->handoff->open)
        p->handoff->open(p);
    int rc = p->serving ? serve(p) : run(p);
    session_free(p);
    return rc;
}

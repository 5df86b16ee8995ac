/* A miner: a child process of the parent (the JVM, or a C reference parent).
 *
 *   miner --id I --parent-pid P
 *       Waits for commands on fd 3; for each round mines the first nonce whose coin digest
 *       has the asked leading zero bits and writes one struct coin to fd 4. EOF or QUIT on
 *       fd 3 ends it.
 *   miner --zeroes Z --procs P --index I --chunk C --parent-pid P
 *       The SHA512 race: hashes chunks I, I+P, I+2P, ... of C integers each and writes a
 *       struct zeroes_report to fd 4 per chunk, until the parent kills it or closes fd 4.
 *   miner --layout
 *       Prints the record layouts (name=offset), for the test that keeps Java in sync.
 */
#include "coin.h"
#include "coinio.h"
#include "sha512.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Coins are searched in slices so a round never sits in one call for long; the slice is
 * big enough that the per-call setup is noise. */
#define COIN_SLICE 65536u

static const char *prog = "miner";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: %s --id I --parent-pid P\n"
            "       %s --zeroes Z --procs P --index I --chunk C --parent-pid P\n"
            "       %s --layout\n",
            prog, prog, prog);
    exit(2);
}

static uint64_t parse_u64(const char *flag, const char *s, uint64_t max)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > max) {
        fprintf(stderr, "%s: %s must be an integer in 0..%" PRIu64 ": %s=%s\n", prog, flag, max,
                flag, s);
        exit(2);
    }
    return v;
}

/* Dies with the parent, even if the parent died before prctl took effect. The JVM spawns
 * miners from one long-lived thread, because PDEATHSIG fires when the spawning *thread* ends. */
static void die_with_parent(pid_t parent)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        die("prctl(PR_SET_PDEATHSIG)");
    if (parent > 0 && getppid() != parent)
        exit(1);
}

static int mine_coins(uint32_t id)
{
    struct command cmd;
    for (;;) {
        long n = read_full(COMMAND_FD, &cmd, sizeof cmd);
        if (n == 0)
            return 0;
        if (n < 0)
            die("read command");
        if (cmd.op == COMMAND_QUIT)
            return 0;
        if (cmd.op != COMMAND_ROUND) {
            fprintf(stderr, "%s %u: unknown command op=%u\n", prog, id, cmd.op);
            return 1;
        }
        struct coin coin;
        memset(&coin, 0, sizeof coin);
        coin.magic = COIN_MAGIC;
        coin.miner = id;
        coin.round = cmd.round;
        coin.difficulty = cmd.difficulty;
        coin.started_ns = now_ns();
        uint64_t start = 0;
        while (!coin_search(cmd.seed, cmd.round, id, cmd.difficulty, start, COIN_SLICE,
                            &coin.nonce, coin.digest))
            start += COIN_SLICE;
        coin.mined_ns = now_ns();
        if (write_full(COIN_FD, &coin, sizeof coin) != 0)
            return errno == EPIPE ? 0 : (die("write coin"), 1);
    }
}

static int mine_zeroes(unsigned zeros, uint64_t procs, uint64_t index, uint64_t chunk_size)
{
    for (uint64_t chunk = index;; chunk += procs) {
        struct zeroes_report r;
        memset(&r, 0, sizeof r);
        r.magic = ZEROES_MAGIC;
        r.miner = (uint32_t)index;
        r.chunk = chunk;
        r.hashed = chunk_size;
        if (chunk > UINT64_MAX / chunk_size - 1) {
            fprintf(stderr, "%s: integer range exhausted\n", prog);
            return 1;
        }
        if (!zeroes_search(zeros, chunk * chunk_size, chunk_size, &r.found, r.digest))
            r.found = UINT64_MAX;
        else
            r.hashed = r.found - chunk * chunk_size + 1;
        if (write_full(COIN_FD, &r, sizeof r) != 0)
            return errno == EPIPE ? 0 : (die("write report"), 1);
    }
}

static void print_layout(void)
{
#define F(rec, field) printf(#rec "." #field "=%zu\n", offsetof(struct rec, field))
    printf("command.size=%zu\n", sizeof(struct command));
    F(command, op); F(command, difficulty); F(command, seed); F(command, round);
    printf("coin.size=%zu\n", sizeof(struct coin));
    F(coin, magic); F(coin, miner); F(coin, round); F(coin, nonce); F(coin, mined_ns);
    F(coin, difficulty); F(coin, payload_length); F(coin, payload_sum); F(coin, started_ns);
    F(coin, digest);
    printf("zeroes_report.size=%zu\n", sizeof(struct zeroes_report));
    F(zeroes_report, magic); F(zeroes_report, miner); F(zeroes_report, chunk);
    F(zeroes_report, found); F(zeroes_report, hashed); F(zeroes_report, digest);
    printf("coin.magic.value=%u\nzeroes_report.magic.value=%u\n", COIN_MAGIC, ZEROES_MAGIC);
    printf("command.round.value=%u\ncommand.quit.value=%u\n", COMMAND_ROUND, COMMAND_QUIT);
    printf("kernel=%s\n", sha512_kernel());
#undef F
}

int main(int argc, char **argv)
{
    int64_t id = -1, zeros = -1, procs = -1, index = -1, chunk = -1, parent = -1;
    if (argc == 2 && strcmp(argv[1], "--layout") == 0) {
        print_layout();
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (strcmp(a, "--id") == 0) id = (int64_t)parse_u64(a, v, 1023);
        else if (strcmp(a, "--zeroes") == 0) zeros = (int64_t)parse_u64(a, v, 128);
        else if (strcmp(a, "--procs") == 0) procs = (int64_t)parse_u64(a, v, 1024);
        else if (strcmp(a, "--index") == 0) index = (int64_t)parse_u64(a, v, 1023);
        else if (strcmp(a, "--chunk") == 0) chunk = (int64_t)parse_u64(a, v, UINT32_MAX);
        else if (strcmp(a, "--parent-pid") == 0) parent = (int64_t)parse_u64(a, v, INT_MAX);
        else usage();
    }
    /* A miner writes only to the parent; a dead parent must end it quietly, not by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    if (id >= 0 && zeros < 0) {
        die_with_parent((pid_t)parent);
        return mine_coins((uint32_t)id);
    }
    if (zeros > 0 && procs > 0 && index >= 0 && index < procs && chunk > 0 && id < 0) {
        die_with_parent((pid_t)parent);
        return mine_zeroes((unsigned)zeros, (uint64_t)procs, (uint64_t)index, (uint64_t)chunk);
    }
    usage();
}

/* A miner: a child process of the parent (the JVM, or a C reference parent).
 *
 *   miner --id I --parent-pid P
 *       Waits for commands on fd 3 (native/include/coin.h). ROUND: mines the first nonce whose
 *       coin digest has the asked leading zero bits and hands the coin off. STREAM: mines
 *       `count` coins, nonces ascending, handing them off in batches, paced if asked. The
 *       channel is the pipe on fd 4, the Unix socket on fd 7 (the same records), or the ring
 *       in the memfd on fd 5 (with the doorbell on fd 6). EOF or QUIT on fd 3 ends it.
 *   miner --id I --parent-pid P --stdio
 *       The same, with commands on stdin and coins on stdout (the pipe's records, nothing else
 *       written there): for a parent that starts it with java.lang.ProcessBuilder, which gives a
 *       child those three descriptors only. The pipe is then its only channel; a command asking
 *       for the socket or the ring is refused.
 *   miner --zeroes Z --procs P --index I --chunk C --parent-pid P
 *       The SHA512 race: hashes chunks I, I+P, I+2P, ... of C integers each and writes a
 *       struct zeroes_report to fd 4 per chunk, until the parent kills it or closes fd 4.
 *       If fd 3 is open, it is the work pipe: the chunk numbers to hash, 8 bytes each, until EOF.
 *   miner --layout
 *       Prints the record layouts (name=offset), for the test that keeps Java in sync.
 *   miner --noop
 *       Exits 0 at once: the process every spawn benchmark starts and reaps.
 */
#include "coin.h"
#include "coinio.h"
#include "produce.h"
#include "sha512.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "miner";

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: %s --id I --parent-pid P [--stdio]\n"
            "       %s --zeroes Z --procs P --index I --chunk C --parent-pid P\n"
            "       %s --layout\n"
            "       %s --noop\n"
            "--stdio: commands on stdin, coins on stdout, the pipe the only channel (a ProcessBuilder child)\n",
            prog, prog, prog, prog);
    exit(2);
}

static uint64_t parse_u64(const char *flag, const char *s, uint64_t max)
{
    return arg_u64(prog, flag, s, 0, max);
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

/* ---- channels ------------------------------------------------------------------------------ */

struct ring {
    uint8_t *base;          /* the mapping: header, then data */
    uint8_t *data;
    uint64_t capacity;
    uint64_t produced;      /* our position: records written up to here */
    uint64_t published;     /* what the parent may see */
    uint64_t consumed;      /* last consumer position we read */
    uint32_t *rings;        /* the doorbell, or NULL */
    uint32_t *waiting;
};

static _Atomic uint64_t *ring_pos(struct ring *r, size_t offset)
{
    return (_Atomic uint64_t *)(r->base + offset);
}

static int map_ring(struct ring *r)
{
    struct stat st;
    if (fstat(RING_FD, &st) != 0)
        return -1;
    r->base = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, RING_FD, 0);
    if (r->base == MAP_FAILED) {
        r->base = NULL;
        return -1;
    }
    r->capacity = *(volatile uint64_t *)(r->base + RING_CAPACITY_OFFSET);
    if (r->capacity == 0 || (r->capacity & (r->capacity - 1)) ||
        RING_DATA_OFFSET + r->capacity > (uint64_t)st.st_size) {
        fprintf(stderr, "%s: ring capacity %" PRIu64 " does not fit its memfd (%lld bytes)\n", prog,
                r->capacity, (long long)st.st_size);
        exit(1);
    }
    r->data = r->base + RING_DATA_OFFSET;
    r->produced = r->published = r->consumed =
        atomic_load_explicit(ring_pos(r, RING_PRODUCER_OFFSET), memory_order_relaxed);
    void *bell = mmap(NULL, DOORBELL_LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, DOORBELL_FD, 0);
    if (bell != MAP_FAILED) {
        r->rings = (uint32_t *)((uint8_t *)bell + DOORBELL_RINGS_OFFSET);
        r->waiting = (uint32_t *)((uint8_t *)bell + DOORBELL_WAITING_OFFSET);
    }
    return 0;
}

static void ring_publish(struct ring *r, int doorbell)
{
    if (r->published == r->produced)
        return;
    /* Pairs with the parent's load-acquire of producer: the records are visible before it is. */
    atomic_store_explicit(ring_pos(r, RING_PRODUCER_OFFSET), r->produced, memory_order_release);
    r->published = r->produced;
    if (doorbell) {
        /* seq_cst, both: either the parent sees this ring before it sleeps, or we see it waiting. */
        atomic_fetch_add_explicit((_Atomic uint32_t *)r->rings, 1, memory_order_seq_cst);
        if (atomic_load_explicit((_Atomic uint32_t *)r->waiting, memory_order_seq_cst))
            syscall(SYS_futex, r->rings, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
}

/* Waits until `need` bytes are free. What we hold is published first: the parent cannot free
 * space for records it has not been shown. */
static void ring_reserve(struct ring *r, uint64_t need, int doorbell)
{
    while (r->capacity - (r->produced - r->consumed) < need) {
        r->consumed = atomic_load_explicit(ring_pos(r, RING_CONSUMER_OFFSET), memory_order_acquire);
        if (r->capacity - (r->produced - r->consumed) >= need)
            break;
        ring_publish(r, doorbell);
        sched_yield();
    }
}

/* Room for one record of `len` bytes at a contiguous spot; returns where to write it. */
static uint8_t *ring_claim(struct ring *r, uint64_t len, int doorbell)
{
    uint64_t idx = r->produced & (r->capacity - 1);
    uint64_t to_end = r->capacity - idx;
    if (to_end < len) {
        ring_reserve(r, to_end, doorbell);
        uint32_t pad[2] = {PAD_MAGIC, (uint32_t)to_end};
        memcpy(r->data + idx, pad, sizeof pad);
        r->produced += to_end;
        idx = 0;
    }
    ring_reserve(r, len, doorbell);
    uint8_t *at = r->data + idx;
    r->produced += len;
    return at;
}

/* The byte-stream side, the pipe (COIN_FD) or the socket (SOCKET_FD): whole records gathered in a
 * buffer, written to `fd` when `batch` are in or it is full. */
struct outbuf {
    uint8_t *buf;
    size_t cap, used;
    int fd;
};

static void out_flush(struct outbuf *o)
{
    if (o->used && write_full(o->fd, o->buf, o->used) != 0) {
        if (errno == EPIPE)
            exit(0); /* the parent is gone or closed its end: nobody to mine for */
        die("write coins");
    }
    o->used = 0;
}

static uint8_t *out_claim(struct outbuf *o, size_t len)
{
    if (o->used + len > o->cap)
        out_flush(o);
    if (len > o->cap) {
        uint8_t *b = realloc(o->buf, len);
        if (!b)
            die("realloc");
        o->buf = b;
        o->cap = len;
    }
    uint8_t *at = o->buf + o->used;
    o->used += len;
    return at;
}

/* ---- mining -------------------------------------------------------------------------------- */

static void sleep_until(uint64_t target_ns)
{
    /* Sleep most of the way, spin the last stretch: a timer wake-up alone is tens of us late. */
    for (;;) {
        uint64_t now = now_ns();
        if (now >= target_ns)
            return;
        if (target_ns - now > 200000) {
            uint64_t until = target_ns - 100000;
            struct timespec ts = {(time_t)(until / 1000000000u), (long)(until % 1000000000u)};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        }
    }
}

/* Where a miner's commands come from and its coins go: fds 3 and 4, or with --stdio stdin and stdout. */
struct miner_fds {
    int command, coin;
    int stdio; /* --stdio: the pipe is the only channel */
};

static const char *check_command(const struct command *c, const struct ring *r, int socket, int stdio)
{
    static char why[160];
    int in_ring = c->channel == CHANNEL_SHM || c->channel == CHANNEL_SHM_FUTEX;
    if (c->payload_length > MAX_PAYLOAD)
        snprintf(why, sizeof why, "payload_length=%u exceeds %u", c->payload_length, MAX_PAYLOAD);
    else if (c->batch < 1 || c->batch > MAX_BATCH)
        snprintf(why, sizeof why, "batch=%u not in 1..%u", c->batch, MAX_BATCH);
    else if ((c->flags & STREAM_PREMINED) && c->count > MAX_PREMINED)
        snprintf(why, sizeof why, "a premined stream holds at most %u coins a miner: count=%" PRIu64, MAX_PREMINED,
                 c->count);
    else if (c->flags & ~STREAM_PREMINED)
        snprintf(why, sizeof why, "unknown flags=0x%x", c->flags);
    else if (c->channel > CHANNEL_SOCKET)
        snprintf(why, sizeof why, "unknown channel=%u", c->channel);
    else if (stdio && c->channel != CHANNEL_PIPE)
        snprintf(why, sizeof why, "channel=%u with --stdio: only channel=%u, the pipe on stdout", c->channel,
                 CHANNEL_PIPE);
    else if (c->channel == CHANNEL_SOCKET && !socket)
        snprintf(why, sizeof why, "channel=%u needs a socket on fd %d", c->channel, SOCKET_FD);
    else if (in_ring && !r->base)
        snprintf(why, sizeof why, "channel=%u needs a ring on fd %d", c->channel, RING_FD);
    else if (c->channel == CHANNEL_SHM_FUTEX && !r->rings)
        snprintf(why, sizeof why, "channel=%u needs a doorbell on fd %d", c->channel, DOORBELL_FD);
    else if (in_ring && r->capacity < 2 * ring_record_length(c->payload_length))
        snprintf(why, sizeof why, "ring capacity %" PRIu64 " < twice the record (%" PRIu64 ")", r->capacity,
                 ring_record_length(c->payload_length));
    else
        return NULL;
    return why;
}

/* Paced: a coin is due at its slot. It is stamped with the slot (or with when it was found, if
 * later), not with when it got out: a hand-off that holds the miner up (a full pipe or ring) then
 * shows as delay instead of hiding it (coordinated omission). Returns the stamp. */
static uint64_t pace_to_slot(uint64_t due)
{
    uint64_t found = now_ns();
    sleep_until(due);
    return found > due ? found : due;
}

/* The next command, stamped `started` as it is read: 1 to run it (a round made a stream of one
 * coin, handed off at once), 0 at EOF or QUIT, -1 when it is refused (said on stderr). */
static int next_command(uint32_t id, struct command *cmd, uint64_t *started, const struct ring *ring, int socket,
                        const struct miner_fds *fds)
{
    long n = read_full(fds->command, cmd, sizeof *cmd);
    if (n == 0)
        return 0;
    if (n < 0)
        die("read command");
    *started = now_ns();
    if (cmd->op == COMMAND_QUIT)
        return 0;
    if (cmd->op == COMMAND_ROUND) {
        cmd->count = 1;
        cmd->batch = 1;
        cmd->pace_ns = 0;
    } else if (cmd->op != COMMAND_STREAM) {
        fprintf(stderr, "%s %u: unknown command op=%u\n", prog, id, cmd->op);
        return -1;
    }
    const char *bad = check_command(cmd, ring, socket, fds->stdio);
    if (bad) {
        fprintf(stderr, "%s %u: refused command: %s\n", prog, id, bad);
        return -1;
    }
    return 1;
}

static int mine_coins(uint32_t id, int stdio)
{
    const struct miner_fds fds = {stdio ? STDIN_FILENO : COMMAND_FD, stdio ? STDOUT_FILENO : COIN_FD, stdio};
    struct ring ring = {0};
    struct outbuf out = {0};
    struct payload payload = {0};
    struct block block = {0}; /* a premined stream's coins, kept for the next stream of them */
    /* with --stdio, fds 5-7 are none of ours: nothing is looked for there */
    int have_ring = !stdio && map_ring(&ring) == 0;
    (void)have_ring;
    struct stat st; /* a socket on SOCKET_FD, given for uds */
    int socket = !stdio && fstat(SOCKET_FD, &st) == 0 && S_ISSOCK(st.st_mode);
    out.cap = 65536;
    out.buf = malloc(out.cap);
    if (!out.buf)
        die("malloc");
    for (;;) {
        struct command cmd;
        uint64_t started;
        int got = next_command(id, &cmd, &started, &ring, socket, &fds);
        if (got <= 0)
            return got < 0;
        if ((payload.length != cmd.payload_length || payload.seed != cmd.seed)
            && payload_init(&payload, cmd.payload_length, cmd.seed, id) != 0)
            die("malloc payload");
        int premined = (cmd.flags & STREAM_PREMINED) != 0;
        if (premined && block_ensure(&block, cmd.seed, cmd.round, id, cmd.difficulty, cmd.count) != 0)
            die("premine");
        int doorbell = cmd.channel == CHANNEL_SHM_FUTEX, ring_out = doorbell || cmd.channel == CHANNEL_SHM;
        out.fd = cmd.channel == CHANNEL_SOCKET ? SOCKET_FD : fds.coin;
        uint64_t record = ring_out ? ring_record_length(cmd.payload_length) : 128u + cmd.payload_length;
        struct production prod = {.seed = cmd.seed, .round = cmd.round, .started_ns = started, .miner = id,
                                  .difficulty = cmd.difficulty, .block = premined ? &block : NULL,
                                  .payload = &payload};
        uint32_t in_batch = 0;
        uint64_t stamp = 0;
        for (uint64_t k = 0; k < cmd.count; k++) {
            struct coin coin;
            produce_coin(&prod, k, &coin);
            uint64_t due = cmd.pace_ns ? pace_to_slot(started + k * cmd.pace_ns) : 0;
            uint8_t *at = ring_out ? ring_claim(&ring, record, doorbell) : out_claim(&out, record);
            coin.payload_sum = payload_put(&payload, at + sizeof coin, coin.nonce);
            /* premined: one clock read a batch, not a coin (23 ns a read would be half its cost) */
            if (!cmd.pace_ns && (!premined || in_batch == 0))
                stamp = now_ns();
            coin.mined_ns = cmd.pace_ns ? due : stamp;
            memcpy(at, &coin, sizeof coin);
            if (++in_batch == cmd.batch || k + 1 == cmd.count) {
                in_batch = 0;
                if (ring_out)
                    ring_publish(&ring, doorbell);
                else
                    out_flush(&out);
            }
        }
    }
}

static int mine_zeroes(unsigned zeros, uint64_t procs, uint64_t index, uint64_t chunk_size)
{
    /* With fd 3 open, it is the work pipe, shared by every miner: the parent writes chunk
     * numbers (8 bytes each, written whole, read whole) and a miner hashes the chunk it read,
     * until EOF. The parent hands out chunks only up to a window past the lowest chunk not yet
     * reported, so miners that run ahead block instead of taking the CPU the miner holding that
     * chunk (and the parent) need: with hundreds of miners on two cores, free-running miners
     * made the search a hang. Without fd 3: chunks I, I+P, I+2P, ... until killed. */
    int work = fcntl(COMMAND_FD, F_GETFD) >= 0;
    for (uint64_t chunk = index;; chunk += procs) {
        if (work) {
            uint64_t next;
            long n = read_full(COMMAND_FD, &next, sizeof next);
            if (n == 0)
                return 0;
            if (n != (long)sizeof next)
                die("read work");
            chunk = next;
        }
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
    F(command, op); F(command, difficulty); F(command, seed); F(command, round); F(command, count);
    F(command, channel); F(command, payload_length); F(command, batch); F(command, flags); F(command, pace_ns);
    printf("coin.size=%zu\n", sizeof(struct coin));
    F(coin, magic); F(coin, miner); F(coin, round); F(coin, nonce); F(coin, mined_ns);
    F(coin, difficulty); F(coin, payload_length); F(coin, payload_sum); F(coin, started_ns);
    F(coin, digest);
    printf("zeroes_report.size=%zu\n", sizeof(struct zeroes_report));
    F(zeroes_report, magic); F(zeroes_report, miner); F(zeroes_report, chunk);
    F(zeroes_report, found); F(zeroes_report, hashed); F(zeroes_report, digest);
    printf("coin.magic.value=%u\nzeroes_report.magic.value=%u\n", COIN_MAGIC, ZEROES_MAGIC);
    printf("command.round.value=%u\ncommand.quit.value=%u\ncommand.stream.value=%u\n", COMMAND_ROUND,
           COMMAND_QUIT, COMMAND_STREAM);
    printf("pad.magic.value=%u\n", PAD_MAGIC);
    printf("ring.producer=%d\nring.consumer=%d\nring.capacity=%d\nring.data=%d\nring.align=%u\n",
           RING_PRODUCER_OFFSET, RING_CONSUMER_OFFSET, RING_CAPACITY_OFFSET, RING_DATA_OFFSET, RECORD_ALIGN);
    printf("doorbell.rings=%d\ndoorbell.waiting=%d\ndoorbell.length=%d\n", DOORBELL_RINGS_OFFSET,
           DOORBELL_WAITING_OFFSET, DOORBELL_LENGTH);
    printf("max.payload=%u\nmax.batch=%u\nmax.premined=%u\nstream.premined.value=%u\n", MAX_PAYLOAD, MAX_BATCH,
           MAX_PREMINED, STREAM_PREMINED);
    printf("fd.command=%d\nfd.coin=%d\nfd.ring=%d\nfd.doorbell=%d\nfd.socket=%d\nchannel.pipe=%u\nchannel.shm=%u\n"
           "channel.shm_futex=%u\nchannel.socket=%u\n", COMMAND_FD, COIN_FD, RING_FD, DOORBELL_FD, SOCKET_FD,
           CHANNEL_PIPE, CHANNEL_SHM, CHANNEL_SHM_FUTEX, CHANNEL_SOCKET);
    {
        uint8_t probe[13];
        for (int i = 0; i < 13; i++)
            probe[i] = (uint8_t)(i * 37 + 1);
        printf("payload.checksum.13=%" PRIu64 "\n", payload_checksum(probe, 13));
    }
    printf("kernel=%s\n", sha512_kernel());
#undef F
}

int main(int argc, char **argv)
{
    /* What SpawnBenchmark and spawnbench spawn: a spawn then measures process creation, exec,
     * the dynamic loader and reaping, and none of a miner's own work. */
    if (argc == 2 && strcmp(argv[1], "--noop") == 0)
        return 0;
    int64_t id = -1, zeros = -1, procs = -1, index = -1, chunk = -1, parent = -1;
    int stdio = 0;
    if (argc == 2 && strcmp(argv[1], "--layout") == 0) {
        print_layout();
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--stdio") == 0 && !stdio) {
            stdio = 1;
            continue;
        }
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
        return mine_coins((uint32_t)id, stdio);
    }
    if (zeros > 0 && procs > 0 && index >= 0 && index < procs && chunk > 0 && id < 0 && !stdio) {
        die_with_parent((pid_t)parent);
        return mine_zeroes((unsigned)zeros, (uint64_t)procs, (uint64_t)index, (uint64_t)chunk);
    }
    usage();
}

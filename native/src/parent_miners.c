/* The miners: forked with their command and coin pipes (or, for CHANNEL_SOCKET, a socketpair
 * in place of the coin pipe), ring and the doorbell (coin.h's fds 3..7), and sent their
 * commands. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

void raise_fd_limit(struct parent *p)
{
    struct rlimit rl;
    rlim_t need = (rlim_t)p->miners * 2 + 64;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
        return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
        fprintf(stderr, "%s: --miners %u needs %llu descriptors, the hard limit is %llu\n", PROG, p->miners,
                (unsigned long long)need, (unsigned long long)rl.rlim_max);
        exit(2);
    }
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        fail_errno(p, "setrlimit(RLIMIT_NOFILE)");
}

/* A miner's channels, made before it is forked: coin[0] ours, coin[1] the miner's. */
struct channels {
    int cmd[2], coin[2], ring_fd;
    void *ring;
};

static int socket_channel(const struct parent *p)
{
    return p->handoff->channel == CHANNEL_SOCKET;
}

static void make_channels(struct parent *p, struct channels *ch)
{
    int *cmd = ch->cmd, *coin = ch->coin;
    if (pipe2(cmd, O_CLOEXEC) != 0)
        fail_errno(p, "pipe2 (commands)");
    if ((socket_channel(p) ? socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, coin) : pipe2(coin, O_CLOEXEC)) != 0) {
        close(cmd[0]), close(cmd[1]);
        fail_errno(p, socket_channel(p) ? "socketpair (coins)" : "pipe2 (coins)");
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
    ch->ring_fd = ring_fd;
    ch->ring = ring;
}

/* In the child: the four ends on fds 3..6 (the socket on 7 in place of the pipe on 4), then the
 * miner. Never returns. */
static _Noreturn void exec_miner(const struct parent *p, const struct channels *ch, int bell_fd, char *const argv[])
{
    /* Move the four ends above 7 first, so no dup2 clobbers a source; dup2 clears CLOEXEC. */
    int src[4] = {ch->cmd[0], ch->coin[1], ch->ring_fd, bell_fd};
    int dst[4] = {COMMAND_FD, socket_channel(p) ? SOCKET_FD : COIN_FD, RING_FD, DOORBELL_FD};
    for (int k = 0; k < 4; k++)
        if ((src[k] = fcntl(src[k], F_DUPFD_CLOEXEC, SOCKET_FD + 1)) < 0)
            _exit(127);
    for (int k = 0; k < 4; k++)
        if (dup2(src[k], dst[k]) < 0)
            _exit(127);
    signal(SIGPIPE, SIG_DFL);
    execv(p->miner_path, argv);
    static const char msg[] = "cparent: execv of the miner failed\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(127);
}

static void spawn(struct parent *p, uint32_t i, int bell_fd)
{
    struct miner *m = &p->m[i];
    struct channels ch;
    make_channels(p, &ch);
    char id[16], ppid[16];
    snprintf(id, sizeof id, "%u", i);
    snprintf(ppid, sizeof ppid, "%d", (int)getpid());
    char *const argv[] = {"miner", "--id", id, "--parent-pid", ppid, NULL};
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        exec_miner(p, &ch, bell_fd, argv);
    int e = errno;
    close(ch.cmd[0]);
    close(ch.coin[1]);
    close(ch.ring_fd);
    m->id = i;
    m->cmd_fd = ch.cmd[1];
    m->coin_fd = ch.coin[0];
    m->ring = ch.ring;
    m->cap = (size_t)(p->record > 65536 ? p->record : 65536) + 65536;
    m->buf = NULL;
    p->spawned = i + 1;
    if (pid < 0) {
        errno = e;
        fail_errno(p, "fork");
    }
    m->pid = pid;
    m->buf = xmalloc(p, m->cap);
    if (p->handoff->nonblocking && fcntl(m->coin_fd, F_SETFL, O_NONBLOCK) != 0)
        fail_errno(p, "fcntl(O_NONBLOCK)");
}

void spawn_all(struct parent *p)
{
    p->m = xmalloc(p, sizeof *p->m * p->miners);
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

void send_all(struct parent *p, const struct command *c)
{
    for (uint32_t i = 0; i < p->miners; i++) {
        COUNT(p, writes); /* a command is far below PIPE_BUF: one write(2) */
        if (write_full(p->m[i].cmd_fd, c, sizeof *c) != 0) {
            if (errno == EPIPE)
                miner_lost(p, &p->m[i]);
            fail_errno(p, "write command");
        }
    }
}

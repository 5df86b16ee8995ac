/* readers-K: K reader processes (src/reader.c, include/forward.h) between the miners and the
 * parent. Reader r holds the coin pipes of miners r, r+K, r+2K, ... and forwards their records to
 * the parent over one pipe all readers share, in frames of at most PIPE_BUF bytes (one write
 * each, so they never interleave). The parent sleeps in poll(2) on that pipe and the readers'
 * pidfds with the round's deadline, reads the pipe, and cashes every record in through its
 * miner's own buffer (pipe_cash_stamped, stamped at that read), never reading the miners' pipes
 * itself. A miner's EOF comes as its "gone" frame (miner_lost); a reader never ends on its own,
 * so its pidfd turning readable fails the round naming it. The readers are forked at open, from
 * the directory of --miner, and killed and reaped at close. */
#include "coin.h"
#include "coinio.h"
#include "forward.h"
#include "parent.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_READERS 4u
#define READ_CHUNK 65536u

struct readers {
    uint32_t n;
    pid_t pid[MAX_READERS];       /* 0 once reaped */
    int pidfd[MAX_READERS];
    int fwd[2];                   /* the forwarding pipe; [1] is ours only until the readers run */
    struct pollfd pfd[1 + MAX_READERS];
    size_t start, end;            /* frames read, not yet taken: buf[start, end) */
    uint8_t buf[READ_CHUNK + FORWARD_FRAME_MAX];
};

/* "1,5,9": the miners of reader r, for its argv and for messages. */
static void share_of(const struct parent *p, uint32_t n, uint32_t r, char *out, size_t len)
{
    size_t at = 0;
    out[0] = 0;
    for (uint32_t i = r; i < p->miners && at + 12 < len; i += n)
        at += (size_t)snprintf(out + at, len - at, "%s%u", at ? "," : "", i);
}

/* In the child: the forwarding pipe on fd 3, its miners' pipes on 4, 5, ..., then the reader.
 * Never returns. `src` has room for every miner and the pipe. */
static _Noreturn void exec_reader(const struct parent *p, const struct readers *st, uint32_t r, int *src,
                                  const char *path, char *const argv[])
{
    /* As many descriptors as the parent holds, twice over for a moment: lift the soft limit. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
    int count = 0;
    src[count++] = st->fwd[1];
    for (uint32_t i = r; i < p->miners; i += st->n)
        src[count++] = p->m[i].coin_fd;
    /* Above every target first, so no dup2 clobbers a source; dup2 clears CLOEXEC. */
    for (int k = 0; k < count; k++)
        if ((src[k] = fcntl(src[k], F_DUPFD_CLOEXEC, READER_OUT_FD + count)) < 0)
            _exit(127);
    for (int k = 0; k < count; k++)
        if (dup2(src[k], READER_OUT_FD + k) < 0)
            _exit(127);
    signal(SIGPIPE, SIG_DFL);
    execv(path, argv);
    static const char msg[] = "cparent: execv of the reader failed\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(127);
}

static void spawn_reader(struct parent *p, struct readers *st, uint32_t r, const char *path)
{
    char id[16], ppid[16], *list = xmalloc(p, (size_t)p->miners * 6 + 16);
    int *src = xmalloc(p, sizeof *src * ((size_t)p->miners + 1));
    share_of(p, st->n, r, list, (size_t)p->miners * 6 + 16);
    snprintf(id, sizeof id, "%u", r);
    snprintf(ppid, sizeof ppid, "%d", (int)getpid());
    char *const argv[] = {"reader", "--id", id, "--parent-pid", ppid, "--miners", list, NULL};
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        exec_reader(p, st, r, src, path, argv);
    int e = errno;
    free(list);
    free(src);
    if (pid < 0) {
        errno = e;
        fail_errno(p, "fork (reader)");
    }
    st->pid[r] = pid;
    st->pidfd[r] = (int)syscall(SYS_pidfd_open, pid, 0);
    if (st->pidfd[r] < 0)
        fail_errno(p, "pidfd_open (reader)");
}

static void readers_open(struct parent *p, uint32_t k)
{
    struct readers *st = xcalloc(p, 1, sizeof *st);
    p->state = st;
    st->fwd[0] = st->fwd[1] = -1;
    for (uint32_t r = 0; r < MAX_READERS; r++)
        st->pidfd[r] = -1;
    st->n = k < p->miners ? k : p->miners;
    if (pipe2(st->fwd, O_CLOEXEC) != 0)
        fail_errno(p, "pipe2 (forwarding)");
    /* The reader sits beside the miner: --miner's directory. */
    char path[PATH_MAX];
    const char *slash = strrchr(p->miner_path, '/');
    int dir = slash ? (int)(slash - p->miner_path) : 1;
    snprintf(path, sizeof path, "%.*s/reader", dir, slash ? p->miner_path : ".");
    for (uint32_t r = 0; r < st->n; r++)
        spawn_reader(p, st, r, path);
    close(st->fwd[1]); /* the readers hold theirs: ours would hide the end of the last of them */
    st->fwd[1] = -1;
    st->pfd[0] = (struct pollfd){st->fwd[0], POLLIN, 0};
    for (uint32_t r = 0; r < st->n; r++)
        st->pfd[1 + r] = (struct pollfd){st->pidfd[r], POLLIN, 0};
}

/* Reader r has ended (its pidfd is readable, or the pipe reached EOF): reaped and named. */
static _Noreturn void reader_lost(struct parent *p, struct readers *st, uint32_t r)
{
    int status = 0;
    pid_t pid = st->pid[r];
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    st->pid[r] = 0;
    char how[128], when[32], share[128];
    how_status_ended(status, how, sizeof how);
    share_of(p, st->n, r, share, sizeof share);
    parent_fail(p, "%s (hand-off %s) failed: reader %u (pid %d, miners %s) %s", what_round(p, when, sizeof when),
                p->handoff->name, r, (int)pid, share, how);
}

/* A frame's bytes of miner m: whole records are cashed where they lie, the rest joins m's buffer. */
static void forwarded(struct parent *p, struct miner *m, const uint8_t *at, uint32_t len, uint64_t cashed)
{
    if (m->start == m->end && len % p->record == 0) {
        cash_records(p, m, at, len / p->record, cashed);
        return;
    }
    memcpy(m->buf + m->end, at, len); /* m->buf keeps 64 KiB free beyond a partial record */
    m->end += len;
    if (m->end - m->start >= p->record)
        pipe_cash_stamped(p, m, cashed);
}

/* One read of the forwarding pipe; every whole frame in it to its miner, all stamped at the read. */
static void forward_read(struct parent *p, struct readers *st)
{
    if (sizeof st->buf - st->end < READ_CHUNK) { /* a partial frame, under FORWARD_FRAME_MAX */
        memmove(st->buf, st->buf + st->start, st->end - st->start);
        st->end -= st->start;
        st->start = 0;
    }
    ssize_t n = read(st->fwd[0], st->buf + st->end, sizeof st->buf - st->end);
    COUNT(p, reads);
    if (n == 0)
        reader_lost(p, st, 0); /* every reader closed it: name the first */
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        fail_errno(p, "read (forwarding pipe)");
    }
    count_add(&p->counts.main.bytes_read, (uint64_t)n);
    uint64_t cashed = now_ns();
    st->end += (size_t)n;
    while (st->end - st->start >= sizeof(struct forward_frame)) {
        struct forward_frame f;
        memcpy(&f, st->buf + st->start, sizeof f);
        if (f.miner >= p->miners || f.length > FORWARD_DATA_MAX)
            parent_fail(p, "malformed frame on the forwarding pipe: miner=%u length=%u (miners 0..%u, length 0..%u)",
                        f.miner, f.length, p->miners - 1, FORWARD_DATA_MAX);
        if (st->end - st->start - sizeof f < f.length)
            break;
        st->start += sizeof f;
        if (f.length == 0)
            miner_lost(p, &p->m[f.miner]);
        forwarded(p, &p->m[f.miner], st->buf + st->start, f.length, cashed);
        st->start += f.length;
    }
    if (st->start == st->end)
        st->start = st->end = 0;
}

static void readers_collect(struct parent *p)
{
    struct readers *st = p->state;
    while (p->remaining) {
        int n = poll(st->pfd, 1 + st->n, ms_to_deadline(p));
        COUNT(p, waits);
        if (n < 0 && errno != EINTR)
            fail_errno(p, "poll (forwarding pipe, readers)");
        /* The pipe first: a reader's last frames are in it before its pidfd turns readable. */
        if (n > 0 && st->pfd[0].revents)
            forward_read(p, st);
        else if (n > 0)
            for (uint32_t r = 0; r < st->n; r++)
                if (st->pfd[1 + r].revents)
                    reader_lost(p, st, r);
        if (p->remaining)
            check_deadline(p);
    }
}

static void readers_close(struct parent *p)
{
    struct readers *st = p->state;
    if (!st)
        return;
    for (uint32_t r = 0; r < st->n; r++) {
        if (st->pid[r] > 0) {
            kill(st->pid[r], SIGKILL);
            while (waitpid(st->pid[r], NULL, 0) < 0 && errno == EINTR)
                ;
        }
        if (st->pidfd[r] >= 0)
            close(st->pidfd[r]);
    }
    for (int e = 0; e < 2; e++)
        if (st->fwd[e] >= 0)
            close(st->fwd[e]);
    free(st);
    p->state = NULL;
}

static void readers_open_1(struct parent *p)
{
    readers_open(p, 1);
}
static void readers_open_2(struct parent *p)
{
    readers_open(p, 2);
}
static void readers_open_4(struct parent *p)
{
    readers_open(p, 4);
}

#define READERS(K) \
    const struct handoff handoff_readers_##K = { \
        .name = "readers-" #K, .channel = CHANNEL_PIPE, .nonblocking = 0, \
        .open = readers_open_##K, .collect = readers_collect, .close = readers_close, \
    };
READERS(1)
READERS(2)
READERS(4)

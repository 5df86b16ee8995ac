/* reader: one of the K reader processes of the readers-K hand-off (include/forward.h).
 *
 *   reader --id R --parent-pid P --miners I,J,...
 *       fd 3 is the forwarding pipe's write end, fds 4, 5, ... the coin pipes of miners I, J, ...
 *       Forwards every byte of each pipe to fd 3 in frames, whole records as many as are in
 *       hand, until it is killed. With one pipe it blocks in read(2) on it; with more, it sleeps
 *       in poll(2) and then reads each ready one once (a read of a ready pipe does not block).
 *       At a pipe's EOF it forwards that miner's "gone" frame and drops the pipe; with no pipe
 *       left it waits to be killed: a reader never ends on its own while the parent lives, so
 *       the parent may take any reader's end for a failure.
 *   reader --layout
 *       Prints the frame layout (name=value), for the test that keeps Java in sync.
 */
#include "coin.h"
#include "coinio.h"
#include "forward.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_PIPES 1024u
#define READ_CHUNK 65536u

static const char *prog = "reader";

/* One miner's coin pipe and the bytes read from it that are not forwarded yet: [start, end). */
struct source {
    int fd;            /* -1 once it reached EOF */
    uint32_t miner;
    uint8_t *buf;
    size_t start, end;
    uint64_t big_left; /* bytes still to forward of a record too long for one frame */
};

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(void)
{
    fprintf(stderr, "usage: %s --id R --parent-pid P --miners I,J,...\n       %s --layout\n", prog, prog);
    exit(2);
}

/* One frame, one write(2): at most PIPE_BUF bytes, so it lands whole among the other readers'. */
static void send_frame(uint32_t miner, const uint8_t *data, uint32_t length)
{
    struct forward_frame f = {miner, length};
    struct iovec iov[2] = {{&f, sizeof f}, {(void *)data, length}};
    ssize_t n;
    do
        n = writev(READER_OUT_FD, iov, length ? 2 : 1);
    while (n < 0 && errno == EINTR);
    if (n != (ssize_t)(sizeof f + length))
        die("writev (forwarding pipe)");
}

static uint64_t record_at(const uint8_t *r)
{
    uint32_t payload;
    memcpy(&payload, r + offsetof(struct coin, payload_length), 4);
    return 128u + (uint64_t)payload;
}

/* Forwards what s holds: whole records, up to a frame of them at a time; a record longer than a
 * frame piece by piece as its bytes come. Keeps a record's first bytes until it is whole. */
static void forward(struct source *s)
{
    size_t at = s->start;
    for (;;) {
        size_t avail = s->end - at, len = 0;
        if (s->big_left) {
            len = avail < s->big_left ? avail : (size_t)s->big_left;
            if (len > FORWARD_DATA_MAX)
                len = FORWARD_DATA_MAX;
            if (!len)
                break;
            s->big_left -= len;
        } else {
            while (avail - len >= 128u) {
                uint64_t rec = record_at(s->buf + at + len);
                if (rec > avail - len || len + rec > FORWARD_DATA_MAX)
                    break;
                len += rec;
            }
            if (!len) {
                if (avail < 128u || record_at(s->buf + at) <= FORWARD_DATA_MAX)
                    break; /* a record not yet whole */
                s->big_left = record_at(s->buf + at);
                continue;
            }
        }
        send_frame(s->miner, s->buf + at, (uint32_t)len);
        at += len;
    }
    /* What is left is less than a frame: move it to the front, so a whole read always fits. */
    memmove(s->buf, s->buf + at, s->end - at);
    s->end -= at;
    s->start = 0;
}

/* The pipe ended: its torn record's bytes if any, then the miner's "gone" frame. */
static void ended(struct source *s)
{
    for (size_t at = s->start; at < s->end;) {
        size_t len = s->end - at < FORWARD_DATA_MAX ? s->end - at : FORWARD_DATA_MAX;
        send_frame(s->miner, s->buf + at, (uint32_t)len);
        at += len;
    }
    send_frame(s->miner, NULL, 0);
    close(s->fd);
    s->fd = -1;
}

/* One read(2) of s; returns 1 if the pipe is still open. */
static int read_once(struct source *s)
{
    ssize_t n = read(s->fd, s->buf + s->end, READ_CHUNK);
    if (n > 0) {
        s->end += (size_t)n;
        forward(s);
        return 1;
    }
    if (n == 0) {
        ended(s);
        return 0;
    }
    if (errno == EAGAIN) { /* someone made the pipe O_NONBLOCK: wait until it is readable */
        struct pollfd one = {s->fd, POLLIN, 0};
        if (poll(&one, 1, -1) < 0 && errno != EINTR)
            die("poll");
        return 1;
    }
    if (errno != EINTR)
        die("read (coin pipe)");
    return 1;
}

static void run(struct source *src, uint32_t n)
{
    struct pollfd *pfd = calloc(n, sizeof *pfd);
    if (!pfd)
        die("calloc");
    uint32_t open = n;
    while (open > 1) {
        for (uint32_t k = 0; k < n; k++)
            pfd[k] = (struct pollfd){src[k].fd, POLLIN, 0}; /* poll skips the -1 of an ended pipe */
        if (poll(pfd, n, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        for (uint32_t k = 0; k < n; k++)
            if (pfd[k].revents && src[k].fd >= 0 && !read_once(&src[k]))
                open--;
    }
    for (uint32_t k = 0; k < n && open; k++)
        while (src[k].fd >= 0 && read_once(&src[k]))
            ;
    for (;;)
        pause(); /* every pipe ended: wait to be killed */
}

/* "3,7,11" into ids; returns how many. */
static uint32_t parse_miners(const char *list, struct source *src)
{
    uint32_t n = 0;
    char *copy = strdup(list), *save = NULL;
    if (!copy)
        die("strdup");
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n == MAX_PIPES)
            usage();
        src[n].miner = (uint32_t)arg_u64(prog, "--miners", tok, 0, MAX_PIPES - 1);
        src[n].fd = READER_FIRST_PIPE_FD + (int)n;
        src[n].buf = malloc(READ_CHUNK + FORWARD_FRAME_MAX);
        if (!src[n].buf)
            die("malloc");
        n++;
    }
    free(copy);
    return n;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--layout") == 0) {
        printf("frame.size=%zu\nframe.miner=%zu\nframe.length=%zu\nframe.max=%u\nfd.out=%d\nfd.first_pipe=%d\n",
               sizeof(struct forward_frame), offsetof(struct forward_frame, miner),
               offsetof(struct forward_frame, length), FORWARD_FRAME_MAX, READER_OUT_FD, READER_FIRST_PIPE_FD);
        return 0;
    }
    static struct source src[MAX_PIPES];
    uint32_t n = 0;
    int64_t parent = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (strcmp(a, "--id") == 0)
            (void)arg_u64(prog, a, v, 0, MAX_PIPES - 1); /* for ps and messages: the parent knows it */
        else if (strcmp(a, "--parent-pid") == 0)
            parent = (int64_t)arg_u64(prog, a, v, 1, INT_MAX);
        else if (strcmp(a, "--miners") == 0 && n == 0)
            n = parse_miners(v, src);
        else
            usage();
    }
    if (n == 0 || parent < 0)
        usage();
    /* Dies with the parent (its spawning thread), even if the parent died before prctl. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        die("prctl(PR_SET_PDEATHSIG)");
    if (getppid() != (pid_t)parent)
        return 1;
    run(src, n);
}

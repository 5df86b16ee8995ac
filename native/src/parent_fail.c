/* Failure: the message (on stderr, and with --serve as the `error` answer on stdout), every
 * miner killed and reaped, everything released, exit 1. And the round's deadline. */
#include "coin.h"
#include "coinio.h"
#include "parent.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void release_all(struct parent *p)
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

/* --serve: the message as the answer to the command that failed, one line: "error MESSAGE\n". */
static size_t error_line(char *line, size_t cap, const char *fmt, va_list ap)
{
    int n = vsnprintf(line + 6, cap - 7, fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n < cap - 7 ? (size_t)n : cap - 8;
    memcpy(line, "error ", 6);
    len += 6;
    for (size_t k = 6; k < len; k++)
        if (line[k] == '\n' || line[k] == '\r')
            line[k] = ' ';
    line[len++] = '\n';
    return len;
}

void kill_all(struct parent *p)
{
    for (uint32_t i = 0; i < p->spawned; i++)
        if (p->m[i].pid > 0)
            kill(p->m[i].pid, SIGKILL);
}

_Noreturn void parent_fail(struct parent *p, const char *fmt, ...)
{
    fflush(stdout);
    va_list ap;
    va_start(ap, fmt);
    /* --serve: the same message is the answer to the command that failed, one line on stdout,
     * sent once the miners are killed and reaped (so whoever reads it finds them gone). */
    char line[2048];
    size_t len = 0;
    if (p && p->serving) {
        va_list aq;
        va_copy(aq, ap);
        len = error_line(line, sizeof line, fmt, aq);
        va_end(aq);
    }
    fprintf(stderr, "%s: ", PROG);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (p) {
        kill_all(p);
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

void *xmalloc(struct parent *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    if (!q)
        parent_fail(p, "out of memory: malloc(%zu)", n);
    return q;
}

void *xcalloc(struct parent *p, size_t n, size_t size)
{
    void *q = calloc(n ? n : 1, size ? size : 1);
    if (!q)
        parent_fail(p, "out of memory");
    return q;
}

const char *what_round(const struct parent *p, char *buf, size_t len)
{
    if (p->stream)
        snprintf(buf, len, "stream");
    else
        snprintf(buf, len, "round %" PRIu64, p->round);
    return buf;
}

/* Its pipe ended, so it is exiting: wait a bounded time for it. Reaped: its pid negated. */
static void await_exit(struct miner *m)
{
    for (int tries = 0; m->pid > 0 && tries < 2000; tries++) {
        pid_t r = waitpid(m->pid, &m->status, WNOHANG);
        if (r == m->pid || (r < 0 && errno == ECHILD)) {
            m->pid = -m->pid; /* reaped: keep the pid for the message */
            break;
        }
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
}

void how_status_ended(int status, char *how, size_t len)
{
    if (WIFSIGNALED(status))
        snprintf(how, len, "was killed by signal %d (SIG%s)", WTERMSIG(status),
                 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
    else if (WIFEXITED(status))
        snprintf(how, len, "exited with status %d", WEXITSTATUS(status));
    else
        snprintf(how, len, "ended (wait status %d)", status);
}

/* How it ended, from its wait status (or that it has not). */
static void how_it_ended(const struct miner *m, char *how, size_t len)
{
    if (m->pid > 0)
        snprintf(how, len, "closed its coin pipe but has not exited");
    else
        how_status_ended(m->status, how, len);
}

_Noreturn void miner_lost(struct parent *p, struct miner *m)
{
    await_exit(m);
    pid_t pid = m->pid < 0 ? -m->pid : m->pid;
    if (m->pid < 0)
        m->pid = 0;
    char how[128], when[32], what[160];
    how_it_ended(m, how, sizeof how);
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
    COUNT(p, other);
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

/* BindingBenchmark's C side: n system calls in a loop, timed with no binding in the way
 * (include/callbench.h). */
#include "callbench.h"

#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* One call; 0 when it did what it should, else the negative value cc_call_loop returns. */
static int one_call(int kind, int fd, uint32_t *word, char *buf) {
    switch (kind) {
    case CC_READ_EAGAIN: {
        ssize_t r = read(fd, buf, 64);
        return r >= 0 ? -EPROTO : errno == EAGAIN ? 0 : -errno;
    }
    case CC_FUTEX_WAKE: {
        /* not FUTEX_PRIVATE: the word is in shared memory, as the ring's doorbell is */
        long r = syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
        return r == 0 ? 0 : r > 0 ? -EPROTO : -errno;
    }
    case CC_POLL_0: {
        struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
        int r = poll(&p, 1, 0);
        return r == 0 ? 0 : r > 0 ? -EPROTO : -errno;
    }
    default:
        return -EINVAL;
    }
}

long long cc_call_loop(int kind, int fd, uint32_t *word, long n) {
    char buf[64];
    if (n < 1 || word == NULL || kind < CC_READ_EAGAIN || kind > CC_POLL_0) {
        return -EINVAL;
    }
    long long t0 = now_ns();
    for (long i = 0; i < n; i++) {
        int bad = one_call(kind, fd, word, buf);
        if (bad != 0) {
            return bad;
        }
    }
    return now_ns() - t0;
}

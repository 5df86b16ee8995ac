/* BindingBenchmark's C side (libchaching.so): the same system calls the JVM parent makes through
 * its binding, made here with none, so the JVM's "ns a call" has a floor to be read against. */
#ifndef CHACHING_CALLBENCH_H
#define CHACHING_CALLBENCH_H

#include <stdint.h>

/* The calls, as BindingBenchmark's @Param call names them. */
enum cc_call {
    CC_READ_EAGAIN = 0, /* read(fd, buf, 64) on an empty O_NONBLOCK pipe: -1, errno EAGAIN */
    CC_FUTEX_WAKE = 1,  /* futex(word, FUTEX_WAKE, 1) with no waiter: 0 woken */
    CC_POLL_0 = 2       /* poll({fd, POLLIN}, 1, 0) on an empty pipe: 0 ready */
};

/* Makes `n` calls of `kind` one after another (fd: the pipe's read end; word: the futex word) and
 * returns the nanoseconds they took (CLOCK_MONOTONIC), or a negative value when one behaved
 * otherwise: -errno of a call that failed unexpectedly, -EPROTO for one that succeeded where it
 * should not have (data in the pipe, a waiter woken, an fd ready), -EINVAL for an unknown kind,
 * n < 1 or a NULL word. */
long long cc_call_loop(int kind, int fd, uint32_t *word, long n);

#endif

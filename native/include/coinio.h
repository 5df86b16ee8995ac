/* Whole-record I/O on pipes, the clock every timestamp uses, and the integer options every
 * program parses. */
#ifndef CHACHING_COINIO_H
#define CHACHING_COINIO_H

#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in ns: what System.nanoTime() reads on Linux, so C and Java stamps compare. */
uint64_t now_ns(void);

/* Reads exactly len bytes, retrying short reads and EINTR. Returns len, 0 on EOF before any
 * byte, -1 on error or EOF inside the record (errno set; EPIPE for a torn record). */
long read_full(int fd, void *buf, size_t len);

/* Writes exactly len bytes, retrying short writes and EINTR. Returns 0 or -1 (errno set). */
int write_full(int fd, const void *buf, size_t len);

/* The payload checksum of coin.h (PAYLOAD_MIX). */
uint64_t payload_checksum(const uint8_t *p, uint32_t len);

/* An integer option in min..max, ASCII digits only, or one line on stderr and exit 2 (the usage
 * status of every program here), worded as the Java side words it: `PROG: FLAG must be an
 * integer in MIN..MAX, not 'S'`, or `PROG: FLAG must be in MIN..MAX: FLAG=S`. */
uint64_t arg_u64(const char *prog, const char *flag, const char *s, uint64_t min, uint64_t max);

#endif

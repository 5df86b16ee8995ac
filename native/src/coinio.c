#include "coinio.h"
#include "coin.h"

#include <string.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

long read_full(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n > 0) {
            got += (size_t)n;
        } else if (n == 0) {
            if (got == 0)
                return 0;
            errno = EPIPE;
            return -1;
        } else if (errno != EINTR) {
            return -1;
        }
    }
    return (long)got;
}

int write_full(int fd, const void *buf, size_t len)
{
    size_t put = 0;
    while (put < len) {
        ssize_t n = write(fd, (const char *)buf + put, len - put);
        if (n >= 0)
            put += (size_t)n;
        else if (errno != EINTR)
            return -1;
    }
    return 0;
}

uint64_t payload_checksum(const uint8_t *p, uint32_t len)
{
    uint64_t sum = 0, i = 0;
    for (; (i + 1) * 8 <= len; i++) {
        uint64_t w;
        memcpy(&w, p + i * 8, 8);
        sum += w ^ (i * PAYLOAD_MIX);
    }
    if (i * 8 < len) {
        uint64_t w = 0;
        memcpy(&w, p + i * 8, len - i * 8);
        sum += w ^ (i * PAYLOAD_MIX);
    }
    return sum;
}

uint64_t arg_u64(const char *prog, const char *flag, const char *s, uint64_t min, uint64_t max)
{
    /* ASCII digits with an optional minus sign, as the Java side reads them (io.chaching.args.Spec):
     * strtoull alone would take a leading space or '+' */
    const char *d = s[0] == '-' ? s + 1 : s;
    int digits = *d != '\0';
    for (const char *c = d; *c; c++)
        digits &= *c >= '0' && *c <= '9';
    errno = 0;
    unsigned long long v = digits ? strtoull(d, NULL, 10) : 0;
    if (!digits || errno == ERANGE) {
        fprintf(stderr, "%s: %s must be an integer in %" PRIu64 "..%" PRIu64 ", not '%s'\n", prog, flag, min, max, s);
        exit(2);
    }
    if ((s[0] == '-' && v != 0) || v < min || v > max) {
        fprintf(stderr, "%s: %s must be in %" PRIu64 "..%" PRIu64 ": %s=%s\n", prog, flag, min, max, flag, s);
        exit(2);
    }
    return v;
}

/* Single-threaded SHA-512 throughput per kernel.
 *
 *   sha512bench [--kernel NAME] [--seconds S] [--coin] [--zeroes] [--digests [--batch N]]
 *
 * Default mode: SHA-512 of 64-byte messages, the work `openssl speed -bytes 64 sha512`
 * measures, through sha512_one_block_lanes. --coin and --zeroes measure the two searches
 * instead (candidates per second, in chunks like the miners use). --digests measures full coin
 * digests: coin_digests (one miner's consecutive nonces) and coin_digests_of (a miner and a
 * nonce per coin), N coins a call (default 1024; a parent verifying what one read brings
 * calls it with fewer), and, as what they replace, coin_message + the one-shot sha512() per
 * coin (kernel-independent, so only with the portable kernel).
 *
 * Each line gives mhash_per_s over the wall clock and cpu_mhash_per_s over the thread's CPU
 * time: on a shared machine the second is the rate of the core while the bench had it. */
#include "sha512.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MSG_LEN 64
#define BATCH 1024    /* messages per call: 64 KiB in, 64 KiB out, stays in L2 */
#define CHUNK 65536u  /* candidates per search call */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum mode { MODE_64, MODE_COIN, MODE_ZEROES, MODE_DIGESTS, MODE_DIGESTS_OF, MODE_ONESHOT, MODE_COUNT };

static const char *const mode_names[MODE_COUNT] = {"sha512-64B", "coin", "zeroes", "coin_digests",
                                                   "coin_digests_of", "coin-oneshot"};

struct rate {
    double wall, cpu; /* M hashes/s */
};

static struct rate run(enum mode mode, double seconds, size_t batch, uint64_t *sink)
{
    static uint8_t msgs[BATCH * MSG_LEN], digests[BATCH * SHA512_DIGEST_LENGTH];
    static uint32_t miners[BATCH];
    static uint64_t nonces[BATCH];
    for (size_t i = 0; i < sizeof msgs; i++)
        msgs[i] = (uint8_t)(i * 131 + 7);
    for (size_t i = 0; i < BATCH; i++) {
        /* what a parent receives from 16 miners, each counting up its own nonces */
        miners[i] = (uint32_t)(i % 16);
        nonces[i] = i / 16;
    }
    uint64_t hashes = 0, next = 0;
    double t0 = now(), t = t0, c0 = cpu_now();
    while (t - t0 < seconds) {
        /* Several calls between clock reads so the clock is not part of what is timed. */
        for (int rep = 0; rep < 8; rep++) {
            uint64_t found;
            uint8_t d[SHA512_DIGEST_LENGTH];
            switch (mode) {
            case MODE_64:
                sha512_one_block_lanes(msgs, MSG_LEN, BATCH, digests);
                msgs[rep] ^= digests[rep]; /* next batch differs */
                hashes += BATCH;
                break;
            case MODE_COIN:
                /* 64 bits: practically never found, so every call does the whole chunk. */
                if (coin_search(0x0123456789abcdefULL, 7, 3, 64, next, CHUNK, &found, d))
                    *sink ^= found;
                next += CHUNK;
                hashes += CHUNK;
                break;
            case MODE_ZEROES:
                if (zeroes_search(16, next, CHUNK, &found, d))
                    *sink ^= found;
                next += CHUNK;
                hashes += CHUNK;
                break;
            case MODE_DIGESTS:
                coin_digests(0x0123456789abcdefULL, 7, 3, next, batch, digests);
                *sink ^= digests[rep];
                next += batch;
                hashes += batch;
                break;
            case MODE_DIGESTS_OF:
                coin_digests_of(0x0123456789abcdefULL, 7, miners, nonces, batch, digests);
                *sink ^= digests[rep];
                nonces[0] += batch; /* next batch differs */
                hashes += batch;
                break;
            case MODE_ONESHOT:
                for (size_t i = 0; i < batch; i++) {
                    uint8_t m[COIN_MESSAGE_LENGTH];
                    coin_message(0x0123456789abcdefULL, 7, 3, next + i, m);
                    sha512(m, sizeof m, digests + i * SHA512_DIGEST_LENGTH);
                }
                *sink ^= digests[rep];
                next += batch;
                hashes += batch;
                break;
            default:
                break;
            }
        }
        t = now();
    }
    double c = cpu_now();
    *sink ^= digests[0];
    return (struct rate){(double)hashes / (t - t0) / 1e6, (double)hashes / (c - c0) / 1e6};
}

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [--kernel portable|avx2|avx512] [--seconds S] [--coin] [--zeroes] "
            "[--digests [--batch N]]\n",
            argv0);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *only = NULL;
    double seconds = 2.0;
    long batch = BATCH;
    int want[MODE_COUNT] = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kernel") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--coin") == 0)
            want[MODE_COIN] = 1;
        else if (strcmp(argv[i], "--zeroes") == 0)
            want[MODE_ZEROES] = 1;
        else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc)
            batch = atol(argv[++i]);
        else if (strcmp(argv[i], "--digests") == 0)
            want[MODE_DIGESTS] = want[MODE_DIGESTS_OF] = want[MODE_ONESHOT] = 1;
        else
            usage(argv[0]);
    }
    if (!want[MODE_COIN] && !want[MODE_ZEROES] && !want[MODE_DIGESTS])
        want[MODE_64] = 1;
    if (seconds <= 0 || batch < 1 || batch > BATCH)
        usage(argv[0]);
    if (only && sha512_set_kernel(only) != 0) {
        fprintf(stderr, "%s: kernel %s is unknown or not supported by this CPU\n", argv[0], only);
        return 1;
    }

    uint64_t sink = 0;
    for (int id = 0; id < SHA512_KERNEL_COUNT; id++) {
        const char *name = sha512_kernel_name(id);
        if (only ? strcmp(only, name) != 0 : !sha512_kernel_supported(id))
            continue;
        sha512_set_kernel(name);
        for (int m = 0; m < MODE_COUNT; m++) {
            if (!want[m] || (m == MODE_ONESHOT && id != SHA512_KERNEL_PORTABLE))
                continue;
            struct rate rate = run((enum mode)m, seconds, (size_t)batch, &sink);
            printf("kernel=%s lanes=%u mode=%s", name, sha512_kernel_lanes(id), mode_names[m]);
            if (m >= MODE_DIGESTS)
                printf(" batch=%ld", batch);
            printf(" mhash_per_s=%.2f cpu_mhash_per_s=%.2f\n", rate.wall, rate.cpu);
            fflush(stdout);
        }
    }
    return sink == 0x5eed ? 3 : 0; /* keeps the results live */
}

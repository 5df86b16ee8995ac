/* Portable SHA-512 (FIPS 180-4), the coin message layout and the choice of search kernel.
 * The multi-lane kernels and the searches themselves are in sha512_lanes.c. */
#include "sha512.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const uint64_t sha512_K[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

const uint64_t sha512_IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static inline uint64_t rotr64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

/* Byte-wise so it is right on either endianness; gcc turns it into a load + bswap. */
static inline uint64_t load_be64(const uint8_t *p)
{
    return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
           (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
           (uint64_t)p[6] << 8 | (uint64_t)p[7];
}

static inline void store_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

static void compress(uint64_t st[8], const uint8_t block[128])
{
    uint64_t w[80];
    for (int t = 0; t < 16; t++)
        w[t] = load_be64(block + 8 * t);
    for (int t = 16; t < 80; t++) {
        uint64_t s0 = rotr64(w[t - 15], 1) ^ rotr64(w[t - 15], 8) ^ (w[t - 15] >> 7);
        uint64_t s1 = rotr64(w[t - 2], 19) ^ rotr64(w[t - 2], 61) ^ (w[t - 2] >> 6);
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    uint64_t a = st[0], b = st[1], c = st[2], d = st[3];
    uint64_t e = st[4], f = st[5], g = st[6], h = st[7];
    for (int t = 0; t < 80; t++) {
        uint64_t t1 = h + (rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41)) +
                      (((f ^ g) & e) ^ g) + sha512_K[t] + w[t];
        uint64_t t2 = (rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39)) +
                      (((a ^ b) & (b ^ c)) ^ b);
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
    st[4] += e;
    st[5] += f;
    st[6] += g;
    st[7] += h;
}

void sha512(const void *msg, size_t len, uint8_t out[SHA512_DIGEST_LENGTH])
{
    const uint8_t *p = msg;
    uint64_t st[8];
    memcpy(st, sha512_IV, sizeof st);
    size_t left = len;
    for (; left >= 128; left -= 128, p += 128)
        compress(st, p);

    /* The tail, 0x80 and the 128-bit bit length take one block, or two if the tail leaves
     * fewer than 17 bytes. */
    uint8_t tail[256] = {0};
    if (left)
        memcpy(tail, p, left);
    tail[left] = 0x80;
    size_t blocks = left < 112 ? 1 : 2;
    uint8_t *end = tail + 128 * blocks;
    store_be64(end - 16, (uint64_t)len >> 61);
    store_be64(end - 8, (uint64_t)len << 3);
    for (size_t i = 0; i < blocks; i++)
        compress(st, tail + 128 * i);

    for (int i = 0; i < 8; i++)
        store_be64(out + 8 * i, st[i]);
}

unsigned sha512_leading_zero_bits(const uint8_t digest[SHA512_DIGEST_LENGTH])
{
    for (unsigned i = 0; i < 8; i++) {
        uint64_t w = load_be64(digest + 8 * i);
        if (w)
            return 64 * i + (unsigned)__builtin_clzll(w);
    }
    return 512;
}

void coin_message(uint64_t seed, uint64_t round, uint32_t miner, uint64_t nonce,
                  uint8_t out[COIN_MESSAGE_LENGTH])
{
    const uint64_t f[4] = {seed, round, miner, nonce};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            out[8 * i + j] = (uint8_t)(f[i] >> (8 * j));
}

/* ---- kernel choice ---- */

static const char *const kernel_names[SHA512_KERNEL_COUNT] = {"portable", "avx2", "avx512"};

const char *sha512_kernel_name(int id)
{
    return id >= 0 && id < SHA512_KERNEL_COUNT ? kernel_names[id] : NULL;
}

int sha512_kernel_supported(int id)
{
    switch (id) {
    case SHA512_KERNEL_PORTABLE:
        return 1;
#if defined(__x86_64__) || defined(__i386__)
    /* __builtin_cpu_supports also checks that the OS saves the ymm/zmm state (XCR0). The
     * AVX-512 kernel is compiled for exactly these four extensions. */
    case SHA512_KERNEL_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
    case SHA512_KERNEL_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
#endif
    default:
        return 0;
    }
}

static int kernel_by_name(const char *name)
{
    for (int id = 0; id < SHA512_KERNEL_COUNT; id++)
        if (strcmp(name, kernel_names[id]) == 0)
            return id;
    return -1;
}

/* -1 until first use. Threads racing on the first use compute the same answer, so a
 * relaxed atomic is enough. */
static atomic_int current_kernel = -1;

static int pick_kernel(void)
{
    const char *forced = getenv("CHACHING_SHA512");
    if (forced && *forced) {
        int id = kernel_by_name(forced);
        if (id >= 0 && sha512_kernel_supported(id))
            return id;
        /* A typo or a CPU without the forced kernel must not silently change what a test or
         * benchmark measures without saying so. */
        fprintf(stderr, "sha512: CHACHING_SHA512=%s is %s; using the best available kernel\n",
                forced, id < 0 ? "unknown" : "not supported by this CPU");
    }
    for (int id = SHA512_KERNEL_COUNT - 1; id > 0; id--)
        if (sha512_kernel_supported(id))
            return id;
    return SHA512_KERNEL_PORTABLE;
}

int sha512_kernel_current(void)
{
    int id = atomic_load_explicit(&current_kernel, memory_order_relaxed);
    if (id < 0) {
        id = pick_kernel();
        atomic_store_explicit(&current_kernel, id, memory_order_relaxed);
    }
    return id;
}

const char *sha512_kernel(void) { return kernel_names[sha512_kernel_current()]; }

int sha512_set_kernel(const char *name)
{
    int id = name ? kernel_by_name(name) : -1;
    if (id < 0 || !sha512_kernel_supported(id))
        return -1;
    atomic_store_explicit(&current_kernel, id, memory_order_relaxed);
    return 0;
}

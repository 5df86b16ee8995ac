/* Multi-lane SHA-512 kernels, the two searches built on them, and full coin digests in
 * batches (coin_digests, coin_digests_of).
 *
 * One kernel template (the #else branch at the bottom of this file) is instantiated per
 * instruction set by including this file into itself with PFX/V/LANES/ATTR defined: V is
 * the type holding one 64-bit word of LANES messages, and PFX_add, PFX_bsig0, ... are its
 * operations. That keeps the portable, AVX2 and AVX-512 kernels the same code, so they
 * cannot drift apart, while each is compiled with its own target attribute (the Makefile
 * compiles for baseline x86-64; the wide kernels are only called after
 * __builtin_cpu_supports said yes).
 *
 * The searches only ever hash one-block messages with many words known to be zero or
 * constant, so the template's core takes compile-time masks of those words: the zero ones
 * drop out of the message schedule, and precomputed constants are not recomputed. The coin
 * digests run the same core as the coin search, then add the IV and store all 8 words.
 */
#ifndef SHA512_LANES_TEMPLATE

#include "sha512.h"

#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SHA512_X86 1
#endif

#define ALWAYS_INLINE inline __attribute__((always_inline))
#define CAT2(a, b) a##_##b
#define CAT(a, b) CAT2(a, b)

static ALWAYS_INLINE uint64_t rotr64(uint64_t x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

static ALWAYS_INLINE uint64_t load_be64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static ALWAYS_INLINE void store_be64(uint8_t *p, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, 8);
}

static ALWAYS_INLINE uint64_t ssig0_1(uint64_t x) { return rotr64(x, 1) ^ rotr64(x, 8) ^ (x >> 7); }
static ALWAYS_INLINE uint64_t ssig1_1(uint64_t x) { return rotr64(x, 19) ^ rotr64(x, 61) ^ (x >> 6); }

/* What a coin search call shares across all its nonces. The coin message is seed | round |
 * miner | nonce | 0x80 | zeros | bit length 256, so W0..W2 are constant, W3 is the nonce,
 * W4 and W15 are padding constants, W5..W14 are zero; rounds 0..2 and W16, W17 do not
 * depend on the nonce and are done once here. Coins of many miners (coin_digests_of) share
 * only seed and round: rounds 0..1 and W16 (W17 and round 2 read the miner's W2). */
struct coin_pre {
    uint64_t w[18]; /* w[3] unused */
    uint64_t s2[8]; /* working variables a..h entering round 2 */
    uint64_t s3[8]; /* working variables a..h entering round 3 */
};
#define COIN_ZERO_WORDS 0x7fe0u       /* W5..W14 */
#define COIN_PRECOMPUTED 0x3u         /* W16, W17 */
#define COIN_SHARED_PRECOMPUTED 0x1u  /* W16: of seed and round alone */
#define COIN_FIRST_ROUND 3

static void coin_prepare(struct coin_pre *cp, uint64_t seed, uint64_t round, uint32_t miner)
{
    /* Fields are little-endian in the message and words are big-endian, hence the swaps. */
    uint64_t *w = cp->w;
    memset(w, 0, sizeof cp->w);
    w[0] = __builtin_bswap64(seed);
    w[1] = __builtin_bswap64(round);
    w[2] = __builtin_bswap64((uint64_t)miner);
    w[4] = 0x8000000000000000ULL;
    w[15] = 8 * COIN_MESSAGE_LENGTH;
    w[16] = ssig1_1(w[14]) + w[9] + ssig0_1(w[1]) + w[0];
    w[17] = ssig1_1(w[15]) + w[10] + ssig0_1(w[2]) + w[1];

    uint64_t a = sha512_IV[0], b = sha512_IV[1], c = sha512_IV[2], d = sha512_IV[3];
    uint64_t e = sha512_IV[4], f = sha512_IV[5], g = sha512_IV[6], h = sha512_IV[7];
    for (int t = 0; t < COIN_FIRST_ROUND; t++) {
        if (t == COIN_FIRST_ROUND - 1) {
            const uint64_t s2[8] = {a, b, c, d, e, f, g, h};
            memcpy(cp->s2, s2, sizeof s2);
        }
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
    const uint64_t s[8] = {a, b, c, d, e, f, g, h};
    memcpy(cp->s3, s, sizeof s);
}

/* The zeroes search's message is the decimal string of the candidate, at most 20 digits,
 * so with its 0x80 it sits in W0..W2; W3..W14 are zero and W15 is the bit length. */
#define ZEROES_ZERO_WORDS 0x7ff8u /* W3..W14 */

/* An ASCII decimal counter kept directly as the big-endian message words, so that the
 * common step (last digit is not 9) is one add to one word, with no byte stores that the
 * next word load would have to wait for. */
struct decimal {
    uint64_t w[3];
    unsigned len;   /* digits */
    unsigned lastw; /* word holding the last digit */
    unsigned shift; /* bit position of the last digit in that word */
};

static void decimal_set_len(struct decimal *c, uint8_t buf[24], unsigned len)
{
    buf[len] = 0x80;
    memset(buf + len + 1, 0, 24 - len - 1);
    c->len = len;
    c->lastw = (len - 1) / 8;
    c->shift = 8 * (7 - (len - 1) % 8);
    for (int i = 0; i < 3; i++)
        c->w[i] = load_be64(buf + 8 * i);
}

static void decimal_init(struct decimal *c, uint64_t v)
{
    char tmp[21];
    unsigned n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    uint8_t buf[24];
    for (unsigned i = 0; i < n; i++)
        buf[i] = (uint8_t)tmp[n - 1 - i];
    decimal_set_len(c, buf, n);
}

/* The one step in ten that carries. */
static __attribute__((noinline)) void decimal_carry(struct decimal *c)
{
    uint8_t buf[24];
    for (int i = 0; i < 3; i++)
        store_be64(buf + 8 * i, c->w[i]);
    int i = (int)c->len - 1;
    while (i >= 0 && buf[i] == '9')
        buf[i--] = '0';
    if (i >= 0) {
        buf[i]++;
        decimal_set_len(c, buf, c->len);
    } else {
        /* 99..9 + 1: one digit more. Cannot pass 21 digits: UINT64_MAX has 20 and is not
         * all nines. */
        buf[0] = '1';
        buf[c->len] = '0';
        decimal_set_len(c, buf, c->len + 1);
    }
}

static ALWAYS_INLINE void decimal_next(struct decimal *c)
{
    if (((c->w[c->lastw] >> c->shift) & 0xff) != '9')
        c->w[c->lastw] += (uint64_t)1 << c->shift;
    else
        decimal_carry(c);
}

/* ---- portable: one lane, plain C ---- */

typedef uint64_t p1_v;
static ALWAYS_INLINE p1_v p1_set1(uint64_t x) { return x; }
static ALWAYS_INLINE p1_v p1_load(const uint64_t *p) { return p[0]; }
static ALWAYS_INLINE void p1_store(uint64_t *p, p1_v v) { p[0] = v; }
static ALWAYS_INLINE p1_v p1_add(p1_v a, p1_v b) { return a + b; }
static ALWAYS_INLINE p1_v p1_bsig0(p1_v x) { return rotr64(x, 28) ^ rotr64(x, 34) ^ rotr64(x, 39); }
static ALWAYS_INLINE p1_v p1_bsig1(p1_v x) { return rotr64(x, 14) ^ rotr64(x, 18) ^ rotr64(x, 41); }
static ALWAYS_INLINE p1_v p1_ssig0(p1_v x) { return ssig0_1(x); }
static ALWAYS_INLINE p1_v p1_ssig1(p1_v x) { return ssig1_1(x); }
static ALWAYS_INLINE p1_v p1_ch(p1_v e, p1_v f, p1_v g) { return ((f ^ g) & e) ^ g; }
/* (a^b) here is the next round's (b^c), which the compiler reuses once unrolled. */
static ALWAYS_INLINE p1_v p1_maj(p1_v a, p1_v b, p1_v c) { return ((a ^ b) & (b ^ c)) ^ b; }
static ALWAYS_INLINE unsigned p1_lemask(p1_v x, uint64_t lim) { return x <= lim; }

#ifdef SHA512_X86

/* ---- AVX2: four lanes; no vector rotate, so rotations are two shifts ---- */

#define ATTR_AVX2 __attribute__((target("avx2")))
typedef __m256i a2_v;
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_set1(uint64_t x) { return _mm256_set1_epi64x((long long)x); }
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_load(const uint64_t *p)
{
    return _mm256_loadu_si256((const __m256i *)p);
}
static ALWAYS_INLINE ATTR_AVX2 void a2_store(uint64_t *p, a2_v v)
{
    _mm256_storeu_si256((__m256i *)p, v);
}
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_add(a2_v a, a2_v b) { return _mm256_add_epi64(a, b); }
#define A2_ROR(x, n) _mm256_or_si256(_mm256_srli_epi64(x, n), _mm256_slli_epi64(x, 64 - (n)))
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_xor3(a2_v a, a2_v b, a2_v c)
{
    return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_bsig0(a2_v x)
{
    return a2_xor3(A2_ROR(x, 28), A2_ROR(x, 34), A2_ROR(x, 39));
}
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_bsig1(a2_v x)
{
    return a2_xor3(A2_ROR(x, 14), A2_ROR(x, 18), A2_ROR(x, 41));
}
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_ssig0(a2_v x)
{
    /* A byte rotation is one shuffle instead of two shifts and an or. */
    const __m256i ror8 = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
                                          1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);
    return a2_xor3(A2_ROR(x, 1), _mm256_shuffle_epi8(x, ror8), _mm256_srli_epi64(x, 7));
}
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_ssig1(a2_v x)
{
    return a2_xor3(A2_ROR(x, 19), A2_ROR(x, 61), _mm256_srli_epi64(x, 6));
}
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_ch(a2_v e, a2_v f, a2_v g)
{
    return _mm256_xor_si256(_mm256_and_si256(_mm256_xor_si256(f, g), e), g);
}
static ALWAYS_INLINE ATTR_AVX2 a2_v a2_maj(a2_v a, a2_v b, a2_v c)
{
    return _mm256_xor_si256(_mm256_and_si256(_mm256_xor_si256(a, b), _mm256_xor_si256(b, c)), b);
}
static ALWAYS_INLINE ATTR_AVX2 unsigned a2_lemask(a2_v x, uint64_t lim)
{
    /* No unsigned 64-bit compare before AVX-512: flip the sign bits and compare signed. */
    const __m256i sign = _mm256_set1_epi64x((long long)0x8000000000000000ULL);
    __m256i gt = _mm256_cmpgt_epi64(_mm256_xor_si256(x, sign),
                                    _mm256_xor_si256(a2_set1(lim), sign));
    return ~(unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(gt)) & 0xfu;
}

/* ---- AVX-512: eight lanes; vprorq rotates, vpternlogq does Ch, Maj and 3-way xors ---- */

#define ATTR_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))
typedef __m512i a5_v;
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_set1(uint64_t x) { return _mm512_set1_epi64((long long)x); }
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_load(const uint64_t *p) { return _mm512_loadu_si512(p); }
static ALWAYS_INLINE ATTR_AVX512 void a5_store(uint64_t *p, a5_v v) { _mm512_storeu_si512(p, v); }
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_add(a5_v a, a5_v b) { return _mm512_add_epi64(a, b); }
#define A5_XOR3(a, b, c) _mm512_ternarylogic_epi64(a, b, c, 0x96)
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_bsig0(a5_v x)
{
    return A5_XOR3(_mm512_ror_epi64(x, 28), _mm512_ror_epi64(x, 34), _mm512_ror_epi64(x, 39));
}
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_bsig1(a5_v x)
{
    return A5_XOR3(_mm512_ror_epi64(x, 14), _mm512_ror_epi64(x, 18), _mm512_ror_epi64(x, 41));
}
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_ssig0(a5_v x)
{
    return A5_XOR3(_mm512_ror_epi64(x, 1), _mm512_ror_epi64(x, 8), _mm512_srli_epi64(x, 7));
}
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_ssig1(a5_v x)
{
    return A5_XOR3(_mm512_ror_epi64(x, 19), _mm512_ror_epi64(x, 61), _mm512_srli_epi64(x, 6));
}
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_ch(a5_v e, a5_v f, a5_v g)
{
    return _mm512_ternarylogic_epi64(e, f, g, 0xca); /* e ? f : g */
}
static ALWAYS_INLINE ATTR_AVX512 a5_v a5_maj(a5_v a, a5_v b, a5_v c)
{
    return _mm512_ternarylogic_epi64(a, b, c, 0xe8); /* majority */
}
static ALWAYS_INLINE ATTR_AVX512 unsigned a5_lemask(a5_v x, uint64_t lim)
{
    return _mm512_cmple_epu64_mask(x, a5_set1(lim));
}

#endif /* SHA512_X86 */

/* ---- two independent groups interleaved: each group's rounds are one long dependency
 * chain, and eight-lane AVX-512 alone leaves execution units idle waiting on it ---- */

#define DEFINE_PAIR(P, X, XLANES, XATTR)                                                   \
    typedef struct {                                                                       \
        X##_v lo, hi;                                                                      \
    } P##_v;                                                                               \
    static ALWAYS_INLINE XATTR P##_v P##_set1(uint64_t x)                                 \
    {                                                                                      \
        return (P##_v){X##_set1(x), X##_set1(x)};                                          \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_load(const uint64_t *p)                          \
    {                                                                                      \
        return (P##_v){X##_load(p), X##_load(p + XLANES)};                                 \
    }                                                                                      \
    static ALWAYS_INLINE XATTR void P##_store(uint64_t *p, P##_v v)                       \
    {                                                                                      \
        X##_store(p, v.lo);                                                                \
        X##_store(p + XLANES, v.hi);                                                       \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_add(P##_v a, P##_v b)                            \
    {                                                                                      \
        return (P##_v){X##_add(a.lo, b.lo), X##_add(a.hi, b.hi)};                          \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_bsig0(P##_v x)                                   \
    {                                                                                      \
        return (P##_v){X##_bsig0(x.lo), X##_bsig0(x.hi)};                                  \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_bsig1(P##_v x)                                   \
    {                                                                                      \
        return (P##_v){X##_bsig1(x.lo), X##_bsig1(x.hi)};                                  \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_ssig0(P##_v x)                                   \
    {                                                                                      \
        return (P##_v){X##_ssig0(x.lo), X##_ssig0(x.hi)};                                  \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_ssig1(P##_v x)                                   \
    {                                                                                      \
        return (P##_v){X##_ssig1(x.lo), X##_ssig1(x.hi)};                                  \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_ch(P##_v e, P##_v f, P##_v g)                    \
    {                                                                                      \
        return (P##_v){X##_ch(e.lo, f.lo, g.lo), X##_ch(e.hi, f.hi, g.hi)};                \
    }                                                                                      \
    static ALWAYS_INLINE XATTR P##_v P##_maj(P##_v a, P##_v b, P##_v c)                   \
    {                                                                                      \
        return (P##_v){X##_maj(a.lo, b.lo, c.lo), X##_maj(a.hi, b.hi, c.hi)};              \
    }                                                                                      \
    static ALWAYS_INLINE XATTR unsigned P##_lemask(P##_v x, uint64_t lim)                 \
    {                                                                                      \
        return X##_lemask(x.lo, lim) | X##_lemask(x.hi, lim) << XLANES;                    \
    }

#ifdef SHA512_X86
DEFINE_PAIR(a5x2, a5, 8, ATTR_AVX512)
#endif

/* ---- instantiate the template ---- */

#define SHA512_LANES_TEMPLATE
#define PFX p1
#define V p1_v
#define LANES 1
#define ATTR
#include "sha512_lanes.c"
#undef PFX
#undef V
#undef LANES
#undef ATTR

#ifdef SHA512_X86
#define PFX a2
#define V a2_v
#define LANES 4
#define ATTR ATTR_AVX2
#include "sha512_lanes.c"
#undef PFX
#undef V
#undef LANES
#undef ATTR

/* Two interleaved groups of eight: measured ~1.6x one group here (Zen 4), while AVX2 and
 * portable lost from pairing (register spills). */
#define PFX a5x2
#define V a5x2_v
#define LANES 16
#define ATTR ATTR_AVX512
#include "sha512_lanes.c"
#undef PFX
#undef V
#undef LANES
#undef ATTR

/* One group of eight, for the coins the two groups leave over (coin_digests): on Zen 4 a batch
 * of 8 takes about 0.6 of a batch of 16. Only its digest functions are called; the compiler
 * drops the rest. */
#define PFX a5
#define V a5_v
#define LANES 8
#define ATTR ATTR_AVX512 __attribute__((unused))
#include "sha512_lanes.c"
#undef PFX
#undef V
#undef LANES
#undef ATTR
#endif

/* ---- dispatch ---- */

struct kernel_ops {
    unsigned lanes;
    int (*coin)(const struct coin_pre *cp, uint64_t start, uint64_t count, uint64_t lim,
                uint64_t *hit);
    int (*zeroes)(uint64_t start, uint64_t count, uint64_t lim, uint64_t *hit);
    void (*blocks)(const uint8_t *msgs, size_t len, size_t n, uint8_t *digests);
    void (*coin_digests)(const struct coin_pre *cp, uint64_t first, size_t n, uint8_t *out);
    void (*coin_digests_of)(const struct coin_pre *cp, const uint32_t *miner,
                            const uint64_t *nonce, size_t n, uint8_t *out);
    /* The narrower kernel that takes the coin digests left over when at most its own lanes
     * remain: a short batch costs as much as a full one, so a tail of 1 is cheaper in one
     * portable lane (0.23 us on Zen 4) than in a batch of 4 (0.39 us) or 16 (0.66 us). NULL:
     * this kernel takes them all. */
    const struct kernel_ops *tail;
};

#define KERNEL_OPS(lanes, P, tail)                                                          \
    {lanes, P##_coin, P##_zeroes, P##_blocks, P##_coin_digests, P##_coin_digests_of, tail}
static const struct kernel_ops kernels[SHA512_KERNEL_COUNT];
#ifdef SHA512_X86
static const struct kernel_ops a5_tail = {8, NULL, NULL, NULL, a5_coin_digests, a5_coin_digests_of,
                                          &kernels[SHA512_KERNEL_PORTABLE]};
#endif
static const struct kernel_ops kernels[SHA512_KERNEL_COUNT] = {
    [SHA512_KERNEL_PORTABLE] = KERNEL_OPS(1, p1, NULL),
#ifdef SHA512_X86
    [SHA512_KERNEL_AVX2] = KERNEL_OPS(4, a2, &kernels[SHA512_KERNEL_PORTABLE]),
    [SHA512_KERNEL_AVX512] = KERNEL_OPS(16, a5x2, &a5_tail),
#endif
};

static const struct kernel_ops *current_ops(void) { return &kernels[sha512_kernel_current()]; }

unsigned sha512_kernel_lanes(int id)
{
    return id >= 0 && id < SHA512_KERNEL_COUNT ? kernels[id].lanes : 0;
}

void sha512_one_block_lanes(const uint8_t *msgs, size_t len, size_t n, uint8_t *digests)
{
    if (len > 111) {
        for (size_t i = 0; i < n; i++)
            sha512(msgs + i * len, len, digests + i * SHA512_DIGEST_LENGTH);
        return;
    }
    current_ops()->blocks(msgs, len, n, digests);
}

/* How many of n coin digests kernel k does itself: all but a remainder that fits its tail. */
static size_t kernel_share(const struct kernel_ops *k, size_t n)
{
    size_t rest = n % k->lanes;
    return k->tail && rest <= k->tail->lanes ? n - rest : n;
}

void coin_digests(uint64_t seed, uint64_t round, uint32_t miner, uint64_t first, size_t count,
                  uint8_t *out)
{
    struct coin_pre cp;
    coin_prepare(&cp, seed, round, miner);
    for (const struct kernel_ops *k = current_ops(); count; k = k->tail) {
        size_t n = kernel_share(k, count);
        if (n)
            k->coin_digests(&cp, first, n, out);
        first += n;
        count -= n;
        out += n * SHA512_DIGEST_LENGTH;
    }
}

void coin_digests_of(uint64_t seed, uint64_t round, const uint32_t *miner, const uint64_t *nonce,
                     size_t count, uint8_t *out)
{
    struct coin_pre cp;
    coin_prepare(&cp, seed, round, 0); /* the miner's word is each lane's own */
    for (const struct kernel_ops *k = current_ops(); count; k = k->tail) {
        size_t n = kernel_share(k, count);
        if (n)
            k->coin_digests_of(&cp, miner, nonce, n, out);
        miner += n;
        nonce += n;
        count -= n;
        out += n * SHA512_DIGEST_LENGTH;
    }
}

/* Keeps start + count - 1 <= UINT64_MAX so the kernels never wrap. */
static uint64_t clamp_count(uint64_t start, uint64_t count)
{
    return count - 1 > UINT64_MAX - start ? UINT64_MAX - start + 1 : count;
}

/* The kernels only test the first digest word (enough for 64 bits, all that mining uses);
 * a hit is then rehashed here in full, which also yields the digest to return and covers
 * targets above 64 bits. */
static uint64_t first_word_limit(unsigned bits)
{
    return bits >= 64 ? 0 : UINT64_MAX >> bits;
}

int coin_search(uint64_t seed, uint64_t round, uint32_t miner, unsigned difficulty,
                uint64_t start, uint64_t count, uint64_t *nonce,
                uint8_t digest[SHA512_DIGEST_LENGTH])
{
    if (count == 0 || difficulty > 512)
        return 0;
    count = clamp_count(start, count);
    uint8_t msg[COIN_MESSAGE_LENGTH], d[SHA512_DIGEST_LENGTH];
    if (difficulty == 0) {
        coin_message(seed, round, miner, start, msg);
        sha512(msg, sizeof msg, digest);
        *nonce = start;
        return 1;
    }
    struct coin_pre cp;
    coin_prepare(&cp, seed, round, miner);
    const struct kernel_ops *k = current_ops();
    const uint64_t lim = first_word_limit(difficulty);
    uint64_t hit;
    while (count && k->coin(&cp, start, count, lim, &hit)) {
        coin_message(seed, round, miner, hit, msg);
        sha512(msg, sizeof msg, d);
        if (sha512_leading_zero_bits(d) >= difficulty) {
            memcpy(digest, d, sizeof d);
            *nonce = hit;
            return 1;
        }
        count -= hit - start + 1;
        start = hit + 1;
    }
    return 0;
}

int zeroes_search(unsigned zeros, uint64_t start, uint64_t count, uint64_t *found,
                  uint8_t digest[SHA512_DIGEST_LENGTH])
{
    if (count == 0 || zeros > 128)
        return 0;
    count = clamp_count(start, count);
    char msg[24];
    uint8_t d[SHA512_DIGEST_LENGTH];
    const struct kernel_ops *k = current_ops();
    const uint64_t lim = first_word_limit(4 * zeros);
    uint64_t hit = start;
    while (count && (zeros == 0 || k->zeroes(start, count, lim, &hit))) {
        int n = snprintf(msg, sizeof msg, "%llu", (unsigned long long)hit);
        sha512(msg, (size_t)n, d);
        if (sha512_leading_zero_bits(d) >= 4 * zeros) {
            memcpy(digest, d, sizeof d);
            *found = hit;
            return 1;
        }
        count -= hit - start + 1;
        start = hit + 1;
    }
    return 0;
}

#else /* SHA512_LANES_TEMPLATE: one kernel, for PFX / V / LANES / ATTR */

#define F(name) CAT(PFX, name)

/* Rounds first..79 of one block on LANES messages. s holds the working variables entering
 * round `first` and receives them after round 79 (no feed-forward). w[0..15] are the
 * message words, except those flagged in zero_words (known zero, never read); w[16..31]
 * are computed here except those flagged in precomputed (bit t-16); (callers need only 32 words).
 * The masks and `first` must be compile-time constants: rounds up to 31 (the only ones
 * whose schedule reads w[0..15]) are unrolled so the zero terms and the flags vanish.
 * Rounds 32..79 are a 16-round loop over a ring in w[16..31]: unrolling all 80 made the
 * two-group AVX-512 kernel overflow the instruction cache (18 instead of 47 M hashes/s). */
static ALWAYS_INLINE ATTR void F(core)(V s[8], V w[32], const int first,
                                       const uint32_t zero_words, const uint32_t precomputed)
{
#define IS_ZERO(i) ((i) < 16 && ((zero_words >> (i)) & 1))
    V a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    /* h + K + W is ready a round early; only Ch and Sigma1 of the new e are on the
     * critical path. */
#define ROUND(kt, wt, w_is_zero)                                                            \
    do {                                                                                    \
        V hkw = F(add)(h, F(set1)(kt));                                                     \
        if (!(w_is_zero))                                                                   \
            hkw = F(add)(hkw, wt);                                                          \
        V t1 = F(add)(F(add)(hkw, F(ch)(e, f, g)), F(bsig1)(e));                            \
        V t2 = F(add)(F(bsig0)(a), F(maj)(a, b, c));                                        \
        h = g;                                                                              \
        g = f;                                                                              \
        f = e;                                                                              \
        e = F(add)(d, t1);                                                                  \
        d = c;                                                                              \
        c = b;                                                                              \
        b = a;                                                                              \
        a = F(add)(t1, t2);                                                                 \
    } while (0)

    _Pragma("GCC unroll 32")
    for (int t = first; t < 32; t++) {
        if (t >= 16 && !((precomputed >> (t - 16)) & 1)) {
            V x = F(set1)(0);
            int any = 0;
#define SCHED_TERM(i, expr)                                                                 \
    if (!IS_ZERO(i)) {                                                                      \
        x = any ? F(add)(x, expr) : expr;                                                   \
        any = 1;                                                                            \
    }
            SCHED_TERM(t - 16, w[t - 16])
            SCHED_TERM(t - 7, w[t - 7])
            SCHED_TERM(t - 15, F(ssig0)(w[t - 15]))
            SCHED_TERM(t - 2, F(ssig1)(w[t - 2]))
#undef SCHED_TERM
            w[t] = x;
        }
        ROUND(sha512_K[t], w[t], IS_ZERO(t));
    }

    V *ring = w + 16; /* ring[j] holds w[t] for the latest t with t % 16 == j */
    _Pragma("GCC unroll 1")
    for (int base = 32; base < 80; base += 16) {
        _Pragma("GCC unroll 16")
        for (int j = 0; j < 16; j++) {
            ring[j] = F(add)(F(add)(ring[j], ring[(j + 9) & 15]),
                             F(add)(F(ssig0)(ring[(j + 1) & 15]), F(ssig1)(ring[(j + 14) & 15])));
            ROUND(sha512_K[base + j], ring[j], 0);
        }
    }
#undef ROUND
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    s[4] = e;
    s[5] = f;
    s[6] = g;
    s[7] = h;
#undef IS_ZERO
}

/* Lanes of the batch of n (<= LANES) valid candidates whose first digest word is <= lim. */
static ALWAYS_INLINE ATTR unsigned F(hits)(V a, uint64_t lim, uint64_t n)
{
    unsigned m = F(lemask)(F(add)(a, F(set1)(sha512_IV[0])), lim);
    return n < LANES ? m & ((1u << n) - 1) : m;
}

/* Stores the digests of the first k (<= LANES) lanes, back to back at digests: the working
 * variables s after round 79 plus the IV (the feed-forward of a one-block message), each word
 * big-endian. */
static ALWAYS_INLINE ATTR void F(put)(const V s[8], size_t k, uint8_t *digests)
{
    uint64_t out[8][LANES] __attribute__((aligned(64)));
    for (int i = 0; i < 8; i++)
        F(store)(out[i], F(add)(s[i], F(set1)(sha512_IV[i])));
    for (size_t i = 0; i < k; i++)
        for (int j = 0; j < 8; j++)
            store_be64(digests + i * SHA512_DIGEST_LENGTH + 8 * j, out[j][i]);
}

/* What every batch of coins shares: the message words common to all lanes (cp->w[0..15])
 * and the working variables st the lanes enter the core with. */
static ALWAYS_INLINE ATTR void F(coin_start)(const struct coin_pre *cp, const uint64_t st[8],
                                             V w[32], V s0[8])
{
    for (int i = 0; i < 16; i++)
        w[i] = F(set1)(cp->w[i]);
    for (int i = 0; i < 8; i++)
        s0[i] = F(set1)(st[i]);
}

/* One batch of cp's miner, nonces start .. start+LANES-1: the working variables after
 * round 79 into s. w and s0 from F(coin_start) with cp->s3. */
static ALWAYS_INLINE ATTR void F(coin_run)(const struct coin_pre *cp, V w[32], const V s0[8],
                                           uint64_t start, V s[8])
{
    uint64_t nonces[LANES] __attribute__((aligned(64)));
    for (unsigned i = 0; i < LANES; i++)
        nonces[i] = __builtin_bswap64(start + i);
    w[3] = F(load)(nonces);
    /* The core's ring reuses w[16..31], so the precomputed words are put back per batch. */
    w[16] = F(set1)(cp->w[16]);
    w[17] = F(set1)(cp->w[17]);
    for (int i = 0; i < 8; i++)
        s[i] = s0[i];
    F(core)(s, w, COIN_FIRST_ROUND, COIN_ZERO_WORDS, COIN_PRECOMPUTED);
}

/* First nonce in [start, start+count) whose digest's first word is <= lim. */
static ATTR int F(coin)(const struct coin_pre *cp, uint64_t start, uint64_t count, uint64_t lim,
                        uint64_t *hit)
{
    V w[32], s0[8];
    F(coin_start)(cp, cp->s3, w, s0);
    for (;;) {
        V s[8];
        F(coin_run)(cp, w, s0, start, s);
        unsigned m = F(hits)(s[0], lim, count);
        if (m) {
            *hit = start + (unsigned)__builtin_ctz(m);
            return 1;
        }
        if (count <= LANES)
            return 0;
        count -= LANES;
        start += LANES;
    }
}

/* Full digests of cp's miner's coins of nonces first .. first+n-1 (n >= 1), back to back at
 * out. The last batch may be short: all its lanes are hashed, only n are stored. */
static ATTR void F(coin_digests)(const struct coin_pre *cp, uint64_t first, size_t n, uint8_t *out)
{
    V w[32], s0[8];
    F(coin_start)(cp, cp->s3, w, s0);
    for (size_t done = 0; done < n; done += LANES) {
        V s[8];
        F(coin_run)(cp, w, s0, first + done, s);
        F(put)(s, n - done < LANES ? n - done : LANES, out + done * SHA512_DIGEST_LENGTH);
    }
}

/* Full digests of the coins (cp's seed and round, miner[i], nonce[i]) for i < n (n >= 1).
 * The miner is a lane's own here, so only rounds 0 and 1 and W16 are shared (cp->s2). */
static ATTR void F(coin_digests_of)(const struct coin_pre *cp, const uint32_t *miner,
                                    const uint64_t *nonce, size_t n, uint8_t *out)
{
    V w[32], s0[8];
    F(coin_start)(cp, cp->s2, w, s0);
    uint64_t w2[LANES] __attribute__((aligned(64))), w3[LANES] __attribute__((aligned(64)));
    for (size_t done = 0; done < n; done += LANES) {
        const size_t k = n - done < LANES ? n - done : LANES;
        for (size_t i = 0; i < LANES; i++) {
            const size_t j = done + (i < k ? i : 0); /* a short batch repeats its first coin */
            w2[i] = __builtin_bswap64((uint64_t)miner[j]);
            w3[i] = __builtin_bswap64(nonce[j]);
        }
        w[2] = F(load)(w2);
        w[3] = F(load)(w3);
        w[16] = F(set1)(cp->w[16]);
        V s[8];
        for (int i = 0; i < 8; i++)
            s[i] = s0[i];
        F(core)(s, w, COIN_FIRST_ROUND - 1, COIN_ZERO_WORDS, COIN_SHARED_PRECOMPUTED);
        F(put)(s, k, out + done * SHA512_DIGEST_LENGTH);
    }
}

/* First integer in [start, start+count) whose decimal string's digest's first word is
 * <= lim. Lanes take consecutive integers. */
static ATTR int F(zeroes)(uint64_t start, uint64_t count, uint64_t lim, uint64_t *hit)
{
    struct decimal dec;
    decimal_init(&dec, start);
    uint64_t words[4][LANES] __attribute__((aligned(64)));
    V w[32];
    for (;;) {
        for (unsigned i = 0; i < LANES; i++) {
            words[0][i] = dec.w[0];
            words[1][i] = dec.w[1];
            words[2][i] = dec.w[2];
            words[3][i] = 8 * (uint64_t)dec.len;
            decimal_next(&dec);
        }
        w[0] = F(load)(words[0]);
        w[1] = F(load)(words[1]);
        w[2] = F(load)(words[2]);
        w[15] = F(load)(words[3]);
        V s[8];
        for (int i = 0; i < 8; i++)
            s[i] = F(set1)(sha512_IV[i]);
        F(core)(s, w, 0, ZEROES_ZERO_WORDS, 0);
        unsigned m = F(hits)(s[0], lim, count);
        if (m) {
            *hit = start + (unsigned)__builtin_ctz(m);
            return 1;
        }
        if (count <= LANES)
            return 0;
        count -= LANES;
        start += LANES;
    }
}

/* Full digests of n one-block messages of len (<= 111) bytes. */
static ATTR void F(blocks)(const uint8_t *msgs, size_t len, size_t n, uint8_t *digests)
{
    /* Words past the message are padding, the same for every lane; only the word the
     * message ends in (if it ends mid-word) mixes message and padding. */
    uint8_t pad[128] = {0};
    pad[len] = 0x80;
    store_be64(pad + 120, (uint64_t)len * 8);
    const size_t full = len / 8, tail = len % 8, mixed = tail ? full + 1 : full;
    uint64_t words[16][LANES] __attribute__((aligned(64)));
    V w[32];
    for (size_t j = mixed; j < 16; j++)
        w[j] = F(set1)(load_be64(pad + 8 * j));
    for (size_t done = 0; done < n; done += LANES) {
        size_t k = n - done < LANES ? n - done : LANES;
        for (size_t i = 0; i < LANES; i++) {
            const uint8_t *m = msgs + (done + (i < k ? i : 0)) * len;
            for (size_t j = 0; j < full; j++)
                words[j][i] = load_be64(m + 8 * j);
            if (tail) {
                uint8_t last[8];
                memcpy(last, pad + 8 * full, 8);
                memcpy(last, m + 8 * full, tail);
                words[full][i] = load_be64(last);
            }
        }
        for (size_t j = 0; j < mixed; j++)
            w[j] = F(load)(words[j]);
        V s[8];
        for (int i = 0; i < 8; i++)
            s[i] = F(set1)(sha512_IV[i]);
        F(core)(s, w, 0, 0, 0);
        F(put)(s, k, digests + done * SHA512_DIGEST_LENGTH);
    }
}

#undef F

#endif /* SHA512_LANES_TEMPLATE */

/* Self-test of sha512.c / sha512_lanes.c: FIPS 180-4 vectors, every kernel against the
 * one-shot portable sha512() and against brute force, and known answers computed with
 * Python's hashlib. Exits non-zero on the first failure. */
#include "sha512.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                                    \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                            \
            fprintf(stderr, __VA_ARGS__);                                                   \
            fputc('\n', stderr);                                                            \
            if (++failures >= 20) {                                                         \
                fprintf(stderr, "too many failures\n");                                     \
                exit(1);                                                                    \
            }                                                                               \
        }                                                                                   \
    } while (0)

static void to_hex(const uint8_t d[SHA512_DIGEST_LENGTH], char hex[129])
{
    for (int i = 0; i < SHA512_DIGEST_LENGTH; i++)
        sprintf(hex + 2 * i, "%02x", d[i]);
}

static void check_digest(const char *what, const uint8_t d[SHA512_DIGEST_LENGTH],
                         const char *want)
{
    char hex[129];
    to_hex(d, hex);
    CHECK(strcmp(hex, want) == 0, "%s: got %s, want %s", what, hex, want);
}

static void test_vectors(void)
{
    static const struct {
        const char *msg, *hex;
    } v[] = {
        {"", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
             "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
        {"abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
         "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
         "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
         "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
    };
    uint8_t d[SHA512_DIGEST_LENGTH];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        sha512(v[i].msg, strlen(v[i].msg), d);
        check_digest(v[i].msg, d, v[i].hex);
    }

    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    sha512(million, 1000000, d);
    check_digest("one million 'a'", d,
                 "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                 "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
    free(million);

    /* Lengths around the one/two/three block boundaries of the padding (hashlib). */
    static const struct {
        size_t len;
        const char *hex;
    } b[] = {
        {111, "3dfde1184fd99f233f98be4250f4edb9b535157909b668334370742204d97e04"
              "7f1fd6a74bb5ba447f337286f421d9af957811f7ef62a458771457da126cb65e"},
        {112, "acc96c509e6d01787330a4c6a241e2cda9dcc2529dbe4288dbbcc3812133233c"
              "4698831127cf6ed0b333632b22715a5ce53a0a1002a684367b71c98aa6d1d900"},
        {127, "a315910cb7812a8e66d87c0c49a42d93dbe97bf0240ee995792292c529256d93"
              "f40199a59b3f6266343f302651fea1589e2040a2f3756126d3fe4f421a72079d"},
        {128, "31f33a52b36dc2e70c83b604fa999a5cabf33bf70e4556fbed7bff10870c1b7b"
              "241dd3f15d1ade24599f068fc58ab51e0028b0f0c98895c23358e8dee032ce06"},
        {129, "748fec3280c9165199f8c260e87eea61cbbe1b23ef1567c220df65b37e3fcced"
              "15fa7f63c9a381fde38ddd4eb2b09b67f77d03c5e0a639b487e8c48343590c97"},
        {239, "d5e023834c68aeb6e8eef9619ed5fb6fd8b3df796b49d18dce5f6fae76f3f6ca"
              "e8ddf055611c4031bf5fe6aa68708360f5de1fe69a77055eb55612c5509d5e19"},
        {240, "67b19552bd96d84b251b262b7eef6fe73b2fdeabc4a4a0e4de2c8c621ee39572"
              "9b3877c85c2b0fa79e379ca718f1a00d7508d8a5c04967fe240d4608edf05c10"},
        {255, "3e09a61576e14ea6d37a82b9463a1731f1de024664c4386d6a645ae40ad8b9be"
              "8d737a166ef08a1ae36f95c0179bcbcf441c45aa0509ce04740fffac9724dc35"},
        {256, "736e6ce54295f07fa411029e1b610c4a86659552c394165c7ddc2ba622630f26"
              "f898ec8f47db21051773b1ec17b3f63ff4c5f6cf95ddfd68581daed51ff4242b"},
        {1000, "76f1e766ac03deff8c614780dc1f26825ad762f92fbba09e2552cd70b2d63338"
               "16e7edec5d8820e8460601ea18d55b4fb154528db99a0bf17670f15f74c82cb7"},
    };
    uint8_t msg[1000];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7 + 1);
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "length %zu", b[i].len);
        sha512(msg, b[i].len, d);
        check_digest(what, d, b[i].hex);
    }
}

static void test_helpers(void)
{
    uint8_t d[SHA512_DIGEST_LENGTH] = {0};
    CHECK(sha512_leading_zero_bits(d) == 512, "all-zero digest");
    d[63] = 1;
    CHECK(sha512_leading_zero_bits(d) == 511, "only last bit set");
    d[10] = 0x01;
    CHECK(sha512_leading_zero_bits(d) == 87, "byte 10 = 0x01");
    d[0] = 0x80;
    CHECK(sha512_leading_zero_bits(d) == 0, "first bit set");

    uint8_t m[COIN_MESSAGE_LENGTH];
    coin_message(0x0102030405060708ULL, 0x1112131415161718ULL, 0xa1a2a3a4u,
                 0xf1f2f3f4f5f6f7f8ULL, m);
    static const uint8_t want[COIN_MESSAGE_LENGTH] = {
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x18, 0x17, 0x16,
        0x15, 0x14, 0x13, 0x12, 0x11, 0xa4, 0xa3, 0xa2, 0xa1, 0,    0,
        0,    0,    0xf8, 0xf7, 0xf6, 0xf5, 0xf4, 0xf3, 0xf2, 0xf1};
    CHECK(memcmp(m, want, sizeof m) == 0, "coin_message layout");

    CHECK(sha512_set_kernel("no-such-kernel") == -1, "unknown kernel accepted");
    CHECK(sha512_set_kernel(NULL) == -1, "NULL kernel accepted");
    CHECK(sha512_set_kernel("portable") == 0, "portable refused");
    CHECK(strcmp(sha512_kernel(), "portable") == 0, "portable not selected");
}

/* sha512_one_block_lanes against sha512() for every one-block length and batch sizes
 * around the lane counts. */
static void test_blocks(void)
{
    static const size_t ns[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33};
    uint8_t msgs[33 * 113], got[34 * SHA512_DIGEST_LENGTH], want[SHA512_DIGEST_LENGTH];
    for (size_t i = 0; i < sizeof msgs; i++)
        msgs[i] = (uint8_t)(i * 31 + (i >> 8) * 5 + 3);
    for (size_t len = 0; len <= 113; len++)
        for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
            size_t n = ns[k];
            memset(got, 0xee, sizeof got);
            sha512_one_block_lanes(msgs, len, n, got);
            for (size_t i = 0; i < n; i++) {
                sha512(msgs + i * len, len, want);
                CHECK(memcmp(got + i * SHA512_DIGEST_LENGTH, want, sizeof want) == 0,
                      "kernel %s: one_block_lanes len %zu n %zu message %zu", sha512_kernel(),
                      len, n, i);
            }
            CHECK(got[n * SHA512_DIGEST_LENGTH] == 0xee,
                  "kernel %s: one_block_lanes wrote past n=%zu", sha512_kernel(), n);
        }
}

/* ---- coin_search ---- */

#define SEED 0x0123456789abcdefULL
#define ROUND 7
#define MINER 3

struct range {
    uint64_t start, count;
};

static const struct range coin_ranges[] = {
    {0, 1},          {0, 7},    {0, 5000},          {1, 4096},
    {275, 1},        {276, 3},  {12345, 2999},      {1u << 20, 65536},
    {UINT64_MAX - 300, 301},    {UINT64_MAX - 40, UINT64_MAX}, /* clamped at the top */
    {0x8000000000000000ULL - 9, 100},
};

/* Leading zero bits of every candidate, by brute force through the one-shot sha512(). */
static unsigned *brute_coin(struct range r)
{
    uint64_t n = r.count - 1 > UINT64_MAX - r.start ? UINT64_MAX - r.start + 1 : r.count;
    unsigned *z = malloc(n * sizeof *z);
    for (uint64_t i = 0; i < n; i++) {
        uint8_t m[COIN_MESSAGE_LENGTH], d[SHA512_DIGEST_LENGTH];
        coin_message(SEED, ROUND, MINER, r.start + i, m);
        sha512(m, sizeof m, d);
        z[i] = sha512_leading_zero_bits(d);
    }
    return z;
}

static void test_coin_ranges(unsigned *const *zeros)
{
    for (size_t ri = 0; ri < sizeof coin_ranges / sizeof coin_ranges[0]; ri++) {
        struct range r = coin_ranges[ri];
        uint64_t n = r.count - 1 > UINT64_MAX - r.start ? UINT64_MAX - r.start + 1 : r.count;
        for (unsigned diff = 0; diff <= 16; diff++) {
            int want_found = 0;
            uint64_t want = 0;
            for (uint64_t i = 0; i < n; i++)
                if (zeros[ri][i] >= diff) {
                    want_found = 1;
                    want = r.start + i;
                    break;
                }
            uint64_t got = 0;
            uint8_t d[SHA512_DIGEST_LENGTH], m[COIN_MESSAGE_LENGTH], ref[SHA512_DIGEST_LENGTH];
            int found = coin_search(SEED, ROUND, MINER, diff, r.start, r.count, &got, d);
            CHECK(found == want_found && (!found || got == want),
                  "kernel %s: coin_search diff %u start %llu count %llu: got %d/%llu, want "
                  "%d/%llu",
                  sha512_kernel(), diff, (unsigned long long)r.start,
                  (unsigned long long)r.count, found, (unsigned long long)got, want_found,
                  (unsigned long long)want);
            if (found) {
                coin_message(SEED, ROUND, MINER, got, m);
                sha512(m, sizeof m, ref);
                CHECK(memcmp(d, ref, sizeof d) == 0, "kernel %s: coin_search digest",
                      sha512_kernel());
            }
        }
    }
}

static void test_coin_known(void)
{
    /* hashlib over struct.pack('<QQQQ', SEED, 7, 3, nonce). */
    static const struct {
        unsigned diff;
        uint64_t nonce;
        const char *hex;
    } k[] = {
        {12, 275, "000d9fb004fa7b223ef45e57b9d561bf6d697a03e3e9661d9e150d9b326c0d68"
                  "7936e11f22a6ce9117e24ec3b5336b7c3c1c06abc36b40403d13d9a4d0941918"},
        {16, 151125, "00006e1e80bf621e4c3eb26348ebad48b01ef5eb3237ea0e59be5941117620c9"
                     "79b35ac95c276504bb438b612015a51e188f176bff388acae43b5f38ebaf86d1"},
        {20, 1105232, "0000019b6f5ce9d50be7d75a1f2f3f4f8df238f131e7076194087cb9a295f53a"
                      "971179b46c20b146200bd23ed9ab4fc1eb547c70e7f1728fbbdd37c97dabb185"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        /* In chunks, as the miners call it. */
        uint64_t got = 0, start = 0;
        uint8_t d[SHA512_DIGEST_LENGTH];
        int found = 0;
        while (!found && start < 4000000)
            found = coin_search(SEED, ROUND, MINER, k[i].diff, start, 4096, &got, d), start += 4096;
        CHECK(found && got == k[i].nonce, "kernel %s: coin diff %u: got %d/%llu, want %llu",
              sha512_kernel(), k[i].diff, found, (unsigned long long)got,
              (unsigned long long)k[i].nonce);
        if (found)
            check_digest("coin known answer", d, k[i].hex);
    }
    /* Above 64 bits the kernels' one-word test is only a filter; nothing in this range has
     * that many zero bits. */
    uint64_t got;
    uint8_t d[SHA512_DIGEST_LENGTH];
    CHECK(!coin_search(SEED, ROUND, MINER, 65, 0, 10000, &got, d), "diff 65 found");
    CHECK(!coin_search(SEED, ROUND, MINER, 513, 0, 10, &got, d), "diff 513 found");
    CHECK(!coin_search(SEED, ROUND, MINER, 0, 5, 0, &got, d), "empty range found");
}

/* ---- coin_digests, coin_digests_of ---- */

static void coin_reference(uint64_t seed, uint64_t round, uint32_t miner, uint64_t nonce,
                           uint8_t d[SHA512_DIGEST_LENGTH])
{
    uint8_t m[COIN_MESSAGE_LENGTH];
    coin_message(seed, round, miner, nonce, m);
    sha512(m, sizeof m, d);
}

/* Counts 0..40 (every tail of 1, 4, 8 and 16 lanes, alone and after full batches), then
 * several batches' worth. */
static const size_t digest_counts[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13,
                                       14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                                       28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 63,
                                       64, 65, 100, 1000, 4099};
#define MAX_DIGEST_COUNT 4099

static uint64_t xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Every digest against sha512() of coin_message(), and not a byte written past count. */
static void test_coin_digests(uint8_t *got)
{
    static const struct {
        uint64_t seed, round;
        uint32_t miner;
        uint64_t first;
    } c[] = {
        {SEED, ROUND, MINER, 0},
        {SEED, ROUND, MINER, 1},
        {0, 0, 0, 0xfffffff0ULL},                                  /* nonce crosses 2^32 */
        {UINT64_MAX, UINT64_MAX - 1, UINT32_MAX, UINT64_MAX - 20}, /* wraps past UINT64_MAX */
        {0x8000000000000000ULL, 1ULL << 32, 0x80000000u, 0x8000000000000000ULL - 3},
    };
    uint8_t want[SHA512_DIGEST_LENGTH];
    for (size_t ci = 0; ci < sizeof c / sizeof c[0]; ci++)
        for (size_t k = 0; k < sizeof digest_counts / sizeof digest_counts[0]; k++) {
            size_t n = digest_counts[k];
            memset(got, 0xee, (n + 1) * SHA512_DIGEST_LENGTH);
            coin_digests(c[ci].seed, c[ci].round, c[ci].miner, c[ci].first, n, got);
            for (size_t i = 0; i < n; i++) {
                coin_reference(c[ci].seed, c[ci].round, c[ci].miner, c[ci].first + i, want);
                CHECK(memcmp(got + i * SHA512_DIGEST_LENGTH, want, sizeof want) == 0,
                      "kernel %s: coin_digests case %zu count %zu coin %zu", sha512_kernel(), ci,
                      n, i);
            }
            CHECK(got[n * SHA512_DIGEST_LENGTH] == 0xee &&
                      got[n * SHA512_DIGEST_LENGTH + SHA512_DIGEST_LENGTH - 1] == 0xee,
                  "kernel %s: coin_digests wrote past count %zu", sha512_kernel(), n);
        }

    /* Known answers (hashlib, as in test_coin_known), one coin and within a batch. */
    coin_digests(SEED, ROUND, MINER, 275, 1, got);
    check_digest("coin_digests nonce 275", got,
                 "000d9fb004fa7b223ef45e57b9d561bf6d697a03e3e9661d9e150d9b326c0d68"
                 "7936e11f22a6ce9117e24ec3b5336b7c3c1c06abc36b40403d13d9a4d0941918");
    coin_digests(SEED, ROUND, MINER, 151120, 17, got);
    check_digest("coin_digests nonce 151125", got + 5 * SHA512_DIGEST_LENGTH,
                 "00006e1e80bf621e4c3eb26348ebad48b01ef5eb3237ea0e59be5941117620c9"
                 "79b35ac95c276504bb438b612015a51e188f176bff388acae43b5f38ebaf86d1");
}

static void test_coin_digests_of(uint8_t *got)
{
    static uint32_t miner[MAX_DIGEST_COUNT];
    static uint64_t nonce[MAX_DIGEST_COUNT];
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < MAX_DIGEST_COUNT; i++) {
        /* Mostly small miners and nonces like a parent's, some at the extremes. */
        uint64_t r = xorshift(&x);
        miner[i] = i % 7 == 3 ? (uint32_t)(r >> 32) : (uint32_t)(r % 16);
        nonce[i] = i % 5 == 2 ? xorshift(&x) : r % 100000;
    }
    miner[1] = UINT32_MAX;
    nonce[2] = UINT64_MAX;
    uint8_t want[SHA512_DIGEST_LENGTH];
    for (size_t k = 0; k < sizeof digest_counts / sizeof digest_counts[0]; k++)
        for (size_t at = 0; at <= 3; at += 3) { /* from the arrays' start and from within */
            size_t n = digest_counts[k];
            if (at + n > MAX_DIGEST_COUNT)
                continue;
            memset(got, 0xee, (n + 1) * SHA512_DIGEST_LENGTH);
            coin_digests_of(SEED, ROUND, miner + at, nonce + at, n, got);
            for (size_t i = 0; i < n; i++) {
                coin_reference(SEED, ROUND, miner[at + i], nonce[at + i], want);
                CHECK(memcmp(got + i * SHA512_DIGEST_LENGTH, want, sizeof want) == 0,
                      "kernel %s: coin_digests_of count %zu from %zu coin %zu (miner %u nonce "
                      "%llu)",
                      sha512_kernel(), n, at, i, miner[at + i],
                      (unsigned long long)nonce[at + i]);
            }
            CHECK(got[n * SHA512_DIGEST_LENGTH] == 0xee &&
                      got[n * SHA512_DIGEST_LENGTH + SHA512_DIGEST_LENGTH - 1] == 0xee,
                  "kernel %s: coin_digests_of wrote past count %zu", sha512_kernel(), n);
        }

    /* Other seeds and rounds than the tables': they are shared by all lanes, the miner is not. */
    for (size_t i = 0; i < 40; i++)
        miner[i] = (uint32_t)i, nonce[i] = 1000 - i;
    coin_digests_of(UINT64_MAX, 1ULL << 40, miner, nonce, 40, got);
    for (size_t i = 0; i < 40; i++) {
        coin_reference(UINT64_MAX, 1ULL << 40, miner[i], nonce[i], want);
        CHECK(memcmp(got + i * SHA512_DIGEST_LENGTH, want, sizeof want) == 0,
              "kernel %s: coin_digests_of other seed, coin %zu", sha512_kernel(), i);
    }
}

/* ---- zeroes_search ---- */

static const struct range zeroes_ranges[] = {
    {0, 1},
    {0, 3000},
    {1, 37},
    {7, 200},                      /* 1 -> 2 -> 3 digits */
    {9990, 40},                    /* 4 -> 5 digits */
    {99999, 2},                    /* the 99999 -> 100000 step alone */
    {999990, 5000},                /* 6 -> 7 digits */
    {99999995, 11},                /* 8 -> 9 digits (word boundary) */
    {9999999990ULL, 23},           /* 10 -> 11 */
    {9999999999999990ULL, 40},     /* 16 -> 17 digits (second word full) */
    {9999999999999999990ULL, 30},  /* 19 -> 20 digits */
    {UINT64_MAX - 50, UINT64_MAX}, /* clamped at the top */
    {1839700, 4200},
};

static unsigned *brute_zeroes(struct range r)
{
    uint64_t n = r.count - 1 > UINT64_MAX - r.start ? UINT64_MAX - r.start + 1 : r.count;
    unsigned *z = malloc(n * sizeof *z);
    for (uint64_t i = 0; i < n; i++) {
        char s[24];
        uint8_t d[SHA512_DIGEST_LENGTH];
        int len = snprintf(s, sizeof s, "%llu", (unsigned long long)(r.start + i));
        sha512(s, (size_t)len, d);
        z[i] = sha512_leading_zero_bits(d) / 4; /* leading '0' hex digits */
    }
    return z;
}

static void test_zeroes_ranges(unsigned *const *zeros)
{
    for (size_t ri = 0; ri < sizeof zeroes_ranges / sizeof zeroes_ranges[0]; ri++) {
        struct range r = zeroes_ranges[ri];
        uint64_t n = r.count - 1 > UINT64_MAX - r.start ? UINT64_MAX - r.start + 1 : r.count;
        for (unsigned z = 0; z <= 4; z++) {
            int want_found = 0;
            uint64_t want = 0;
            for (uint64_t i = 0; i < n; i++)
                if (zeros[ri][i] >= z) {
                    want_found = 1;
                    want = r.start + i;
                    break;
                }
            uint64_t got = 0;
            uint8_t d[SHA512_DIGEST_LENGTH];
            int found = zeroes_search(z, r.start, r.count, &got, d);
            CHECK(found == want_found && (!found || got == want),
                  "kernel %s: zeroes_search zeros %u start %llu count %llu: got %d/%llu, "
                  "want %d/%llu",
                  sha512_kernel(), z, (unsigned long long)r.start, (unsigned long long)r.count,
                  found, (unsigned long long)got, want_found, (unsigned long long)want);
        }
    }
}

static void test_zeroes_known(void)
{
    uint64_t got = 0;
    uint8_t d[SHA512_DIGEST_LENGTH];
    int found = zeroes_search(5, 0, 2000000, &got, d);
    CHECK(found && got == 1839773, "kernel %s: zeros 5 from 0: got %d/%llu, want 1839773",
          sha512_kernel(), found, (unsigned long long)got);
    if (found)
        check_digest("zeros 5", d,
                     "00000a6e66e4f6b265dd66a431cad21e65d0af4f9a88f83838545248ae2eaf32"
                     "6327b357cdc856ad10e94070afb2e559c4b374667f5bdd58aa5b3bdeec27cf5f");

    /* Chunked like the callers, with a chunk that is not a multiple of the lanes. */
    found = 0;
    for (uint64_t start = 1000000; !found && start < 2000000; start += 4099)
        found = zeroes_search(5, start, 4099, &got, d);
    CHECK(found && got == 1839773, "kernel %s: chunked zeros 5: got %d/%llu", sha512_kernel(),
          found, (unsigned long long)got);
    CHECK(zeroes_search(5, 1839773, 1, &got, d) && got == 1839773,
          "kernel %s: zeros 5 single candidate", sha512_kernel());
    CHECK(!zeroes_search(5, 1839774, 1000, &got, d), "kernel %s: zeros 5 after the answer",
          sha512_kernel());
    CHECK(!zeroes_search(129, 0, 10, &got, d), "zeros 129 found");

    found = zeroes_search(6, 0, 10000000, &got, d);
    CHECK(found && got == 6899310, "kernel %s: zeros 6 from 0: got %d/%llu, want 6899310",
          sha512_kernel(), found, (unsigned long long)got);
    if (found)
        check_digest("zeros 6", d,
                     "0000004c06b9bead1a5e584ec47e0f17af699189d39ad8788b7abe3ec0dc4c31"
                     "ff13f06f4932af2d833e1e00e70593a0ca3ae2f2641450fe83a7227ed4890f71");
}

int main(void)
{
    /* Before anything selects a kernel: a forced kernel must be the one in use. */
    const char *forced = getenv("CHACHING_SHA512");
    const char *initial = sha512_kernel();
    printf("sha512_test: kernel at start: %s%s%s\n", initial, forced ? ", CHACHING_SHA512=" : "",
           forced ? forced : "");
    if (forced && *forced) {
        int id = -1;
        for (int k = 0; k < SHA512_KERNEL_COUNT; k++)
            if (strcmp(forced, sha512_kernel_name(k)) == 0)
                id = k;
        if (id >= 0 && sha512_kernel_supported(id))
            CHECK(strcmp(initial, forced) == 0, "CHACHING_SHA512=%s ignored", forced);
    }

    test_vectors();
    test_helpers();

    const size_t ncr = sizeof coin_ranges / sizeof coin_ranges[0];
    const size_t nzr = sizeof zeroes_ranges / sizeof zeroes_ranges[0];
    unsigned *coin_zeros[sizeof coin_ranges / sizeof coin_ranges[0]];
    unsigned *zeroes_zeros[sizeof zeroes_ranges / sizeof zeroes_ranges[0]];
    for (size_t i = 0; i < ncr; i++)
        coin_zeros[i] = brute_coin(coin_ranges[i]);
    for (size_t i = 0; i < nzr; i++)
        zeroes_zeros[i] = brute_zeroes(zeroes_ranges[i]);

    uint8_t *digests = malloc((MAX_DIGEST_COUNT + 1) * SHA512_DIGEST_LENGTH);
    for (int id = 0; id < SHA512_KERNEL_COUNT; id++) {
        const char *name = sha512_kernel_name(id);
        if (!sha512_kernel_supported(id)) {
            printf("sha512_test: kernel %s not supported here, skipped\n", name);
            continue;
        }
        CHECK(sha512_set_kernel(name) == 0, "set_kernel(%s)", name);
        int before = failures;
        test_blocks();
        test_coin_digests(digests);
        test_coin_digests_of(digests);
        test_coin_ranges(coin_zeros);
        test_coin_known();
        test_zeroes_ranges(zeroes_zeros);
        test_zeroes_known();
        printf("sha512_test: kernel %s (%u lanes): %s\n", name, sha512_kernel_lanes(id),
               failures == before ? "ok" : "FAILED");
    }

    free(digests);
    for (size_t i = 0; i < ncr; i++)
        free(coin_zeros[i]);
    for (size_t i = 0; i < nzr; i++)
        free(zeroes_zeros[i]);
    if (failures) {
        fprintf(stderr, "sha512_test: %d failure(s)\n", failures);
        return 1;
    }
    printf("sha512_test: all passed\n");
    return 0;
}

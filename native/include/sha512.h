/* SHA-512 (FIPS 180-4) with libc only, the two mining searches built on it, and coin digests
 * in batches.
 *
 * The one-shot sha512() is portable C and accepts any length. The searches and the coin
 * digests hash one-block messages (length <= 111 bytes) many at a time with the widest kernel
 * the CPU offers, chosen at run time: AVX-512 (8 lanes; two groups of 8 interleaved, so 16
 * per call), AVX2 (4 lanes) or portable C (1 lane). Every kernel gives bit-identical results; CHACHING_SHA512=portable|avx2|avx512
 * forces one (tests use it to compare them).
 */
#ifndef CHACHING_SHA512_H
#define CHACHING_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_LENGTH 64

/* Portable one-shot digest of len bytes. */
void sha512(const void *msg, size_t len, uint8_t out[SHA512_DIGEST_LENGTH]);

/* Name of the kernel the searches use: "portable", "avx2" or "avx512". */
const char *sha512_kernel(void);

/* Forces a kernel by name; returns 0, or -1 if unknown or unsupported by this CPU. */
int sha512_set_kernel(const char *name);

/* Number of leading zero bits of a digest (0..512). */
unsigned sha512_leading_zero_bits(const uint8_t digest[SHA512_DIGEST_LENGTH]);

/* The coin message of (seed, round, miner, nonce): 32 bytes, each field little-endian:
 *   0 seed u64 | 8 round u64 | 16 miner u64 | 24 nonce u64
 * Keep in sync with benchmarks/.../coins/CoinVerifier.java. */
#define COIN_MESSAGE_LENGTH 32
void coin_message(uint64_t seed, uint64_t round, uint32_t miner, uint64_t nonce,
                  uint8_t out[COIN_MESSAGE_LENGTH]);

/* Searches nonces start, start+1, ... start+count-1 for the first whose coin message digest
 * has at least difficulty leading zero bits. Returns 1 and fills *nonce and digest when found,
 * 0 when none in the range. */
int coin_search(uint64_t seed, uint64_t round, uint32_t miner, unsigned difficulty,
                uint64_t start, uint64_t count, uint64_t *nonce,
                uint8_t digest[SHA512_DIGEST_LENGTH]);

/* Full digests of one miner's coins of nonces first, first+1, ..., first+count-1 (wrapping past
 * UINT64_MAX): out + 64*k receives SHA-512(coin_message(seed, round, miner, first + k)) for
 * k < count, count*64 bytes in all. Bit-identical to sha512() over coin_message(), with the
 * current kernel. */
void coin_digests(uint64_t seed, uint64_t round, uint32_t miner, uint64_t first, size_t count,
                  uint8_t *out);

/* The same for coins of arbitrary miners and nonces: out + 64*k receives
 * SHA-512(coin_message(seed, round, miner[k], nonce[k])) for k < count. */
void coin_digests_of(uint64_t seed, uint64_t round, const uint32_t *miner, const uint64_t *nonce,
                     size_t count, uint8_t *out);

/* The SHA512 race: searches integers start .. start+count-1 for the first whose decimal
 * string (ASCII, no sign, no newline) has a hex digest starting with `zeros` '0' digits
 * (zeros*4 leading zero bits). Returns 1 and fills *found and digest, or 0. */
int zeroes_search(unsigned zeros, uint64_t start, uint64_t count, uint64_t *found,
                  uint8_t digest[SHA512_DIGEST_LENGTH]);

/* ---- Internals shared by the library's two sources, sha512bench and sha512_test. ---- */

enum sha512_kernel_id { SHA512_KERNEL_PORTABLE, SHA512_KERNEL_AVX2, SHA512_KERNEL_AVX512,
                        SHA512_KERNEL_COUNT };

extern const uint64_t sha512_K[80]; /* round constants */
extern const uint64_t sha512_IV[8]; /* initial hash value */

/* Kernel id the searches use: resolved at first use from CHACHING_SHA512, else the best the
 * CPU supports; sha512_set_kernel changes it. */
int sha512_kernel_current(void);
/* 1 if this build and this CPU can run the kernel. */
int sha512_kernel_supported(int id);
/* "portable", "avx2", "avx512" (NULL for a bad id). */
const char *sha512_kernel_name(int id);
/* Messages hashed side by side by one kernel call (the searches' batch width). */
unsigned sha512_kernel_lanes(int id);

/* Digests n messages of len bytes each, stored back to back at msgs, into n digests stored
 * back to back at digests, with the current kernel (what `openssl speed -bytes 64 sha512`
 * measures, for the benchmark and tests). One-block messages only (len <= 111); longer ones
 * fall back to sha512(). */
void sha512_one_block_lanes(const uint8_t *msgs, size_t len, size_t n, uint8_t *digests);

#endif

/* The records that cross from a miner to its parent, and the parent's commands.
 * Keep in sync with benchmarks/src/main/java/io/chaching/miners/CoinLayout.java
 * (CoinLayoutTest compares the offsets printed by `miner --layout`).
 *
 * Channels of a miner, at fixed descriptor numbers (everything else is closed on exec):
 *   fd 3  command pipe, read end   parent -> miner   struct command, 32 bytes each
 *   fd 4  coin pipe, write end     miner -> parent   struct coin (128 bytes) or struct zeroes_report
 *
 * A coin, 128 bytes, little-endian (both sides run on x86-64):
 *
 *    0                   8                  16                 24                 32
 *    +--------+--------+------------------+------------------+------------------+
 *    | magic  | miner  |      round       |      nonce       |     mined_ns     |
 *    +--------+--------+------------------+------------------+------------------+
 *    | diffic.| paylen |   payload_sum    |    started_ns    |     reserved     |
 *    +--------+--------+------------------+------------------+------------------+ 64
 *    |                         digest: SHA-512 of the coin message, 64 bytes    |
 *    +--------------------------------------------------------------------------+ 128
 */
#ifndef CHACHING_COIN_H
#define CHACHING_COIN_H

#include <stdint.h>

#define COMMAND_FD 3
#define COIN_FD 4

#define COIN_MAGIC 0x4e494f43u          /* "COIN" */
#define ZEROES_MAGIC 0x4f52455au        /* "ZERO" */

#define COMMAND_ROUND 1u
#define COMMAND_QUIT 2u

struct command {
    uint32_t op;            /* COMMAND_ROUND or COMMAND_QUIT */
    uint32_t difficulty;    /* leading zero bits the coin must have */
    uint64_t seed;
    uint64_t round;
    uint64_t reserved;
};

struct coin {
    uint32_t magic;
    uint32_t miner;
    uint64_t round;
    uint64_t nonce;
    uint64_t mined_ns;      /* CLOCK_MONOTONIC when the digest was found */
    uint32_t difficulty;
    uint32_t payload_length;
    uint64_t payload_sum;
    uint64_t started_ns;    /* CLOCK_MONOTONIC when the miner read its round command */
    uint64_t reserved;
    uint8_t digest[64];
};

/* One chunk of the SHA512 race done: integers chunk*chunk_size .. +chunk_size-1. */
struct zeroes_report {
    uint32_t magic;
    uint32_t miner;
    uint64_t chunk;
    uint64_t found;         /* smallest integer of the chunk with the zeros, or UINT64_MAX */
    uint64_t hashed;        /* integers hashed in this chunk */
    uint8_t digest[64];     /* of `found`, zeros when none */
};

_Static_assert(sizeof(struct command) == 32, "command is 32 bytes");
_Static_assert(sizeof(struct coin) == 128, "coin is 128 bytes");
_Static_assert(sizeof(struct zeroes_report) == 96, "zeroes_report is 96 bytes");

#endif

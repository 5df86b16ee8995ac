/* The records that cross from a miner to its parent, and the parent's commands.
 * Keep in sync with benchmarks/src/main/java/io/chaching/coins/CoinLayout.java
 * (CoinLayoutTest compares the offsets and constants printed by `miner --layout`).
 *
 * Channels of a miner, at fixed descriptor numbers (everything else is closed on exec):
 *   fd 3  command pipe, read end   parent -> miner   struct command, 64 bytes each
 *   fd 4  coin pipe, write end     miner -> parent   coins (+ payload) or struct zeroes_report
 *   fd 5  memfd, the miner's ring  miner -> parent   coins (+ payload) in place (shm-*)
 *   fd 6  memfd, the doorbell      miners -> parent  wake-ups for shm-futex
 *   fd 7  Unix socket, one end     miner -> parent   coins (+ payload), framed as on fd 4 (uds)
 * fds 5, 6 and 7 are optional: a miner without them refuses CHANNEL_SHM* or CHANNEL_SOCKET.
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
#define RING_FD 5       /* the miner's own shared memory: struct ring_header + data */
#define DOORBELL_FD 6   /* shared by all miners and the parent: struct doorbell */
#define SOCKET_FD 7     /* the miner's end of a socketpair(AF_UNIX, SOCK_STREAM) with the parent */

#define COIN_MAGIC 0x4e494f43u          /* "COIN" */
#define PAD_MAGIC 0x44444150u           /* "PADD": skip to the ring's end */
#define ZEROES_MAGIC 0x4f52455au        /* "ZERO" */

#define COMMAND_ROUND 1u   /* mine one coin of (seed, round) */
#define COMMAND_QUIT 2u
#define COMMAND_STREAM 3u  /* mine `count` coins of (seed, round), nonces ascending, each handed off at once */

/* Where a miner hands its coins off. */
#define CHANNEL_PIPE 0u       /* write(2) on COIN_FD */
#define CHANNEL_SHM 1u        /* in place in the ring; the parent polls (shm-spin) */
#define CHANNEL_SHM_FUTEX 2u  /* in place in the ring, then ring the doorbell (shm-futex) */
#define CHANNEL_SOCKET 3u     /* write(2) on SOCKET_FD, the same records as on COIN_FD (uds) */

/* STREAM: hand off coins mined before, once per (seed, round, difficulty) and kept (produce.h's
 * block), so a stream costs the miner a copy a coin, not a search: what bounds it is the hand-off. */
#define STREAM_PREMINED 1u
#define MAX_PREMINED (1u << 22) /* coins a miner premines for a stream at most (72 bytes each: 288 MiB) */

#define MAX_PAYLOAD (1u << 20)
#define MAX_BATCH 1024u

struct command {
    uint32_t op;             /* COMMAND_* */
    uint32_t difficulty;     /* leading zero bits the coin must have */
    uint64_t seed;
    uint64_t round;          /* a stream is also a round: its coins carry this round number */
    uint64_t count;          /* STREAM: coins to mine */
    uint32_t channel;        /* CHANNEL_* */
    uint32_t payload_length; /* bytes after each coin, 0..MAX_PAYLOAD */
    uint32_t batch;          /* STREAM: coins per write(2) or ring publish, 1..MAX_BATCH (the last may be short) */
    uint32_t flags;          /* STREAM: STREAM_* */
    uint64_t pace_ns;        /* STREAM: coin k is handed off no earlier than start + k*pace_ns; 0 = flat out */
    uint64_t reserved1;
};

/* One coin. On a pipe and in a ring it is followed by payload_length payload bytes; in a ring
 * the record is then padded to RECORD_ALIGN. */
struct coin {
    uint32_t magic;
    uint32_t miner;
    uint64_t round;
    uint64_t nonce;
    uint64_t mined_ns;      /* CLOCK_MONOTONIC when the coin was handed off (found, and paced) */
    uint32_t difficulty;
    uint32_t payload_length;
    uint64_t payload_sum;   /* payload_checksum() of the payload bytes */
    uint64_t started_ns;    /* CLOCK_MONOTONIC when the miner read its command */
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

/*
 * A miner's ring: single producer (the miner), single consumer (the parent), in the memfd at
 * RING_FD. Positions count bytes since the stream began and never wrap; a record starts at
 * data[position & (capacity - 1)] and is RECORD_ALIGN-aligned. A record that would run past
 * the end is preceded by a PAD record (its magic, then u32 bytes to skip) and starts at 0.
 *
 *   0    producer  u64   miner: store-release after the records are written
 *   64   consumer  u64   parent: store-release after it is done with the records
 *   128  capacity  u64   power of two, set by the parent before the miner starts
 *   192  data[capacity]
 *
 * The parent reads producer with load-acquire (pairs with the miner's store-release) and
 * then reads the records in place; the miner reads consumer with load-acquire before reusing
 * space. Each position has a cache line of its own so the two sides do not false-share.
 */
#define RING_PRODUCER_OFFSET 0
#define RING_CONSUMER_OFFSET 64
#define RING_CAPACITY_OFFSET 128
#define RING_DATA_OFFSET 192
#define RECORD_ALIGN 64u

/*
 * The doorbell of shm-futex, one page shared by every miner and the parent at DOORBELL_FD.
 *   0    rings    u32  futex word: a miner adds 1 after each publish
 *   64   waiting  u32  the parent sets it (seq_cst) before it sleeps on `rings`
 * A miner calls FUTEX_WAKE only when `waiting` is set, so a parent that keeps up costs the
 * miners no system calls. Not private futexes: the word is shared between processes.
 */
#define DOORBELL_RINGS_OFFSET 0
#define DOORBELL_WAITING_OFFSET 64
#define DOORBELL_LENGTH 4096

/* Record length in a ring: coin + payload, rounded up to RECORD_ALIGN. */
static inline uint64_t ring_record_length(uint32_t payload_length)
{
    return (128u + (uint64_t)payload_length + RECORD_ALIGN - 1) & ~(uint64_t)(RECORD_ALIGN - 1);
}

/*
 * Payload checksum: over the payload read as little-endian u64 words (the last one zero-padded),
 * sum of (w_i XOR (i * 0x9E3779B97F4A7C15)). Independent adds, so it runs at memory speed on
 * both sides, and the XOR with the index catches words that moved.
 * Keep in sync with benchmarks/.../coins/Payloads.java.
 */
#define PAYLOAD_MIX 0x9E3779B97F4A7C15ull

_Static_assert(sizeof(struct command) == 64, "command is 64 bytes");
_Static_assert(sizeof(struct coin) == 128, "coin is 128 bytes");
_Static_assert(sizeof(struct zeroes_report) == 96, "zeroes_report is 96 bytes");

#endif

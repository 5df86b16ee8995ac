/* The 33 bogatyrs: the message every bogatyr and the listening parent exchange, and the
 * shared-memory inboxes. Keep in sync with
 * benchmarks/src/main/java/io/chaching/bogatyrs/BogatyrLayout.java (BogatyrLayoutTest compares
 * the offsets printed by `bogatyr --layout`).
 *
 * Every bogatyr, and the parent, has an inbox; everyone can write to every inbox. An inbox's
 * address is a label 0..N (N bogatyrs and the parent), shuffled on every run: it names a
 * channel, never a place. Descriptors of a bogatyr (everything else is closed on exec):
 *   --transport pipe   fd 3: its own inbox, read end; fd 4+a: the write end of the inbox at address a
 *   --transport shm    fd 3: one memfd holding every inbox, inbox a at a * inbox_bytes(capacity)
 *
 * A message, 32 bytes, little-endian (a pipe write of it is atomic: <= PIPE_BUF):
 *
 *    0        4        8        12       16                24                32
 *    +--------+--------+--------+--------+-----------------+-----------------+
 *    |  kind  |  from  |  run   | round  |      value      |     sent_ns     |
 *    +--------+--------+--------+--------+-----------------+-----------------+
 *
 *    kind     from   round                     value
 *    DRAW     addr   draw round (0, 1, ...)    the draw              broadcast
 *    AGREED   addr   the sender's place        digest of the order   point-to-point: place 0 and the parent
 *    LETTER   addr   position in the text      the code point        broadcast
 *    START    parent run to start (--serve)    0                     broadcast by the parent
 *
 * An shm inbox: a multi-producer, single-consumer ring of fixed slots (after Vyukov's bounded
 * queue). A slot's `turn` says whose it is: 2*lap (free for the producer of lap `lap`),
 * 2*lap+1 (full, for the consumer). All zeros is an empty ring, so the parent only sets
 * `capacity`.
 *
 *    0    capacity  u64  slots, a power of two; written by the parent before any child runs
 *    64   tail      u64  next position to reserve: producers CAS it (own cache line)
 *    128  bell      u32  futex word: a producer adds 1 after publishing
 *    132  sleeping  u32  1 while the owner may sleep on bell: producers then FUTEX_WAKE it
 *    192  slots     capacity x 64 bytes: turn u64 | message (32) | pad (24)
 */
#ifndef CHACHING_BOGATYR_H
#define CHACHING_BOGATYR_H

#include <stdint.h>

#define INBOX_FD 3
#define PEER_FD_BASE 4 /* pipe: fd 4 + address is that inbox's write end */

#define MSG_DRAW 1u
#define MSG_AGREED 2u
#define MSG_LETTER 3u
#define MSG_START 4u

#define MIN_BOGATYRS 1
#define MAX_BOGATYRS 1024

/* Exit statuses besides 0 (done) and 2 (usage). */
#define EXIT_FAILED 1     /* a system call failed */
#define EXIT_PEER_GONE 3  /* an inbox's reader is gone (EPIPE): a consequence, not a cause */
#define EXIT_DISAGREED 4  /* place 0 got an order digest unlike its own */

struct bmsg {
    uint32_t kind;
    uint32_t from;
    uint32_t run;
    uint32_t round;
    uint64_t value;
    uint64_t sent_ns; /* CLOCK_MONOTONIC, as System.nanoTime() */
};

#define INBOX_CAPACITY_OFFSET 0
#define INBOX_TAIL_OFFSET 64
#define INBOX_BELL_OFFSET 128
#define INBOX_SLEEPING_OFFSET 132
#define INBOX_SLOTS_OFFSET 192
#define SLOT_BYTES 64
#define SLOT_TURN_OFFSET 0
#define SLOT_MESSAGE_OFFSET 8

/* Bytes of one inbox of `capacity` slots; inboxes follow one another in the memfd. */
static inline uint64_t inbox_bytes(uint64_t capacity)
{
    return INBOX_SLOTS_OFFSET + capacity * SLOT_BYTES;
}

#endif

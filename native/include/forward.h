/* readers-K: K reader processes between the miners and the parent. Reader r holds the coin pipes
 * (read ends) of miners r, r+K, r+2K, ... and forwards what they carry to the parent over one
 * pipe that all readers share. Keep in sync with
 * benchmarks/src/main/java/io/chaching/handoff/ReadersHandoff.java (ReadersLayoutTest compares
 * them through `reader --layout`).
 *
 * A reader's descriptors (everything else closed on exec):
 *   fd 3        the forwarding pipe, write end   reader -> parent   frames
 *   fd 4, 5...  its miners' coin pipes, read ends, in the order of --miners
 *
 * The forwarding pipe carries frames, each written by one write(2) of at most PIPE_BUF bytes, so
 * that frames of several readers never interleave (pipe(7)):
 *
 *    0        4        8
 *    +--------+--------+------------------------------------------------+
 *    | miner  | length |  `length` bytes of that miner's coin pipe       |
 *    +--------+--------+------------------------------------------------+
 *
 * The bytes are whole records (a coin and its payload, as on the pipe) when a record fits in a
 * frame, as many as the reader has in hand; a record longer than FORWARD_DATA_MAX goes in pieces
 * in consecutive frames of its miner. length 0: that miner's pipe reached EOF (the miner is gone;
 * bytes of a torn record, if any, came before it).
 */
#ifndef CHACHING_FORWARD_H
#define CHACHING_FORWARD_H

#include <stdint.h>

#define READER_OUT_FD 3
#define READER_FIRST_PIPE_FD 4
#define FORWARD_FRAME_MAX 4096u /* PIPE_BUF on Linux */

struct forward_frame {
    uint32_t miner;
    uint32_t length;
};

#define FORWARD_DATA_MAX (FORWARD_FRAME_MAX - (uint32_t)sizeof(struct forward_frame))

#endif

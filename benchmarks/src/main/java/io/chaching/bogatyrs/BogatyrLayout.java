package io.chaching.bogatyrs;

/**
 * The bogatyrs' message and shared-memory inbox layout, mirrored from
 * {@code native/include/bogatyr.h} (keep in sync; BogatyrLayoutTest compares the offsets that
 * {@code bogatyr --layout} prints).
 *
 * <pre>
 * message, 32 bytes, little-endian
 *    0        4        8        12       16                24                32
 *    +--------+--------+--------+--------+-----------------+-----------------+
 *    |  kind  |  from  |  run   | round  |      value      |     sent_ns     |
 *    +--------+--------+--------+--------+-----------------+-----------------+
 *
 * shm inbox (inboxes follow one another in one memfd)
 *    0    capacity  u64   slots, a power of two (the parent writes it before spawning)
 *    64   tail      u64   next position to reserve; producers CAS it
 *    128  bell      u32   futex word, +1 after each publish
 *    132  sleeping  u32   1 while the owner may sleep on bell
 *    192  slots     capacity x 64 bytes: turn u64 | message | pad
 * </pre>
 * A slot's turn is 2*lap while free for lap's producer and 2*lap+1 once full; zeros are an empty ring.
 */
public final class BogatyrLayout {
    private BogatyrLayout() {
    }

    public static final int INBOX_FD = 3;
    /** pipe transport: fd PEER_FD_BASE + a is the write end of the inbox at address a. */
    public static final int PEER_FD_BASE = 4;

    public static final int MESSAGE_LENGTH = 32;
    public static final int MESSAGE_KIND_OFFSET = 0;
    public static final int MESSAGE_FROM_OFFSET = 4;
    public static final int MESSAGE_RUN_OFFSET = 8;
    public static final int MESSAGE_ROUND_OFFSET = 12;
    public static final int MESSAGE_VALUE_OFFSET = 16;
    public static final int MESSAGE_SENT_NS_OFFSET = 24;

    public static final int KIND_DRAW = 1;
    public static final int KIND_AGREED = 2;
    public static final int KIND_LETTER = 3;
    public static final int KIND_START = 4;

    public static final int INBOX_CAPACITY_OFFSET = 0;
    public static final int INBOX_TAIL_OFFSET = 64;
    public static final int INBOX_BELL_OFFSET = 128;
    public static final int INBOX_SLEEPING_OFFSET = 132;
    public static final int INBOX_SLOTS_OFFSET = 192;
    public static final int SLOT_LENGTH = 64;
    public static final int SLOT_TURN_OFFSET = 0;
    public static final int SLOT_MESSAGE_OFFSET = 8;

    /** A bogatyr that stopped because an inbox lost its reader (EPIPE): a consequence of a death. */
    public static final int EXIT_PEER_GONE = 3;
    /** Place 0 heard an order unlike its own, or a letter not the text's. */
    public static final int EXIT_DISAGREED = 4;

    public static final int MIN_BOGATYRS = 1;
    public static final int MAX_BOGATYRS = 1024;

    /** Bytes of one inbox of {@code capacity} slots. */
    public static long inboxLength(long capacity) {
        return INBOX_SLOTS_OFFSET + capacity * SLOT_LENGTH;
    }
}

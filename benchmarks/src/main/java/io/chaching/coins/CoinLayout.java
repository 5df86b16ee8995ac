package io.chaching.coins;

/**
 * Byte offsets of the records in native/include/coin.h; keep in sync with it
 * (CoinLayoutTest compares them with what the miner binary prints).
 *
 * <pre>
 *    0                   8                  16                 24                 32
 *    +--------+--------+------------------+------------------+------------------+
 *    | magic  | miner  |      round       |      nonce       |     mined_ns     |
 *    +--------+--------+------------------+------------------+------------------+
 *    | diffic.| paylen |   payload_sum    |    started_ns    |     reserved     |
 *    +--------+--------+------------------+------------------+------------------+ 64
 *    |                         digest: SHA-512 of the coin message, 64 bytes    |
 *    +--------------------------------------------------------------------------+ 128
 * </pre>
 */
public final class CoinLayout {
    private CoinLayout() {
    }

    public static final int COMMAND_FD = 3;
    public static final int COIN_FD = 4;
    public static final int RING_FD = 5;
    public static final int DOORBELL_FD = 6;
    /** The miner's end of its socketpair(AF_UNIX, SOCK_STREAM) with the parent (uds). */
    public static final int SOCKET_FD = 7;

    public static final int COIN_MAGIC = 0x4e494f43;
    public static final int ZEROES_MAGIC = 0x4f52455a;
    public static final int PAD_MAGIC = 0x44444150;
    public static final int COMMAND_ROUND = 1;
    public static final int COMMAND_QUIT = 2;
    public static final int COMMAND_STREAM = 3;

    /** Where a miner hands coins off (command.channel). */
    public static final int CHANNEL_PIPE = 0;
    public static final int CHANNEL_SHM = 1;
    public static final int CHANNEL_SHM_FUTEX = 2;
    /** write(2) on {@link #SOCKET_FD}: the records and framing of the pipe on {@link #COIN_FD}. */
    public static final int CHANNEL_SOCKET = 3;

    public static final int MAX_PAYLOAD = 1 << 20;
    public static final int MAX_BATCH = 1024;

    public static final int COMMAND_LENGTH = 64;
    public static final int COMMAND_OP_OFFSET = 0;
    public static final int COMMAND_DIFFICULTY_OFFSET = 4;
    public static final int COMMAND_SEED_OFFSET = 8;
    public static final int COMMAND_ROUND_OFFSET = 16;
    public static final int COMMAND_COUNT_OFFSET = 24;
    public static final int COMMAND_CHANNEL_OFFSET = 32;
    public static final int COMMAND_PAYLOAD_LENGTH_OFFSET = 36;
    public static final int COMMAND_BATCH_OFFSET = 40;
    public static final int COMMAND_FLAGS_OFFSET = 44;
    public static final int COMMAND_PACE_NS_OFFSET = 48;
    /** A stream of coins mined before, once per (seed, round, difficulty), handed off at memory speed. */
    public static final int STREAM_PREMINED = 1;
    /** The most coins a premined stream asks of a miner. */
    public static final long MAX_PREMINED = 1L << 22;

    /*
     * A miner's ring (coin.h): positions are byte counts that never wrap; records are
     * RECORD_ALIGN-aligned; a PAD record (magic, u32 length) skips to the end of the data.
     *   0    producer  u64   miner store-release   / parent load-acquire
     *   64   consumer  u64   parent store-release  / miner load-acquire
     *   128  capacity  u64   power of two
     *   192  data[capacity]
     */
    public static final int RING_PRODUCER_OFFSET = 0;
    public static final int RING_CONSUMER_OFFSET = 64;
    public static final int RING_CAPACITY_OFFSET = 128;
    public static final int RING_DATA_OFFSET = 192;
    public static final int RECORD_ALIGN = 64;
    public static final int PAD_LENGTH_OFFSET = 4;
    /** Ring data bytes when nothing bigger is needed: a pipe's default buffer, for a fair comparison. */
    public static final int DEFAULT_RING_CAPACITY = 65536;

    /*
     * The doorbell page shared by all miners and the parent (shm-futex).
     *   0    rings    u32  futex word, +1 per publish
     *   64   waiting  u32  the parent is (about to be) asleep on `rings`
     */
    public static final int DOORBELL_RINGS_OFFSET = 0;
    public static final int DOORBELL_WAITING_OFFSET = 64;
    public static final int DOORBELL_LENGTH = 4096;

    /** A coin record's length in a ring: 128 + payload, rounded up to RECORD_ALIGN. */
    public static long ringRecordLength(int payloadLength) {
        return (COIN_LENGTH + (long) payloadLength + RECORD_ALIGN - 1) & -(long) RECORD_ALIGN;
    }

    /** Ring capacity for a payload size: the default, or the power of two holding two records. */
    public static long ringCapacityFor(int payloadLength) {
        long twice = 2 * ringRecordLength(payloadLength);
        return Math.max(DEFAULT_RING_CAPACITY, Long.highestOneBit(twice - 1) << 1);
    }

    public static final int COIN_LENGTH = 128;
    public static final int COIN_MAGIC_OFFSET = 0;
    public static final int COIN_MINER_OFFSET = 4;
    public static final int COIN_ROUND_OFFSET = 8;
    public static final int COIN_NONCE_OFFSET = 16;
    public static final int COIN_MINED_NS_OFFSET = 24;
    public static final int COIN_DIFFICULTY_OFFSET = 32;
    public static final int COIN_PAYLOAD_LENGTH_OFFSET = 36;
    public static final int COIN_PAYLOAD_SUM_OFFSET = 40;
    public static final int COIN_STARTED_NS_OFFSET = 48;
    public static final int COIN_DIGEST_OFFSET = 64;
    public static final int DIGEST_LENGTH = 64;

    public static final int ZEROES_REPORT_LENGTH = 96;
    public static final int ZEROES_MAGIC_OFFSET = 0;
    public static final int ZEROES_MINER_OFFSET = 4;
    public static final int ZEROES_CHUNK_OFFSET = 8;
    public static final int ZEROES_FOUND_OFFSET = 16;
    public static final int ZEROES_HASHED_OFFSET = 24;
    public static final int ZEROES_DIGEST_OFFSET = 32;

    /** Coin message: seed | round | miner | nonce, each u64 little-endian (native/include/sha512.h). */
    public static final int COIN_MESSAGE_LENGTH = 32;
}

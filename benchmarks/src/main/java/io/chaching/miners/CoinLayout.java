package io.chaching.miners;

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

    public static final int COIN_MAGIC = 0x4e494f43;
    public static final int ZEROES_MAGIC = 0x4f52455a;
    public static final int COMMAND_ROUND = 1;
    public static final int COMMAND_QUIT = 2;

    public static final int COMMAND_LENGTH = 32;
    public static final int COMMAND_OP_OFFSET = 0;
    public static final int COMMAND_DIFFICULTY_OFFSET = 4;
    public static final int COMMAND_SEED_OFFSET = 8;
    public static final int COMMAND_ROUND_OFFSET = 16;

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

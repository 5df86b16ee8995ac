package io.chaching.coins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chaching.NativeLayout;
import io.chaching.sys.NativeBinaries;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CoinLayout.java against native/include/coin.h, as the miner binary itself reports it. */
class CoinLayoutTest {
    @Test
    void javaOffsetsMatchTheMiners() throws Exception {
        Map<String, String> raw = NativeLayout.of("miner");
        Map<String, Long> c = new HashMap<>();
        raw.forEach((k, v) -> {
            if (v.chars().allMatch(Character::isDigit) && v.length() < 19) {
                c.put(k, Long.parseLong(v));
            }
        });
        assertEquals(CoinLayout.COMMAND_LENGTH, c.get("command.size"));
        assertEquals(CoinLayout.COMMAND_OP_OFFSET, c.get("command.op"));
        assertEquals(CoinLayout.COMMAND_DIFFICULTY_OFFSET, c.get("command.difficulty"));
        assertEquals(CoinLayout.COMMAND_SEED_OFFSET, c.get("command.seed"));
        assertEquals(CoinLayout.COMMAND_ROUND_OFFSET, c.get("command.round"));
        assertEquals(CoinLayout.COMMAND_COUNT_OFFSET, c.get("command.count"));
        assertEquals(CoinLayout.COMMAND_CHANNEL_OFFSET, c.get("command.channel"));
        assertEquals(CoinLayout.COMMAND_PAYLOAD_LENGTH_OFFSET, c.get("command.payload_length"));
        assertEquals(CoinLayout.COMMAND_BATCH_OFFSET, c.get("command.batch"));
        assertEquals(CoinLayout.COMMAND_PACE_NS_OFFSET, c.get("command.pace_ns"));
        assertEquals(CoinLayout.COMMAND_FLAGS_OFFSET, c.get("command.flags"));
        assertEquals(CoinLayout.STREAM_PREMINED, c.get("stream.premined.value"));
        assertEquals(CoinLayout.MAX_PREMINED, (long) c.get("max.premined"));
        assertEquals(CoinLayout.COMMAND_STREAM, c.get("command.stream.value"));
        assertEquals(Integer.toUnsignedLong(CoinLayout.PAD_MAGIC), c.get("pad.magic.value"));
        assertEquals(CoinLayout.RING_PRODUCER_OFFSET, c.get("ring.producer"));
        assertEquals(CoinLayout.RING_CONSUMER_OFFSET, c.get("ring.consumer"));
        assertEquals(CoinLayout.RING_CAPACITY_OFFSET, c.get("ring.capacity"));
        assertEquals(CoinLayout.RING_DATA_OFFSET, c.get("ring.data"));
        assertEquals(CoinLayout.RECORD_ALIGN, c.get("ring.align"));
        assertEquals(CoinLayout.DOORBELL_RINGS_OFFSET, c.get("doorbell.rings"));
        assertEquals(CoinLayout.DOORBELL_WAITING_OFFSET, c.get("doorbell.waiting"));
        assertEquals(CoinLayout.DOORBELL_LENGTH, c.get("doorbell.length"));
        assertEquals(CoinLayout.MAX_PAYLOAD, c.get("max.payload"));
        assertEquals(CoinLayout.MAX_BATCH, c.get("max.batch"));
        assertEquals(CoinLayout.COMMAND_FD, c.get("fd.command"));
        assertEquals(CoinLayout.COIN_FD, c.get("fd.coin"));
        assertEquals(CoinLayout.RING_FD, c.get("fd.ring"));
        assertEquals(CoinLayout.DOORBELL_FD, c.get("fd.doorbell"));
        assertEquals(CoinLayout.SOCKET_FD, c.get("fd.socket"));
        assertEquals(CoinLayout.CHANNEL_PIPE, c.get("channel.pipe"));
        assertEquals(CoinLayout.CHANNEL_SHM, c.get("channel.shm"));
        assertEquals(CoinLayout.CHANNEL_SHM_FUTEX, c.get("channel.shm_futex"));
        assertEquals(CoinLayout.CHANNEL_SOCKET, c.get("channel.socket"));
        byte[] probe = new byte[13];
        for (int i = 0; i < 13; i++) {
            probe[i] = (byte) (i * 37 + 1);
        }
        assertEquals(Long.parseUnsignedLong(raw.get("payload.checksum.13")),
                Payloads.checksum(java.nio.ByteBuffer.wrap(probe), 0, 13), "payload checksum C vs Java");
        assertEquals(CoinLayout.COIN_LENGTH, c.get("coin.size"));
        assertEquals(CoinLayout.COIN_MAGIC_OFFSET, c.get("coin.magic"));
        assertEquals(CoinLayout.COIN_MINER_OFFSET, c.get("coin.miner"));
        assertEquals(CoinLayout.COIN_ROUND_OFFSET, c.get("coin.round"));
        assertEquals(CoinLayout.COIN_NONCE_OFFSET, c.get("coin.nonce"));
        assertEquals(CoinLayout.COIN_MINED_NS_OFFSET, c.get("coin.mined_ns"));
        assertEquals(CoinLayout.COIN_DIFFICULTY_OFFSET, c.get("coin.difficulty"));
        assertEquals(CoinLayout.COIN_PAYLOAD_LENGTH_OFFSET, c.get("coin.payload_length"));
        assertEquals(CoinLayout.COIN_PAYLOAD_SUM_OFFSET, c.get("coin.payload_sum"));
        assertEquals(CoinLayout.COIN_STARTED_NS_OFFSET, c.get("coin.started_ns"));
        assertEquals(CoinLayout.COIN_DIGEST_OFFSET, c.get("coin.digest"));
        assertEquals(CoinLayout.ZEROES_REPORT_LENGTH, c.get("zeroes_report.size"));
        assertEquals(CoinLayout.ZEROES_MAGIC_OFFSET, c.get("zeroes_report.magic"));
        assertEquals(CoinLayout.ZEROES_MINER_OFFSET, c.get("zeroes_report.miner"));
        assertEquals(CoinLayout.ZEROES_CHUNK_OFFSET, c.get("zeroes_report.chunk"));
        assertEquals(CoinLayout.ZEROES_FOUND_OFFSET, c.get("zeroes_report.found"));
        assertEquals(CoinLayout.ZEROES_HASHED_OFFSET, c.get("zeroes_report.hashed"));
        assertEquals(CoinLayout.ZEROES_DIGEST_OFFSET, c.get("zeroes_report.digest"));
        assertEquals(Integer.toUnsignedLong(CoinLayout.COIN_MAGIC), c.get("coin.magic.value"));
        assertEquals(Integer.toUnsignedLong(CoinLayout.ZEROES_MAGIC), c.get("zeroes_report.magic.value"));
        assertEquals(CoinLayout.COMMAND_ROUND, c.get("command.round.value"));
        assertEquals(CoinLayout.COMMAND_QUIT, c.get("command.quit.value"));
    }

    /**
     * coin.h's descriptor table: fds 5, 6 and 7 are optional, and a miner refuses, in one line,
     * a channel whose descriptor it was not given (or that is not what the channel needs).
     */
    @Test
    void aChannelWithoutItsDescriptorIsRefused(@TempDir Path dir) throws Exception {
        assertEquals("miner 0: refused command: channel=3 needs a socket on fd 7", refusal(dir, CoinLayout.CHANNEL_SOCKET, ""));
        assertEquals("miner 0: refused command: channel=3 needs a socket on fd 7",
                refusal(dir, CoinLayout.CHANNEL_SOCKET, "7>/dev/null"), "a file on fd 7 is not a socket");
        assertEquals("miner 0: refused command: channel=1 needs a ring on fd 5", refusal(dir, CoinLayout.CHANNEL_SHM, ""));
        assertEquals("miner 0: refused command: unknown channel=4", refusal(dir, CoinLayout.CHANNEL_SOCKET + 1, ""));
    }

    /** A miner given one round on `channel`, fd 3 a file holding the command, fd 4 /dev/null and {@code redirect}: its stderr. */
    private static String refusal(Path dir, int channel, String redirect) throws Exception {
        ByteBuffer cmd = ByteBuffer.allocate(CoinLayout.COMMAND_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(CoinLayout.COMMAND_OP_OFFSET, CoinLayout.COMMAND_ROUND)
                .putInt(CoinLayout.COMMAND_CHANNEL_OFFSET, channel)
                .putInt(CoinLayout.COMMAND_BATCH_OFFSET, 1);
        Path file = dir.resolve("command-" + channel);
        Files.write(file, cmd.array());
        Process p = new ProcessBuilder(List.of("bash", "-c", "exec \"$0\" --id 0 --parent-pid 0 3<\"$1\" 4>/dev/null " + redirect,
                NativeBinaries.program("miner").toString(), file.toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "the miner hung");
        assertEquals(1, p.exitValue(), err);
        return err;
    }
}

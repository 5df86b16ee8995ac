package io.chaching.handoff;

import io.chaching.coins.CoinLayout;
import io.chaching.miners.Miner;

/**
 * uds: each miner's coins come over a Unix-domain stream socket, one end of a
 * socketpair(AF_UNIX, SOCK_STREAM) per miner, instead of its coin pipe. The miner writes the
 * same records it writes to the pipe (CHANNEL_SOCKET, coin.h's SOCKET_FD), so the parent waits
 * and reads exactly as {@link EpollHandoff} does, level-triggered, with the pipe's framing: what
 * differs is only what the kernel carries the bytes in (a socket's buffer, its own size, instead
 * of a pipe's 64 KiB, and no PIPE_BUF atomicity, which the framing never relied on).
 */
final class UdsHandoff extends EpollHandoff {
    UdsHandoff() {
        super(Miner::socket);
    }

    @Override
    public String name() {
        return "uds";
    }

    @Override
    public int channel() {
        return CoinLayout.CHANNEL_SOCKET;
    }
}

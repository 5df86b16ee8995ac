/* uds: each miner's coin pipe replaced by a Unix-domain stream socket, one
 * socketpair(AF_UNIX, SOCK_STREAM) per miner, which parent_miners.c makes for CHANNEL_SOCKET (the
 * miner's end at SOCKET_FD, ours in m->coin_fd). The miner writes the pipe's records to it, so
 * the parent waits and reads exactly as epoll does with pipes: the same loop (parent_pipes.c),
 * the same framing (pipe_read, pipe_cash). What differs is only what the kernel carries the
 * bytes in: a socket's buffer (net.core.wmem_default) instead of a pipe's 64 KiB. */
#include "coin.h"
#include "parent.h"

const struct handoff handoff_uds = {
    .name = "uds", .channel = CHANNEL_SOCKET, .nonblocking = 1,
    .open = pipes_epoll_open, .collect = pipes_epoll_collect, .close = pipes_epoll_close,
};

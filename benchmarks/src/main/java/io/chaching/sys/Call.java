package io.chaching.sys;

/**
 * Names a call site for the {@link SyscallException} a checked wrapper throws, e.g.
 * "read(coins, miner 3, fd=12)". Asked only when a call fails, so the message costs nothing on
 * the hot path: keep one per site (a field built once), not a lambda made per call.
 */
@FunctionalInterface
public interface Call {
    String describe();
}

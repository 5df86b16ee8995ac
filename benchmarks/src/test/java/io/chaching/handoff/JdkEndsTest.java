package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.miners.Miner;
import io.chaching.miners.MinerPool;
import io.chaching.rounds.Rounds;
import io.chaching.rounds.Streams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pool whose parent ends the JDK made (jdk-selector, jdk-mapped): what the conformance suite
 * does not look at. Its sockets are connected JDK channels and its rings JDK mappings, the
 * rendezvous path is gone once the pool is spawned, and a hand-off given a pool of the other kind
 * says so in one line instead of reading the wrong thing.
 */
class JdkEndsTest {
    static final long SEED = 20261202L;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    @Test
    @Timeout(60)
    void aJdkPoolHoldsChannelsAndJdkMappingsAndLeavesNothingBehind() throws Exception {
        Leaks before = Leaks.snapshot();
        List<Path> rendezvousBefore = rendezvousDirs();
        try (MinerPool pool = MinerPool.spawn(4, MinerPool.Ends.JDK)) {
            assertEquals(rendezvousBefore, rendezvousDirs(), "the socket path outlived the spawn");
            for (Miner m : pool.miners()) {
                assertTrue(m.socketChannel().isConnected(), "miner " + m.id());
                assertTrue(m.ring().mappedByJdk(), "miner " + m.id());
            }
            // both JDK hand-offs, one after the other, on the same pool
            for (String name : List.of("jdk-selector", "jdk-mapped")) {
                try (Handoff handoff = Handoffs.create(name)) {
                    Rounds rounds = new Rounds(pool, handoff, SEED, TIMEOUT);
                    for (long r = 0; r < 20; r++) {
                        assertEquals(4, rounds.run(r, 4, null).coins().size(), name);
                    }
                    Streams.Result s = new Streams(pool, handoff, SEED, TIMEOUT)
                            .run(new Streams.Spec(1, 0, 10_000, 100, 8, 0, true), null);
                    assertEquals(40_000, s.coins(), name);
                }
            }
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    @Timeout(60)
    void aHandoffGivenThePoolOfTheOtherEndsSaysWhichItNeeds() throws Exception {
        Leaks before = Leaks.snapshot();
        try (MinerPool jna = MinerPool.spawn(2); MinerPool jdk = MinerPool.spawn(2, MinerPool.Ends.JDK)) {
            for (String name : List.of("jdk-selector", "jdk-mapped")) {
                try (Handoff handoff = Handoffs.create(name)) {
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> new Rounds(jna, handoff, SEED, TIMEOUT));
                    assertEquals("hand-off " + name + " needs a miner pool with ends=JDK (spawn it with MinerPool.spawn("
                            + "miners, ringCapacity, Handoffs.ends(\"" + name + "\"))): this pool's are ends=JNA", e.getMessage());
                }
            }
            try (Handoff uds = Handoffs.create("uds")) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Rounds(jdk, uds, SEED, TIMEOUT));
                assertTrue(e.getMessage().startsWith("miner 0's socket is a JDK SocketChannel"), e.getMessage());
            }
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void everyHandoffOfTheCParentReadsJnaEndsAndTheJdksReadJdkOnes() {
        for (String name : Handoffs.inCParent()) {
            assertEquals(MinerPool.Ends.JNA, Handoffs.ends(name), name);
        }
        assertEquals(MinerPool.Ends.JDK, Handoffs.ends("jdk-selector"));
        assertEquals(MinerPool.Ends.JDK, Handoffs.ends("jdk-mapped"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Handoffs.ends("carrier-pigeon"));
        assertTrue(e.getMessage().startsWith("unknown hand-off: handoff=carrier-pigeon"), e.getMessage());
    }

    /** The pools' rendezvous directories in java.io.tmpdir. */
    private static List<Path> rendezvousDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("cha-ching-sockets")).sorted().toList();
        }
    }
}

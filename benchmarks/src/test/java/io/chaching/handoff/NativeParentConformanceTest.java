package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chaching.coins.CoinVerifier;
import io.chaching.sys.NativeBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same conformance suite against the C reference parent: every hand-off, its coins checked
 * here in Java from its trace (the C parent also verifies each one itself).
 */
class NativeParentConformanceTest {
    static final long SEED = 20261124L;

    static List<String> handoffs() {
        return Handoffs.inCParent();
    }

    record Run(int status, String out, String err, long elapsedNs) {
    }

    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(NativeBinaries.program("cparent").toString(), "--miner",
                NativeBinaries.program("miner").toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    static Run finish(Process p, long startNs) throws Exception {
        p.getOutputStream().close();
        // stderr is small; read it on another thread so neither pipe can fill and stall the parent
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the native parent hung");
        }
        return new Run(p.exitValue(), out, err.get(), System.nanoTime() - startNs);
    }

    static Run run(String... args) throws Exception {
        return finish(start(args), System.nanoTime());
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(180)
    void sixteenMinersTwoHundredRoundsEveryCoinExactlyOnce(String name, @TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.csv");
        Run r = run("--handoff", name, "--miners", "16", "--rounds", "200", "--difficulty", "6", "--seed",
                Long.toString(SEED), "--quiet", "--trace", trace.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("summary parent=native handoff=" + name + " "), r.out());
        List<String> lines = Files.readAllLines(trace);
        assertEquals("parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs", lines.get(0));
        assertEquals(16 * 200 + 1, lines.size());
        CoinVerifier verifier = new CoinVerifier();
        Set<String> seen = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals("native", f[0]);
            assertEquals(name, f[1]);
            int miner = Integer.parseInt(f[2]);
            long round = Long.parseLong(f[3]);
            long nonce = Long.parseUnsignedLong(f[4]);
            assertTrue(seen.add(miner + "/" + round), "twice: " + miner + "/" + round);
            byte[] digest = verifier.digest(SEED, round, miner, nonce);
            assertArrayEquals(digest, HexFormat.of().parseHex(f[5]), line);
            assertTrue(CoinVerifier.leadingZeroBits(digest) >= 6, line);
            assertTrue(Long.parseLong(f[9]) >= Long.parseLong(f[8]), "cashed before mined: " + line);
        }
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(180)
    void millionCoinStream(String name) throws Exception {
        Run r = run("--handoff", name, "--miners", "16", "--stream", "62500", "--difficulty", "0", "--batch", "32",
                "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(" coins=1000000 "), r.out());
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(180)
    void preminedStream(String name) throws Exception {
        Run r = run("--handoff", name, "--miners", "4", "--stream", "100000", "--difficulty", "0", "--batch", "32",
                "--premined", "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains(" coins=400000 "), r.out());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> handoffsAndWorkloads() {
        return Handoffs.inCParent().stream().flatMap(h -> Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(h, "mid-round"),
                org.junit.jupiter.params.provider.Arguments.of(h, "mid-stream")));
    }

    @ParameterizedTest
    @MethodSource("handoffsAndWorkloads")
    @Timeout(60)
    void killedMinerFailsNamingMinerAndSignal(String name, String when) throws Exception {
        long started = System.nanoTime();
        Process p = when.equals("mid-round")
                ? start("--handoff", name, "--miners", "4", "--rounds", "1", "--difficulty", "36", "--quiet")
                : start("--handoff", name, "--miners", "4", "--stream", "100000000", "--difficulty", "0", "--batch", "8",
                        "--quiet");
        int victim = minerPid(p.pid(), 0);
        List<Integer> all = new ArrayList<>();
        for (int id = 0; id < 4; id++) {
            all.add(minerPid(p.pid(), id));
        }
        new ProcessBuilder("kill", "-KILL", Integer.toString(victim)).start().waitFor();
        Run r = finish(p, started);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("miner 0 "), r.err());
        assertTrue(r.err().contains("SIGKILL"), r.err());
        assertTrue(r.elapsedNs() < TimeUnit.SECONDS.toNanos(30), "took " + r.elapsedNs() / 1e9 + " s");
        for (int pid : all) {
            // orphans would be re-parented, so look the pids up themselves
            Path stat = Path.of("/proc/" + pid + "/stat");
            assertTrue(!Files.exists(stat) || !Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("miner"),
                    "miner pid " + pid + " left running");
        }
    }

    @ParameterizedTest
    @MethodSource("handoffs")
    @Timeout(60)
    void minerThatStopsAnsweringTimesOut(String name) throws Exception {
        long started = System.nanoTime();
        Process p = start("--handoff", name, "--miners", "3", "--rounds", "1000000", "--difficulty", "4", "--quiet",
                "--timeout", "2");
        int victim = minerPid(p.pid(), 1);
        new ProcessBuilder("kill", "-STOP", Integer.toString(victim)).start().waitFor();
        Run r = finish(p, started);
        assertEquals(1, r.status(), r.out() + r.err());
        // blocking still waits on 1 and has not looked at 2; the others have 2's coin
        assertTrue(r.err().matches("(?s).*timed out after 2 s waiting for miners? 1(, 2)? .*"), r.err());
        assertTrue(!Files.exists(Path.of("/proc/" + victim + "/cmdline"))
                || !Files.readString(Path.of("/proc/" + victim + "/cmdline")).startsWith("miner"), "stopped miner left behind");
    }

    /** Waits (bounded) until the parent has spawned miner {@code id}, and returns its pid. */
    static int minerPid(long parent, int id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (int pid : minersOf(parent)) {
                String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
                if (cmdline.contains("--id " + id + " ")) {
                    return pid;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the native parent never spawned miner " + id);
    }

    /** Live processes whose parent is {@code parent} and that run the miner binary. */
    static List<Integer> minersOf(long parent) throws IOException {
        List<Integer> miners = new ArrayList<>();
        for (int pid : io.chaching.Leaks.childrenOf(parent)) {
            try {
                String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
                if (cmd.startsWith("miner")) { // a zombie's cmdline is empty
                    miners.add(pid);
                }
            } catch (IOException gone) {
                // exited while we looked
            }
        }
        return miners;
    }
}

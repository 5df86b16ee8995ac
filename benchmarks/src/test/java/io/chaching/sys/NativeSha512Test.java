package io.chaching.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.coins.CoinVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The miners' C SHA-512 against FIPS 180-4 and java.security.MessageDigest, on every kernel this CPU has: the
 * one-shot digest, the searches, and the batched coin digests.
 */
class NativeSha512Test {
    private static final HexFormat HEX = HexFormat.of();

    @AfterEach
    void restoreKernel() {
        assertEquals(0, NativeSha512.sha512_set_kernel(bestKernels().get(0)));
    }

    /** Kernels the CPU supports, best first, from /proc/cpuinfo (not from the library under test). */
    static List<String> bestKernels() {
        List<String> k = new ArrayList<>();
        try {
            String flags = Files.readString(Path.of("/proc/cpuinfo"));
            if (flags.contains(" avx512f") && flags.contains(" avx512vl")) {
                k.add("avx512");
            }
            if (flags.contains(" avx2")) {
                k.add("avx2");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        k.add("portable");
        return k;
    }

    private static byte[] c(byte[] msg) {
        byte[] out = new byte[64];
        NativeSha512.sha512(msg, msg.length, out);
        return out;
    }

    @Test
    void fipsVectors() {
        assertEquals("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f", HEX.formatHex(c("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f"
                + "63b931bd47417a81a538327af927da3e", HEX.formatHex(c(new byte[0])));
        assertEquals("204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca0"
                + "31ad85c7a71dd70354ec631238ca3445", HEX.formatHex(c(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433a"
                + "c7d329eeb6dd26545e96e55b874be909", HEX.formatHex(c(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
                + "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").getBytes(StandardCharsets.US_ASCII))));
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');
        assertEquals("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31b"
                + "eb009c5c2c49aa2e4eadb217ad8cc09b", HEX.formatHex(c(million)));
    }

    @Test
    void agreesWithMessageDigestOnRandomInputs() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            // every length around the one- and two-block padding boundaries, then random ones
            int len = i < 300 ? i : rnd.nextInt(5000);
            byte[] msg = new byte[len];
            rnd.nextBytes(msg);
            assertArrayEquals(md.digest(msg), c(msg), "length " + len);
        }
    }

    @Test
    void everyKernelFindsTheSameCoinsAsJava() {
        CoinVerifier java = new CoinVerifier();
        for (String kernel : bestKernels()) {
            assertEquals(0, NativeSha512.sha512_set_kernel(kernel), kernel);
            assertEquals(kernel, NativeSha512.sha512_kernel());
            for (int miner = 0; miner < 16; miner++) {
                long[] nonce = new long[1];
                byte[] digest = new byte[64];
                assertEquals(1, NativeSha512.coin_search(7, 3, miner, 12, 0, 1 << 22, nonce, digest), kernel);
                assertArrayEquals(java.digest(7, 3, miner, nonce[0]), digest, kernel + " miner " + miner);
                assertTrue(CoinVerifier.leadingZeroBits(digest) >= 12);
                // and it is the first such nonce: none below it qualifies
                for (long n = 0; n < nonce[0]; n++) {
                    assertTrue(CoinVerifier.leadingZeroBits(java.digest(7, 3, miner, n)) < 12,
                            kernel + ": nonce " + n + " qualifies before " + nonce[0]);
                }
            }
        }
    }

    /** Counts 0..40 (every tail of 1, 4, 8 and 16 lanes, alone and after full batches) and a few batches' worth. */
    private static final int[] DIGEST_COUNTS = IntStream.concat(
            IntStream.rangeClosed(0, 40), IntStream.of(63, 64, 65, 1000)).toArray();

    private static byte[] coinDigest(MessageDigest md, long seed, long round, int miner, long nonce) {
        return md.digest(CoinVerifier.message(seed, round, miner, nonce));
    }

    /** A digest array one digest longer than asked for, filled with a mark, to see nothing is written past count. */
    private static byte[] marked(int count) {
        byte[] out = new byte[(count + 1) * 64];
        Arrays.fill(out, (byte) 0xee);
        return out;
    }

    private static void assertDigests(MessageDigest md, long seed, long round, int[] miner, long[] nonce, int count,
                                      byte[] out, String what) {
        for (int k = 0; k < count; k++) {
            assertArrayEquals(coinDigest(md, seed, round, miner[k], nonce[k]),
                    Arrays.copyOfRange(out, 64 * k, 64 * k + 64), what + " count " + count + " coin " + k);
        }
        for (int i = 64 * count; i < out.length; i++) {
            assertEquals((byte) 0xee, out[i], what + ": byte " + i + " written past count " + count);
        }
    }

    @Test
    void everyKernelsCoinDigestsAgreeWithMessageDigest() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        long[][] cases = {{7, 3, 5, 0}, {-1, -2, -1, -20}, {Long.MIN_VALUE, 1L << 32, Integer.MIN_VALUE, 0xfffffff0L}};
        for (String kernel : bestKernels()) {
            assertEquals(0, NativeSha512.sha512_set_kernel(kernel), kernel);
            for (long[] c : cases) {
                int miner = (int) c[2];
                for (int count : DIGEST_COUNTS) {
                    byte[] out = marked(count);
                    NativeSha512.coin_digests(c[0], c[1], miner, c[3], count, out);
                    int[] miners = new int[count];
                    long[] nonces = new long[count];
                    Arrays.fill(miners, miner);
                    for (int k = 0; k < count; k++) {
                        nonces[k] = c[3] + k; // wraps past 2^64 - 1 like the C side
                    }
                    assertDigests(md, c[0], c[1], miners, nonces, count, out, kernel + " coin_digests seed " + c[0]);
                }
            }
        }
    }

    @Test
    void everyKernelsCoinDigestsOfAgreeWithMessageDigest() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        Random rnd = new Random(16);
        for (String kernel : bestKernels()) {
            assertEquals(0, NativeSha512.sha512_set_kernel(kernel), kernel);
            for (int count : DIGEST_COUNTS) {
                int[] miners = new int[count];
                long[] nonces = new long[count];
                for (int k = 0; k < count; k++) {
                    // mostly a parent's small miners and nonces, some anywhere in range
                    miners[k] = k % 7 == 3 ? rnd.nextInt() : rnd.nextInt(16);
                    nonces[k] = k % 5 == 2 ? rnd.nextLong() : rnd.nextInt(100_000);
                }
                byte[] out = marked(count);
                NativeSha512.coin_digests_of(99, 5, miners, nonces, count, out);
                assertDigests(md, 99, 5, miners, nonces, count, out, kernel + " coin_digests_of");
            }
        }
    }

    @Test
    void workIsDeterministicFromSeedRoundAndMiner() {
        long[] a = new long[1];
        long[] b = new long[1];
        long[] other = new long[1];
        byte[] d = new byte[64];
        NativeSha512.coin_search(99, 5, 3, 14, 0, 1 << 24, a, d);
        NativeSha512.coin_search(99, 5, 3, 14, 0, 1 << 24, b, d);
        assertEquals(a[0], b[0]);
        int differing = 0;
        for (int seed = 100; seed < 108; seed++) {
            NativeSha512.coin_search(seed, 5, 3, 14, 0, 1 << 24, other, d);
            differing += other[0] != a[0] ? 1 : 0;
        }
        assertNotEquals(0, differing, "the seed must change the work");
    }

    @Test
    void everyKernelFindsTheDocumentsZeroes() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        for (String kernel : bestKernels()) {
            assertEquals(0, NativeSha512.sha512_set_kernel(kernel), kernel);
            long[] found = new long[1];
            byte[] digest = new byte[64];
            assertEquals(1, NativeSha512.zeroes_search(5, 0, 2_000_000, found, digest), kernel);
            assertEquals(1839773, found[0], kernel);
            assertArrayEquals(md.digest("1839773".getBytes(StandardCharsets.US_ASCII)), digest, kernel);
            // a range that crosses from 5 to 6 digits and starts past the answer finds the next one
            assertEquals(1, NativeSha512.zeroes_search(3, 99_990, 1_000_000, found, digest), kernel);
            assertTrue(HEX.formatHex(md.digest(Long.toString(found[0]).getBytes(StandardCharsets.US_ASCII))).startsWith("000"));
            for (long n = 99_990; n < found[0]; n++) {
                assertTrue(!HEX.formatHex(md.digest(Long.toString(n).getBytes(StandardCharsets.US_ASCII))).startsWith("000"),
                        kernel + ": " + n + " qualifies before " + found[0]);
            }
        }
    }
}

package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SHA512 race: the document's answers, the smallest integer whatever the process count. */
class ZeroesRaceTest {
    static final String FIVE_ZEROS = "(5, 1839773, '00000a6e66e4f6b265dd66a431cad21e65d0af4f9a88f83838545248ae2eaf32"
            + "6327b357cdc856ad10e94070afb2e559c4b374667f5bdd58aa5b3bdeec27cf5f')";

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    @Timeout(60)
    void fiveZerosGiveTheDocumentsNonceAndDigest(int procs) throws Exception {
        Leaks before = Leaks.snapshot();
        try (ZeroesRace race = new ZeroesRace()) {
            assertEquals(FIVE_ZEROS, race.run(5, procs, null, 0).pythonTuple());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 64})
    @Timeout(60)
    void answerIsTheSmallestWhateverTheProcessCount(int procs) throws Exception {
        // Brute force in Java for 3 zeros; the race must agree for any number of processes.
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        long n = 0;
        while (!HexFormat.of().formatHex(md.digest(Long.toString(n).getBytes(StandardCharsets.US_ASCII))).startsWith("000")) {
            n++;
        }
        try (ZeroesRace race = new ZeroesRace()) {
            ZeroesRace.Result r = race.run(3, procs, null, 0);
            assertEquals(n, r.number());
            assertTrue(r.hashed() > n, "hashed " + r.hashed() + " integers to find " + n);
        }
    }

    /**
     * Many miners on few cores: the spawning and listening parent must not starve behind miners
     * already hashing, and the miners must not hash far past the answer. On main, 512 took more
     * than 100 s here (2 cores) and hashed every miner's 65536-integer chunk first.
     */
    @ParameterizedTest
    @ValueSource(ints = {512, 1024})
    void manyMinersFindTheAnswerWithoutHashingFarPastIt(int procs) throws Exception {
        Leaks before = Leaks.snapshot();
        ZeroesRace.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ZeroesRace race = new ZeroesRace()) {
                return race.run(5, procs, null, 0);
            }
        }, "hang guard: 5 zeros take well under a second of hashing");
        assertEquals(FIVE_ZEROS, r.pythonTuple());
        // the answer's 1839773 integers plus at most two waves of in-flight chunks (4096 each here)
        assertTrue(r.hashed() <= 1_839_774L + 2L * procs * 4096, "hashed " + r.hashed());
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void argumentsOutOfRangeAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZeroesRace.checkArguments(17, 2));
        assertTrue(e.getMessage().contains("ZEROS=17") && e.getMessage().contains("1..16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ZeroesRace.checkArguments(5, 0));
        assertTrue(e.getMessage().contains("PROCS=0") && e.getMessage().contains("1..1024"), e.getMessage());
    }
}

package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.bogatyrs.Text;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BogatyrsTest {
    private static List<String> run(String... args) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            assertEquals(0, Bogatyrs.run(args, out));
        }
        return buf.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsEachLetterAsHeardThenTheTextThenASummary() throws Exception {
        Leaks before = Leaks.snapshot();
        List<String> lines = run("--transport", "shm", "--seed", "4");
        assertEquals(35, lines.size(), String.join("\n", lines));
        for (int i = 0; i < 33; i++) {
            String want = Character.toString(Text.RUSSIAN_ALPHABET.codePointAt(Text.RUSSIAN_ALPHABET.offsetByCodePoints(0, i)));
            assertTrue(lines.get(i).matches(" *\\d+\\.\\d{3} ms  bogatyr at address \\d+ \\(pid \\d+\\) says '" + want + "'"), lines.get(i));
        }
        assertEquals(Text.RUSSIAN_ALPHABET, lines.get(33));
        assertTrue(lines.get(34).startsWith("33 bogatyrs over shm agreed after 1 draw round at "), lines.get(34));
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void anyUtf8TextWithFewerLettersThanBogatyrs() throws Exception {
        List<String> lines = run("--count", "20", "--text", "Hello world! Привет, мир", "--chaos", "--seed", "1");
        assertEquals("Hello world! Привет, мир", lines.get(lines.size() - 2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--count|0|--count must be in 1..1024: --count=0",
        "--count|1025|--count must be in 1..1024: --count=1025",
        "--count|8|the default text (А to Я) has 33 distinct letters but there are 8 bogatyrs: every distinct letter needs its own bogatyr (raise --count to 33 or give a --text with at most 8 distinct letters)",
        "--text|''|--text must not be empty",
        "--transport|pigeon|--transport must be one of pipe, shm: --transport=pigeon",
        "--seed|-1|--seed must be in 0..9223372036854775807: --seed=-1",
    })
    void badInputIsOneLine(String option, String value, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Bogatyrs.parse(new String[] {option, value}));
        assertEquals(message, e.getMessage());
    }

    @Test
    void moreDistinctLettersThanBogatyrs() {
        UsageException e = assertThrows(UsageException.class,
                () -> Bogatyrs.parse(new String[] {"--count", "8", "--text", "Hello world!"}));
        assertEquals("--text has 9 distinct letters but there are 8 bogatyrs: every distinct letter needs its own bogatyr "
                + "(raise --count to 9 or give a --text with at most 8 distinct letters)", e.getMessage());
    }
}

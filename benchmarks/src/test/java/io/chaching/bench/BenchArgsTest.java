package io.chaching.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.args.Spec;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bench's arguments, read by its spec (the script's own cases, run as a process, are in ScriptsIT). */
class BenchArgsTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--out;--out needs a value (DIR)",
        "--profile;--profile needs a value (smoke|quick|full|ab)",
        "--profile --out /repo/target/bench;--profile needs a value (smoke|quick|full|ab)",
        "--profile fast;--profile must be one of smoke, quick, full, ab: --profile=fast",
        "--include [;--include must be a regular expression: --include=[ (Unclosed character class near index 0)",
        "--seed x;--seed must be an integer in -9223372036854775808..9223372036854775807, not 'x'",
        "--colour red;unknown option: --colour",
    })
    void badInputIsOneLineNamingTheValue(String line, String message) {
        Spec.BadArguments e = assertThrows(Spec.BadArguments.class, () -> BenchMain.SPEC.parse(line.split(" ")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void bothFormsAndMavensEmptyValues() {
        Spec.Parsed a = BenchMain.SPEC.parse("--profile=smoke", "--include=", "--out", "x", "--seed=-3");
        assertEquals("smoke", a.string("profile"));
        assertEquals("", a.<Pattern>get("include").pattern());
        assertEquals("x", a.string("out"));
        assertEquals(-3, a.integer("seed"));
        assertTrue(BenchMain.SPEC.parse("-h").help());
        assertTrue(BenchMain.SPEC.usage().startsWith("usage: bench "), BenchMain.SPEC.usage());
    }
}

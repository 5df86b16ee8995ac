package io.chaching.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecTest {
    static final Spec SPEC = new Spec("demo", "[--miners N] [--handoff NAME] [--text T] [--out DIR] [--chaos]")
            .option("miners", "N", Spec.Kind.integer(1, 1024), 16L, "miner processes")
            .option("handoff", "NAME", Spec.Kind.oneOf(List.of("blocking", "epoll")), "blocking", "how coins travel")
            .option("text", "T", Spec.Kind.text(), "hi", "what they say")
            .option("out", "DIR", Spec.Kind.path(), "target", "where results go")
            .option("include", "REGEX", Spec.Kind.regex(), Pattern.compile(""), "which benchmarks")
            .flag("chaos", "random sleeps");

    static String refused(String... argv) {
        return assertThrows(Spec.BadArguments.class, () -> SPEC.parse(argv)).getMessage();
    }

    @Test
    void bothFormsAndDefaults() {
        Spec.Parsed a = SPEC.parse("--miners=4", "--handoff", "epoll", "--chaos");
        assertEquals(4, a.integer("miners"));
        assertEquals("epoll", a.string("handoff"));
        assertTrue(a.flag("chaos"));
        assertTrue(a.has("miners"));
        assertFalse(a.has("out"));
        assertEquals("target", a.string("out"));
        Spec.Parsed d = SPEC.parse();
        assertEquals(16, d.integer("miners"));
        assertFalse(d.flag("chaos"));
        assertEquals("", SPEC.parse("--out=").string("out"), "an empty value is a value; the command says what it means");
    }

    @Test
    void helpAnywhereButAsAVerbatimValue() {
        assertTrue(SPEC.parse("--miners", "4", "-h").help());
        assertTrue(SPEC.parse("--help").help());
        assertTrue(SPEC.parse("--miners", "0", "--help").help(), "help is asked for before values are checked");
        Spec.Parsed t = SPEC.parse("--text", "--help");
        assertFalse(t.help());
        assertEquals("--help", t.string("text"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--miners|--miners needs a value (1..1024)",
        "--out|--out needs a value (DIR)",
        "--out --miners 3|--out needs a value (DIR)",
        "--miners ４|--miners must be an integer in 1..1024, not '４'",
        "--miners +4|--miners must be an integer in 1..1024, not '+4'",
        "--miners=|--miners must be an integer in 1..1024, not ''",
        "--miners 0|--miners must be in 1..1024: --miners=0",
        "--miners 99999999999999999999|--miners must be an integer in 1..1024, not '99999999999999999999'",
        "--handoff pigeon|--handoff must be one of blocking, epoll: --handoff=pigeon",
        "--include [|--include must be a regular expression: --include=[ (Unclosed character class near index 0)",
        "--colour red|unknown option: --colour",
        "--chaos=yes|--chaos takes no value: --chaos=yes",
        "--miners 2 --miners=3|--miners given twice",
        "stray|unexpected argument: stray",
    })
    void badInputIsOneLineNamingTheValue(String line, String message) {
        assertEquals(message, refused(line.split(" ", -1)));
    }

    @Test
    void positionalsAreCountedAndChecked() {
        Spec s = new Spec("zeroes", "ZEROS PROCS").positional("ZEROS", Spec.Kind.integer(1, 16), "zeros")
                .positional("PROCS", Spec.Kind.integer(1, 1024), "processes");
        assertEquals(5, s.parse("5", "2").integer("ZEROS"));
        assertEquals("ZEROS must be in 1..16: ZEROS=-5",
                assertThrows(Spec.BadArguments.class, () -> s.parse("-5", "2")).getMessage());
        assertEquals("expected 2 arguments, ZEROS and PROCS, got 1",
                assertThrows(Spec.BadArguments.class, () -> s.parse("5")).getMessage());
        assertEquals(7, s.parse("--", "7", "1").integer("ZEROS"));
    }

    @Test
    void usageListsEveryOptionWithItsRangeAndDefault() {
        String u = SPEC.usage();
        assertTrue(u.startsWith("usage: demo [--miners N]"), u);
        assertTrue(u.contains("--miners N       miner processes, 1..1024 (default 16)\n"), u);
        assertTrue(u.contains("--handoff NAME   how coins travel, blocking|epoll (default blocking)\n"), u);
        assertTrue(u.contains("-h, --help"), u);
    }

    @Test
    void runIsEveryCommandsPrologue() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Spec.Command<RuntimeException> never = a -> {
            throw new AssertionError("the command ran");
        };
        assertEquals(0, SPEC.run(new String[] {"--miners", "0", "-h"}, o, e, never), "help before values are checked");
        assertEquals(SPEC.usage(), out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(2, SPEC.run(new String[] {"--miners", "0"}, o, e, never));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("demo: --miners must be in 1..1024: --miners=0\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(7, SPEC.run(new String[] {"--miners=7"}, o, e, a -> (int) a.integer("miners")));
        assertEquals("", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        // a command whose caller prints usage errors: bad input is what its refusal does with it
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> SPEC.run(new String[] {"--x"}, o,
                bad -> {
                    throw new IllegalStateException(bad.getMessage());
                }, never));
        assertEquals("unknown option: --x", thrown.getMessage());
        assertEquals(5, SPEC.run(new String[] {"--x"}, o, bad -> 5, never));
        assertEquals("", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
}

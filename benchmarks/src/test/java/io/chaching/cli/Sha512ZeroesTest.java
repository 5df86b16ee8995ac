package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha512ZeroesTest {
    @ParameterizedTest
    @CsvSource({"4, 1", "4, 2"})
    void printsOnlyThePythonTuple(int zeros, int procs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Sha512Zeroes.run(new String[] {Integer.toString(zeros), Integer.toString(procs)},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertEquals(true, o.matches("\\(4, \\d+, '0000[0-9a-f]{124}'\\)\n"), o);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "progress only on a terminal");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5|expected 2 arguments, ZEROS and PROCS, got 1",
        "5 2 3|expected 2 arguments, ZEROS and PROCS, got 3",
        "five 2|ZEROS must be an integer in 1..16, not 'five'",
        "0 2|ZEROS must be in 1..16: ZEROS=0",
        "17 2|ZEROS must be in 1..16: ZEROS=17",
        "5 0|PROCS must be in 1..1024: PROCS=0",
        "5 1025|PROCS must be in 1..1024: PROCS=1025",
        "5 x|PROCS must be an integer in 1..1024, not 'x'",
    })
    void badArgumentsAreOneClearLine(String args, String message) {
        UsageException e = assertThrows(UsageException.class,
                () -> Sha512Zeroes.run(args.split(" "), System.out, System.err));
        assertEquals(message, e.getMessage());
    }
}

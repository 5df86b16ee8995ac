package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bogatyrs: "--help" as a --text is spoken, and a --text that is not UTF-8 is refused. */
class BogatyrsInputTest {
    @Test
    void helpAsTheValueOfTextIsSpoken() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, Bogatyrs.run(new String[] {"--count", "5", "--text", "--help"},
                new PrintStream(buf, true, StandardCharsets.UTF_8)));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\n--help\n5 bogatyrs over pipe agreed"), out);
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertEquals(0, Bogatyrs.run(new String[] {"--count", "5", "--help"}, new PrintStream(help, true, StandardCharsets.UTF_8)));
        assertTrue(help.toString(StandardCharsets.UTF_8).startsWith("usage: bogatyrs"), help.toString(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8InTextIsRefused() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // bash puts the raw byte 0xff into argv; a Java string cannot hold it
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", "exec \"$@\" \"$(printf 'ab\\377c')\"", "bash", java,
                "-cp", System.getProperty("java.class.path"), "-Dchaching.native.dir=" + System.getProperty("chaching.native.dir"),
                "io.chaching.cli.Bogatyrs", "--count", "5", "--text"));
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no hang");
        DescriptorLimitTest.closeStreams(p);
        assertEquals(2, p.exitValue(), out + err);
        assertEquals("", out);
        assertEquals("bogatyrs: --text must be valid UTF-8: character 3 could not be decoded (read as UTF-8)\n", err);
    }
}

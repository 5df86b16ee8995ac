package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every command checks its descriptor need against RLIMIT_NOFILE before it opens anything: a
 * need above the hard limit is one line and exit 2 in the C parent's words; a soft limit
 * below the need is raised to the hard one.
 */
class DescriptorLimitTest {
    record Run(int status, String out, String err) {
    }

    /** Runs a command's main class in a JVM under {@code ulimit}, e.g. "-n 1024" (soft and hard). */
    static Run underLimit(String ulimit, String mainClass, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit " + ulimit + " && exec \"$@\"", "bash", java,
                "-XX:-MaxFDLimit", "-cp", System.getProperty("java.class.path"),
                "-Dchaching.native.dir=" + System.getProperty("chaching.native.dir"), mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no hang");
        closeStreams(p);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /**
     * Closes a finished process's pipes now: left to the JVM's process reaper, they close a
     * moment later, inside the next test's descriptor snapshot.
     */
    static void closeStreams(Process p) throws java.io.IOException {
        p.getOutputStream().close();
        p.getInputStream().close();
        p.getErrorStream().close();
    }

    static void assertRefused(Run r, String regex) {
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().strip().matches(regex), r.err());
    }

    @Test
    void aNeedAboveTheHardLimitIsRefusedUpFront() throws Exception {
        assertRefused(underLimit("-n 1024", "io.chaching.cli.Bytecoin", "--miners", "1024", "--difficulty", "0"),
                "bytecoin: --miners 1024 needs \\d+ descriptors, the hard limit is 1024");
        assertRefused(underLimit("-n 1024", "io.chaching.cli.Bogatyrs", "--count", "1024"),
                "bogatyrs: --count 1024 needs \\d+ descriptors, the hard limit is 1024");
        assertRefused(underLimit("-n 512", "io.chaching.cli.Sha512Zeroes", "5", "1024"),
                "sha512-zeroes: PROCS 1024 needs \\d+ descriptors, the hard limit is 512");
    }

    @Test
    void aLowSoftLimitIsRaisedToTheHardOne() throws Exception {
        // 200 miners need about 470 descriptors: the soft 256 is raised, the hard limit is left alone
        Run r = underLimit("-S -n 256", "io.chaching.cli.Bytecoin", "--miners", "200", "--difficulty", "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("200 coins from 200 miners"), r.out());
    }
}

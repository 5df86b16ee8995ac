package io.chaching.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chaching.BindingRun;
import io.chaching.sys.Binding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * binding=ffm conforms as binding=jna does: the hand-off conformance (every hand-off: every
 * coin exactly once, digests verified, a killed miner named, nothing left open), the checked
 * wrappers' errno contract (EAGAIN, EPIPE, EBADF, EINVAL, EINTR retried: errno as FFM captured
 * it), io_uring/aio and BindingBenchmark's calls, all run in a JVM of their own bound to FFM. A
 * JVM binds once, and this one (surefire's) is JNA's, so they cannot run here. Skipped, saying why, where FFM cannot run:
 * a JDK before 22, or a build made by one (the README says so).
 */
class FfmBindingTest {
    static final List<String> UNDER_FFM = List.of(HandoffConformanceTest.class.getName(),
            "io.chaching.sys.CheckedWrappersTest", IoUringAioTest.class.getName(), "io.chaching.bench.BindingBenchTest");

    @Test
    @Timeout(600)
    void theConformanceTestsPassBoundToFfm() throws Exception {
        String why = Binding.problem(Binding.FFM);
        assumeTrue(why == null, why);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true",
                "-Dchaching.native.dir=" + System.getProperty("chaching.native.dir"), "-cp", classPath,
                BindingRun.class.getName(), Binding.FFM));
        cmd.addAll(UNDER_FFM);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the FFM JVM did not end");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("bound binding=ffm\n"), "the hot path was not FFM's:\n" + out);
        Matcher m = Pattern.compile("tests found=(\\d+) succeeded=(\\d+) failed=(\\d+) skipped=(\\d+) aborted=(\\d+)")
                .matcher(out);
        assertTrue(m.find(), out);
        int found = Integer.parseInt(m.group(1));
        int succeeded = Integer.parseInt(m.group(2));
        assertEquals(0, Integer.parseInt(m.group(3)), out);
        assertTrue(succeeded >= UNDER_FFM.size(), "too few ran:\n" + out);
        // a test may skip under FFM only as it does under JNA (an assumption: no io_uring, no strace)
        assertEquals(found, succeeded + Integer.parseInt(m.group(4)) + Integer.parseInt(m.group(5)), out);
        // what JUnit reports of this test: how many ran under FFM
        System.out.println("FfmBindingTest: " + m.group(0));
    }
}

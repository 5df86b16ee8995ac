package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import io.chaching.sys.NativeBinaries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --trace: a stream is traced too, and a path that cannot be written is refused before the run, naming it. */
class TraceOptionTest {
    @TempDir
    Path dir;

    @Test
    void aJvmStreamWritesOneRecordPerCoin() throws Exception {
        Path csv = dir.resolve("s.csv");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, Bytecoin.run(new String[] {"--stream", "10", "--miners", "2", "--difficulty", "0",
            "--trace", csv.toString()}, new PrintStream(buf, true, StandardCharsets.UTF_8)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs", lines.get(0));
        assertEquals(21, lines.size(), String.join("\n", lines));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            assertEquals("jvm", f[0]);
            assertEquals("blocking", f[1]);
            assertEquals(128, f[5].length());
            long start = Long.parseLong(f[6]);
            assertTrue(start > 0 && start <= Long.parseLong(f[9]), l);
        }
    }

    @Test
    void theJvmRefusesAnUnwritableTraceBeforeSpawning() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Leaks before = Leaks.snapshot();
        // difficulty 40 with a 1 s timeout: a check made after the run would fail as a timeout instead
        String[][] cases = {{"/", "--trace=/ (it is a directory)"}, {"", "--trace='' (an empty path)"},
            {dir.toString(), "--trace=" + dir + " (it is a directory)"},
            {file + "/x.csv", "--trace=" + file + "/x.csv (" + file + " is not a directory)"}};
        for (String[] c : cases) {
            UsageException e = assertThrows(UsageException.class, () -> Bytecoin.run(new String[] {"--miners", "2",
                "--difficulty", "40", "--timeout", "1", "--trace", c[0]}, new PrintStream(new ByteArrayOutputStream())));
            assertEquals("--trace must be a file it can write: " + c[1], e.getMessage());
        }
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void theNativeParentRefusesAnUnwritableTraceBeforeForking() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        String[][] cases = {{"/", "--trace=/ (Is a directory)"}, {"", "--trace='' (an empty path)"},
            {file + "/x.csv", "--trace=" + file + "/x.csv (Not a directory)"}};
        for (String[] c : cases) {
            Process p = new ProcessBuilder(NativeBinaries.program("cparent").toString(), "--miner",
                    NativeBinaries.program("miner").toString(), "--handoff", "epoll", "--miners", "2", "--difficulty", "40",
                    "--timeout", "1", "--trace", c[0]).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no hang");
            DescriptorLimitTest.closeStreams(p);
            assertEquals(2, p.exitValue(), err);
            assertEquals("cparent: --trace must be a file it can write: " + c[1] + "\n", err);
        }
    }
}

package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first scripts/... run builds the project: its user sees one line saying so, not make's lines
 * or Maven's colour escapes, unless the build fails, when the build's own last lines and one line
 * naming the fix come out. The launcher is run in a scratch tree with stand-ins for mvn and java
 * on PATH, so the test needs no real build.
 */
class FirstBuildQuietTest {
    static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/lib/run-java");

    record Result(int status, String out, String err) {
    }

    static Result run(Path root, boolean buildSucceeds) throws Exception {
        Path lib = Files.createDirectories(root.resolve("scripts/lib"));
        Files.copy(SCRIPT, lib.resolve("run-java"));
        Path bin = Files.createDirectories(root.resolve("stand-ins"));
        script(bin.resolve("mvn"), "#!/bin/sh\n"
                + "echo \"make: Entering directory '/somewhere/native'\"\n"
                + "printf '\\033[1;34m[INFO]\\033[m colourful\\n' >&2\n"
                + (buildSucceeds ? "mkdir -p benchmarks/target native/target/bin\n: > benchmarks/target/benchmarks.jar\n"
                + "printf '#!/bin/sh\\n' > native/target/bin/miner; chmod +x native/target/bin/miner\nexit 0\n"
                : "echo 'cc: error: something broke'\nexit 1\n"));
        script(bin.resolve("java"), "#!/bin/sh\necho JAVA-RAN \"$@\"\n");
        ProcessBuilder pb = new ProcessBuilder("bash", lib.resolve("run-java").toString(), "io.chaching.cli.Main", "x");
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.remove("JAVA_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err.get());
    }

    static void script(Path f, String text) throws Exception {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @Timeout(30)
    void aSuccessfulFirstBuildSaysOneLine(@TempDir Path root) throws Exception {
        Result r = run(root, true);
        assertEquals(0, r.status(), r.err());
        assertEquals("run-java: building the project first (mvn -B -q -DskipTests package)...", r.err().strip(),
                "one line, no make lines, no escapes");
        assertTrue(r.out().startsWith("JAVA-RAN ") && r.out().contains("io.chaching.cli.Main x"), r.out());
        Result again = run(root.resolve("again"), true);
        assertFalse(again.err().contains("\u001b"), again.err());
    }

    @Test
    @Timeout(30)
    void aFailedFirstBuildShowsWhyAndTheFix(@TempDir Path root) throws Exception {
        Result r = run(root, false);
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cc: error: something broke"), "the build's own last lines: " + r.err());
        assertTrue(r.err().strip().endsWith("build failed; run 'mvn -B -DskipTests package' in " + root.toRealPath()
                + " to see why"), r.err());
        assertFalse(r.out().contains("JAVA-RAN"), "nothing runs on a failed build");
    }
}

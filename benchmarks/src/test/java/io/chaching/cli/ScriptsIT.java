package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launchers users type, run as processes against the packaged jar: output, exit status, one-line errors. */
class ScriptsIT {
    static final Path REPO = Path.of(System.getenv("CHACHING_REPO"));

    record Run(int status, String out, String err) {
    }

    static Run run(String script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(REPO.resolve("scripts").resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no hang");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void sha512ZeroesPrintsTheDocumentsAnswer() throws Exception {
        Run r = run("sha512-zeroes", "5", "2");
        assertEquals(0, r.status(), r.err());
        assertEquals("(5, 1839773, '00000a6e66e4f6b265dd66a431cad21e65d0af4f9a88f83838545248ae2eaf326327b357cdc856ad10e94070"
                + "afb2e559c4b374667f5bdd58aa5b3bdeec27cf5f')\n", r.out());
    }

    @Test
    void bytecoinPrintsTheLabsLinesAndASummary() throws Exception {
        Run r = run("bytecoin", "--handoff", "nonblocking", "--miners", "4", "--difficulty", "10");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(5, lines.length, r.out());
        assertTrue(lines[4].startsWith("4 coins from 4 miners in 1 round, hand-off nonblocking"), lines[4]);
    }

    @Test
    void bytecoinRunsTheNativeParentWithTheSameOptions() throws Exception {
        Run r = run("bytecoin", "--parent", "native", "--handoff", "epoll", "--miners", "3", "--difficulty", "6");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(4, lines.length, r.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(r.out().contains("Mining " + i + " done, cha-ching!\n"), r.out());
        }
        assertTrue(lines[3].startsWith("summary parent=native handoff=epoll miners=3 coins=3 "), lines[3]);
    }

    @Test
    void badArgumentsGiveOneLineAndExitTwo() throws Exception {
        for (String[] bad : new String[][] {{"bytecoin", "--miners", "0"}, {"bytecoin", "--miners", "100000"},
                {"bytecoin", "--handoff", "pigeon"}, {"bytecoin", "--difficulty", "99"}, {"sha512-zeroes"},
                {"sha512-zeroes", "17", "2"}, {"sha512-zeroes", "5", "x"}}) {
            Run r = run(bad[0], java.util.Arrays.copyOfRange(bad, 1, bad.length));
            assertEquals(2, r.status(), String.join(" ", bad));
            assertEquals("", r.out(), String.join(" ", bad));
            assertEquals(1, r.err().lines().count(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().startsWith(bad[0] + ": "), r.err());
        }
    }

    @Test
    void bogatyrsSpeakTheAlphabetAndRefuseBadInput() throws Exception {
        Run r = run("bogatyrs", "--transport", "shm");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(35, lines.size(), r.out());
        assertEquals("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", lines.get(33));
        Run hello = run("bogatyrs", "--count", "9", "--text", "Hello world!", "--chaos");
        assertEquals(0, hello.status(), hello.err());
        assertTrue(hello.out().contains("\nHello world!\n"), hello.out());
        for (String[] bad : new String[][] {{"--count", "0"}, {"--count", "1025"}, {"--count", "8"}, {"--text", ""},
                {"--transport", "pigeon"}, {"--count", "2", "--text", "abc"}}) {
            Run b = run("bogatyrs", bad);
            assertEquals(2, b.status(), String.join(" ", bad));
            assertEquals("", b.out(), String.join(" ", bad));
            assertEquals(1, b.err().lines().count(), String.join(" ", bad) + ": " + b.err());
            assertTrue(b.err().startsWith("bogatyrs: "), b.err());
        }
    }

    @Test
    void everyCommandPrintsItsUsageOnHelpAndDashH() throws Exception {
        for (String script : new String[] {"bytecoin", "sha512-zeroes", "bogatyrs", "bench", "report-shots"}) {
            for (String help : new String[] {"--help", "-h"}) {
                Run r = run(script, help);
                assertEquals(0, r.status(), script + " " + help + ": " + r.err());
                assertTrue(r.out().startsWith("usage: " + script + " "), script + " " + help + ": " + r.out());
                assertEquals("", r.err(), script + " " + help);
            }
        }
    }

    @Test
    void benchRefusesWhatItCannotRunInOneLine() throws Exception {
        for (String[] bad : new String[][] {{"--out"}, {"--profile"}, {"--include", "["}, {"--profile", "fast"},
                {"--seed"}, {"--out=" + REPO.resolve("target/never"), "--out", "x"}}) {
            Run r = run("bench", bad);
            String what = String.join(" ", bad);
            assertEquals(2, r.status(), what + ": " + r.out() + r.err());
            assertEquals("", r.out(), what);
            assertEquals(1, r.err().lines().count(), what + ": " + r.err());
            assertTrue(r.err().startsWith("bench: " + bad[0].replaceFirst("=.*", "")), what + ": " + r.err());
            assertTrue(!r.err().contains(REPO.resolve("target/bench").toString()), "a path the user never typed: " + r.err());
        }
        assertEquals("bench: --include must be a regular expression: --include=[ (Unclosed character class near index 0)\n",
                run("bench", "--include", "[").err());
    }

    @Test
    void bytecoinForwardsWhatTheJvmResolvedToTheNativeParent() throws Exception {
        // no --handoff: the JVM's default, blocking, goes to the C parent too
        Run alone = run("bytecoin", "--parent", "native", "--difficulty", "8");
        assertEquals(0, alone.status(), alone.err());
        assertTrue(alone.out().contains("summary parent=native handoff=blocking miners=16 coins=16 "), alone.out());
        Run joined = run("bytecoin", "--parent=native", "--handoff=epoll", "--miners=4", "--stream=5", "--difficulty=0");
        assertEquals(0, joined.status(), joined.err());
        assertTrue(joined.out().startsWith("summary parent=native handoff=epoll miners=4 coins=20 "), joined.out());
        for (String[] bad : new String[][] {{"--miners", "\uFF14"}, {"--timeout", "86401"}, {"--miners", "32", "--stream", "100000000"}}) {
            for (String parent : new String[] {"jvm", "native"}) {
                String[] line = java.util.stream.Stream.concat(java.util.stream.Stream.of("--parent", parent),
                        java.util.Arrays.stream(bad)).toArray(String[]::new);
                Run r = run("bytecoin", line);
                assertEquals(2, r.status(), String.join(" ", line) + ": " + r.err());
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(r.err().startsWith("bytecoin: " + bad[bad.length - 2]), r.err());
            }
        }
    }
}

package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.Leaks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BytecoinTest {
    private static List<String> run(String... args) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            assertEquals(0, Bytecoin.run(args, out));
        }
        return Arrays.asList(buf.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @ParameterizedTest
    @CsvSource({"blocking", "nonblocking"})
    void printsEveryCoinOnceThenASummary(String handoff) throws Exception {
        Leaks before = Leaks.snapshot();
        List<String> lines = run("--handoff", handoff, "--miners", "5", "--difficulty", "8", "--rounds", "3");
        assertEquals(16, lines.size(), String.join("\n", lines));
        List<String> coins = lines.subList(0, 15);
        for (int i = 0; i < 5; i++) {
            String line = "Mining " + i + " done, cha-ching!";
            assertEquals(3, coins.stream().filter(line::equals).count(), line);
        }
        if (handoff.equals("blocking")) {
            List<String> inOrder = IntStream.range(0, 15).mapToObj(i -> "Mining " + i % 5 + " done, cha-ching!")
                    .collect(Collectors.toList());
            assertEquals(inOrder, coins);
        }
        String summary = lines.get(15);
        assertTrue(summary.startsWith("15 coins from 5 miners in 3 rounds, hand-off " + handoff), summary);
        assertTrue(summary.contains("median cash-in delay"), summary);
        Leaks.assertNoLeaksSince(before);
    }

    @Test
    void writesTracesAsCsvAndJsonLines(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Path jsonl = dir.resolve("sub/t.jsonl");
        run("--miners", "3", "--difficulty", "4", "--rounds", "2", "--seed", "9", "--trace", csv.toString());
        run("--miners", "3", "--difficulty", "4", "--rounds", "2", "--seed", "9", "--trace", jsonl.toString(),
                "--handoff", "nonblocking");
        List<String> c = Files.readAllLines(csv);
        assertEquals("parent,handoff,miner,round,nonce,digest,roundStartNs,startedNs,minedNs,cashedNs", c.get(0));
        assertEquals(7, c.size());
        String[] first = c.get(1).split(",");
        assertEquals("jvm", first[0]);
        assertEquals("blocking", first[1]);
        assertEquals(128, first[5].length());
        assertTrue(Long.parseLong(first[9]) >= Long.parseLong(first[8]));
        List<String> j = Files.readAllLines(jsonl);
        assertEquals(6, j.size());
        assertTrue(j.get(0).matches("\\{\"parent\":\"jvm\",\"handoff\":\"nonblocking\",\"miner\":\\d,\"round\":0,\"nonce\":\\d+,\"digest\":\"[0-9a-f]{128}\","
                + "\"roundStartNs\":\\d+,\"startedNs\":\\d+,\"minedNs\":\\d+,\"cashedNs\":\\d+}"), j.get(0));
        // the same seed gives the same coins whichever hand-off cashed them
        assertEquals(c.stream().skip(1).map(l -> l.split(",")[2] + "/" + l.split(",")[3] + "/" + l.split(",")[4]).sorted().toList(),
                j.stream().map(l -> l.replaceAll(".*\"miner\":(\\d+),\"round\":(\\d+),\"nonce\":(\\d+).*", "$1/$2/$3")).sorted().toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--miners|0|--miners must be in 1..1024: --miners=0",
        "--miners|100000|--miners must be in 1..1024: --miners=100000",
        "--miners|lots|--miners must be an integer in 1..1024, not 'lots'",
        "--difficulty|41|--difficulty must be in 0..40: --difficulty=41",
        "--difficulty|-1|--difficulty must be in 0..40: --difficulty=-1",
        "--rounds|0|--rounds must be in 1..1000000: --rounds=0",
        "--seed|x|--seed must be an integer in 0..9223372036854775807, not 'x'",
        "--colour|red|unknown option: --colour",
    })
    void badInputIsOneClearLine(String flag, String value, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Bytecoin.run(new String[] {flag, value}, System.out));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aBindingThisParentOrJdkCannotHaveIsOneClearLine() {
        assertEquals("--binding must be one of jna, ffm: --binding=xyz",
                assertThrows(UsageException.class, () -> Bytecoin.settings("--binding", "xyz")).getMessage());
        assertEquals("--binding ffm applies to --parent jvm only: the C parent calls libc itself", assertThrows(
                UsageException.class, () -> Bytecoin.settings("--binding", "ffm", "--parent", "native")).getMessage());
        assertEquals("jna", Bytecoin.settings().binding(), "JNA unless asked");
        if (io.chaching.sys.Binding.ffmAvailable()) {
            assertEquals("ffm", Bytecoin.settings("--binding", "ffm").binding());
        } else {
            // JDK 17, or a jar a JDK 17 built: the line names this JDK, or says to rebuild
            String m = assertThrows(UsageException.class, () -> Bytecoin.settings("--binding", "ffm")).getMessage();
            assertTrue(m.startsWith("--binding=ffm") && (m.contains("this is JDK " + Runtime.version() + " (")
                    || m.contains("no FFM classes")), m);
        }
    }

    @Test
    void unknownHandoffNamesEveryKnownOne() {
        UsageException e = assertThrows(UsageException.class, () -> Bytecoin.run(new String[] {"--handoff", "pigeon"}, System.out));
        assertEquals("--handoff must be one of " + String.join(", ", io.chaching.handoff.Handoffs.names())
                + ": --handoff=pigeon", e.getMessage());
        assertTrue(e.getMessage().contains("blocking, nonblocking"), e.getMessage());
    }

    @Test
    void missingNativeBinaryIsNamedWithTheFix(@TempDir Path empty) {
        String saved = System.getProperty("chaching.native.dir");
        System.setProperty("chaching.native.dir", empty.toString());
        try {
            var e = assertThrows(io.chaching.sys.NativeBinaries.MissingBinaryException.class,
                    () -> Bytecoin.run(new String[] {"--miners", "2"}, System.out));
            assertTrue(e.getMessage().startsWith("native miner not found at " + empty.resolve("bin/miner")), e.getMessage());
            assertTrue(e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
        } finally {
            System.setProperty("chaching.native.dir", saved);
        }
    }
}

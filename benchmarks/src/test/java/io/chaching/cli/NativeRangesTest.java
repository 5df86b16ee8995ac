package io.chaching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chaching.args.Spec;
import io.chaching.sys.NativeBinaries;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM parent and the C parent accept and refuse the same command lines: every integer option
 * of {@link Bytecoin#SPEC} at its lower and upper bound and one beyond each, the coins-per-run
 * rule, digits that are not ASCII, both {@code --name=value} and {@code --name value}; and what
 * {@code bytecoin --parent native} forwards is what the JVM resolved (the C parent's
 * {@code --dry-run} prints it). A refusal is one line on each side, naming the option.
 */
class NativeRangesTest {
    record Outcome(boolean accepted, String message, String out) {
    }

    static Outcome java(List<String> args) {
        try {
            Bytecoin.settings(args.toArray(new String[0]));
            return new Outcome(true, "", "");
        } catch (UsageException e) {
            return new Outcome(false, e.getMessage(), "");
        }
    }

    /** The C parent on {@code args}, checking only (--dry-run): accepted (exit 0) or refused (exit 2 and one line). */
    static Outcome c(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NativeBinaries.program("cparent").toString(), "--miner",
                NativeBinaries.program("miner").toString()));
        if (args.stream().noneMatch(a -> a.startsWith("--handoff"))) {
            cmd.addAll(List.of("--handoff", "blocking"));
        }
        cmd.addAll(args);
        cmd.add("--dry-run");
        return run(cmd);
    }

    static Outcome run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "a dry run returns at once");
        int status = p.exitValue();
        assertTrue(status == 0 || status == 2, cmd + ": exit " + status + " " + err);
        if (status == 0) {
            assertEquals("", err, cmd.toString());
            assertTrue(out.startsWith("dry-run "), out);
        } else {
            assertEquals("", out, cmd.toString());
            assertEquals(1, err.lines().count(), cmd + ": " + err);
            assertTrue(err.startsWith("cparent: "), err);
        }
        return new Outcome(status == 0, err.strip(), out.strip());
    }

    static void sameVerdict(String option, List<String> args) throws Exception {
        Outcome j = java(args);
        Outcome n = c(args);
        assertEquals(j.accepted(), n.accepted(), args + ": JVM " + (j.accepted() ? "accepts" : "refuses: " + j.message())
                + ", C " + (n.accepted() ? "accepts" : "refuses: " + n.message()));
        if (!j.accepted()) {
            assertEquals(1, j.message().lines().count(), j.message());
            assertTrue(j.message().contains(option), j.message());
            assertTrue(n.message().contains(option), n.message());
        }
    }

    @Test
    void theStreamsProducerAndVerifyOptionsMeanTheSameToBothParents() throws Exception {
        sameVerdict("--verify", List.of("--stream", "5", "--verify", "headers"));
        sameVerdict("--verify", List.of("--stream", "5", "--verify=digests"));
        sameVerdict("--verify", List.of("--stream", "5", "--verify", "sometimes"));
        sameVerdict("--verify", List.of("--verify", "headers"));
        sameVerdict("--premined", List.of("--stream", "5", "--premined"));
        sameVerdict("--premined", List.of("--premined"));
        sameVerdict("--premined", List.of("--miners", "1", "--stream", "4194304", "--premined"));
        sameVerdict("--premined", List.of("--miners", "1", "--stream", "4194305", "--premined"));
    }

    @Test
    void everyIntegerOptionAtEachBoundAndOneBeyond() throws Exception {
        int checked = 0;
        for (Spec.Option o : Bytecoin.SPEC.options()) {
            if (o.flag() || !o.kind().isInteger()) {
                continue;
            }
            String flag = "--" + o.name();
            // --batch and --pace apply to a stream only
            List<String> base = o.name().equals("batch") || o.name().equals("pace") ? List.of("--stream", "1") : List.of();
            BigInteger min = BigInteger.valueOf(o.kind().min());
            BigInteger max = BigInteger.valueOf(o.kind().max());
            for (BigInteger v : List.of(min, max, min.subtract(BigInteger.ONE), max.add(BigInteger.ONE))) {
                List<String> args = new ArrayList<>(base);
                args.addAll(List.of(flag, v.toString()));
                sameVerdict(flag, args);
                List<String> joined = new ArrayList<>(base);
                joined.add(flag + "=" + v);
                sameVerdict(flag, joined);
                checked++;
            }
            List<String> atMax = new ArrayList<>(base);
            atMax.add(flag + "=" + max);
            assertTrue(java(atMax).accepted(), flag + " at its max");
            atMax.set(atMax.size() - 1, flag + "=" + max.add(BigInteger.ONE));
            assertTrue(!java(atMax).accepted(), flag + " beyond its max");
        }
        assertEquals(9 * 4, checked, "miners, difficulty, seed, rounds, stream, payload, batch, pace, timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"４", "+4", " 4", "4 ", "0x10", "4.0", "", "٤"})
    void onlyAsciiDigitsAreAnInteger(String value) throws Exception {
        sameVerdict("--miners", List.of("--miners", value));
        assertTrue(!java(List.of("--miners", value)).accepted(), value);
    }

    @Test
    void aRunHoldsAtMostTwoToTheThirtyFirstCoinsOnBothSides() throws Exception {
        for (String[] line : new String[][] {{"--miners", "32", "--stream", "100000000"},
                {"--miners", "21", "--stream", "100000000"}, {"--miners", "1024", "--stream", "2097152"},
                {"--miners", "1024", "--stream", "2097153"}, {"--miners", "1024", "--rounds", "1000000"}}) {
            sameVerdict("--", Arrays.asList(line));
        }
        assertTrue(!java(List.of("--miners", "32", "--stream", "100000000")).accepted());
        assertTrue(java(List.of("--miners", "1024", "--stream", "2097152")).accepted());
    }

    @Test
    void bothFormsAndTheOtherRulesAgree() throws Exception {
        for (String[] line : new String[][] {{"--miners=4", "--handoff=epoll", "--stream=5"},
                {"--miners", "4", "--handoff", "epoll", "--stream", "5"}, {"--handoff=pigeon"},
                {"--colour", "red"}, {"--miners"}, {"--trace", "--miners", "3"}, {"--miners", "2", "--miners", "3"},
                {"--stream", "5", "--rounds", "2"}, {"--batch", "2"}, {"--pace", "2"}, {"stray"}}) {
            sameVerdict("", Arrays.asList(line));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--handoff=epoll --miners=4 --stream=5", "--handoff epoll --miners 3 --rounds 7 --seed 9",
        "--stream 100 --batch 8 --pace 1000 --payload 4096 --timeout 86400 --difficulty 0",
        "--trace=t.csv --handoff threads"})
    void theNativeParentGetsWhatTheJvmResolved(String line) throws Exception {
        String[] argv = line.isEmpty() ? new String[0] : line.split(" ");
        Bytecoin.Settings s = Bytecoin.settings(argv);
        List<String> cmd = new ArrayList<>(NativeParent.command(s));
        cmd.add("--dry-run");
        Outcome n = run(cmd);
        assertTrue(n.accepted(), line + ": " + n.message());
        String expected = "dry-run handoff=" + s.handoff() + " miners=" + s.miners() + " difficulty=" + s.difficulty()
                + " seed=" + s.seed() + " rounds=" + (s.stream() > 0 ? 0 : s.rounds()) + " stream=" + s.stream()
                + " payload=" + s.payload() + " batch=" + s.batch() + " pace=" + s.paceNs() + " timeout="
                + s.timeoutSeconds() + " ";
        assertTrue(n.out().startsWith(expected), n.out() + "\nwanted " + expected);
        assertTrue(n.out().endsWith(" trace=" + (s.trace() == null ? "-" : s.trace())), n.out());
    }

    @Test
    void helpExitsZeroOnBothSides() throws Exception {
        Process p = new ProcessBuilder(NativeBinaries.program("cparent").toString(), "--help").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(out.startsWith("usage: cparent"), out);
        assertTrue(out.contains("--timeout        1..86400"), out);
        String usage = Bytecoin.SPEC.usage();
        assertTrue(usage.contains("cparent --help"), "bytecoin --help points to the C parent's own options: " + usage);
    }
}

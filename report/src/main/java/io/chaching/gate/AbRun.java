package io.chaching.gate;

import io.chaching.gate.AbJudge.Row;
import io.chaching.gate.AbJudge.Verdict;
import io.chaching.args.Spec;
import io.chaching.report.Fmt;
import io.chaching.report.Scratch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code check-regression --ab REF [--include REGEX] [--runs N] [--threshold FRACTION] [--out DIR]
 * [--seed N]}: the same-job A/B gate. Builds commit REF in a temporary worktree, then runs the
 * {@code ab} bench profile (CI's rounds and small-coin streams, one trial a run) of REF's build and
 * of this tree's build alternately, N runs each, the two of each pair in a random order (recorded
 * in {@code DIR/ab-order.csv}), and judges every benchmark current against REF ({@link AbJudge}).
 * Prints one line per benchmark (the ratio, its interval, the verdict, the smallest change the
 * job could have seen) and writes the same to {@code DIR/ab.json}. {@code CHACHING_AB_CURRENT_OPTS}
 * adds JVM options to the current build's runs only (the slowdown switch, for the gate's proofs).
 * Exit 1 on a regression, 0 otherwise, 2 on bad input: an unknown REF, a REF that does not build or
 * has no {@code ab} profile, a run that fails, nothing matched.
 */
public final class AbRun {
    /** A regression is decided worse by at least this much: below the 10% it must catch, above drift. */
    static final double DEFAULT_THRESHOLD = 0.05;
    static final int DEFAULT_RUNS = 3;
    static final String DEFAULT_INCLUDE = "RoundBenchmark|StreamBenchmark";
    static final long RUN_TIMEOUT_MINUTES = 30;

    /** Bad input: one line for the user, exit 2. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The build or bench run under way, for the shutdown hook. */
    private static volatile Process running;

    record Options(String ref, String include, int runs, double threshold, Path out, long seed) {
    }

    private AbRun() {
    }

    /** {@code scripts/check-regression} passes the project's root first: {@code --root DIR}. */
    public static void main(String[] argv) {
        Path root = Path.of("").toAbsolutePath();
        if (argv.length >= 2 && argv[0].equals("--root")) {
            root = Path.of(argv[1]).toAbsolutePath();
            argv = java.util.Arrays.copyOfRange(argv, 2, argv.length);
        }
        System.exit(run(argv, root, System.out, System.err));
    }

    static int run(String[] argv, Path root, PrintStream out, PrintStream err) {
        try {
            Options o = parse(argv, root);
            if (o == null) {
                out.print(SPEC.usage());
                return 0;
            }
            return gate(o, root, out, err);
        } catch (Refused e) {
            err.println("check-regression: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("check-regression: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("check-regression: interrupted");
            return 2;
        }
    }

    static final Spec SPEC = new Spec("check-regression", "--ab REF [--include REGEX] [--runs N] [--threshold FRACTION]"
            + " [--out DIR] [--seed N]")
            .option("ab", "REF", Spec.Kind.text(), null, "the commit to compare this tree with (built in a temporary worktree)")
            .option("include", "REGEX", Spec.Kind.regex(), Pattern.compile(DEFAULT_INCLUDE),
                    "the benchmarks to run, as scripts/bench takes it")
            .option("runs", "N", Spec.Kind.integer(1, 20), (long) DEFAULT_RUNS, "runs of each build, alternated")
            .option("threshold", "FRACTION", CheckRegression.THRESHOLD, DEFAULT_THRESHOLD,
                    "decided worse by at least this much is a regression")
            .option("out", "DIR", Spec.Kind.path(), null, "where the runs, ab.json and ab-order.csv go (default target/ab)")
            .option("seed", "N", Spec.Kind.integer(0, Integer.MAX_VALUE), null, "the order's shuffle (default: the clock)")
            .epilogue("CHACHING_AB_CURRENT_OPTS adds JVM options to the current build's runs only. Exit 1 on a"
                    + " regression, 0 otherwise, 2 on bad input.");

    /** The options, or null for {@code --help}; Refused on bad input. */
    static Options parse(String[] argv, Path root) throws Refused {
        Spec.Parsed a;
        try {
            a = SPEC.parse(argv);
        } catch (Spec.BadArguments e) {
            throw new Refused(e.getMessage());
        }
        if (a.help()) {
            return null;
        }
        String ref = a.get("ab");
        if (ref == null || ref.isBlank()) {
            throw new Refused("--ab REF is required (the commit to compare with)");
        }
        Pattern include = a.get("include");
        String out = a.get("out");
        Long seed = a.get("seed");
        return new Options(ref, include.pattern(), (int) a.integer("runs"), a.<Double>get("threshold"),
                out == null ? root.resolve("target").resolve("ab") : Path.of(out).toAbsolutePath(),
                seed == null ? System.nanoTime() & Integer.MAX_VALUE : seed);
    }

    static int gate(Options o, Path root, PrintStream out, PrintStream err) throws Refused, IOException,
            InterruptedException {
        String sha = git(root, "rev-parse", "--verify", "--quiet", o.ref() + "^{commit}");
        if (sha == null) {
            throw new Refused("--ab " + o.ref() + ": no such commit in " + root);
        }
        Files.createDirectories(o.out());
        Path tree = o.out().resolve("ref-tree");
        if (Files.exists(tree)) {
            git(root, "worktree", "remove", "--force", tree.toString());
            Scratch.delete(tree);
        }
        git(root, "worktree", "prune");
        if (git(root, "worktree", "add", "--detach", "--force", tree.toString(), sha) == null) {
            throw new Refused("could not check out " + o.ref() + " (" + sha.substring(0, 12) + ") into " + tree);
        }
        // Ctrl-C or a CI timeout: the run under way and REF's worktree go too, not just this JVM
        Thread cleanup = new Thread(() -> {
            Process p = running;
            if (p != null && p.isAlive()) {
                Scratch.kill(p);
            }
            try {
                git(root, "worktree", "remove", "--force", tree.toString());
            } catch (IOException | InterruptedException e) {
                // the JVM is going; nothing more to do
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            out.println("check-regression --ab: building " + o.ref() + " (" + sha.substring(0, 12) + ") in " + tree);
            Path buildLog = o.out().resolve("ref-build.log");
            int built = exec(tree, List.of("mvn", "-B", "-q", "-Dstyle.color=never", "-DskipTests", "package"), Map.of(),
                    buildLog);
            if (built != 0) {
                throw new Refused(o.ref() + " (" + sha.substring(0, 12) + ") does not build: mvn exit " + built + ", see "
                        + buildLog + ": " + Scratch.lastLine(buildLog, "no output"));
            }
            return measure(o, root, tree, sha, out);
        } finally {
            git(root, "worktree", "remove", "--force", tree.toString());
            git(root, "worktree", "prune");
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static int measure(Options o, Path root, Path tree, String sha, PrintStream out) throws Refused, IOException,
            InterruptedException {
        Random order = new Random(o.seed());
        List<Path> refRuns = new ArrayList<>();
        List<Path> curRuns = new ArrayList<>();
        String extra = System.getenv().getOrDefault("CHACHING_AB_CURRENT_OPTS", "").trim();
        List<String> log = new ArrayList<>(List.of("pair,side,seed,startMs,endMs"));
        for (int pair = 1; pair <= o.runs(); pair++) {
            boolean refFirst = order.nextBoolean();
            long seed = order.nextInt(Integer.MAX_VALUE);
            for (int k = 0; k < 2; k++) {
                boolean ref = refFirst == (k == 0);
                String side = ref ? "ref" : "current";
                Path dir = o.out().resolve(side + "-" + pair);
                Map<String, String> env = new HashMap<>();
                String opts = System.getenv().getOrDefault("JAVA_OPTS", "");
                env.put("JAVA_OPTS", ref || extra.isEmpty() ? opts : (opts + " " + extra).trim());
                List<String> cmd = List.of((ref ? tree : root).resolve("scripts").resolve("bench").toString(), "--profile",
                        "ab", "--include", o.include(), "--out", dir.toString(), "--seed", Long.toString(seed));
                out.printf(Locale.ROOT, "check-regression --ab: run %d of %d: %s%s%n", 2 * pair - 1 + k, 2 * o.runs(), side,
                        ref || extra.isEmpty() ? "" : " (with " + extra + ")");
                long t0 = System.currentTimeMillis();
                Path runLog = o.out().resolve(side + "-" + pair + ".log");
                int rc = exec(ref ? tree : root, cmd, env, runLog);
                log.add(pair + "," + side + "," + seed + "," + t0 + "," + System.currentTimeMillis());
                if (rc != 0) {
                    String why = Scratch.lastLine(runLog, "no output");
                    if (ref && why.contains("profile must be")) {
                        throw new Refused(o.ref() + " (" + sha.substring(0, 12) + ") has no ab bench profile: it predates"
                                + " the A/B gate; compare with a later commit (" + why + ")");
                    }
                    throw new Refused(side + " run " + pair + " failed (exit " + rc + ", " + runLog + "): " + why);
                }
                (ref ? refRuns : curRuns).add(dir);
            }
        }
        Files.write(o.out().resolve("ab-order.csv"), log, StandardCharsets.UTF_8);
        List<Row> rows = AbJudge.judge(refRuns, curRuns, o.threshold());
        if (rows.isEmpty()) {
            throw new Refused("no benchmark both builds ran matches --include " + o.include());
        }
        print(rows, o, sha, extra, out);
        Files.writeString(o.out().resolve("ab.json"), json(rows, o, sha, extra), StandardCharsets.UTF_8);
        return rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSION) ? 1 : 0;
    }

    static void print(List<Row> rows, Options o, String sha, String extra, PrintStream out) {
        out.printf(Locale.ROOT, "%nA/B: this tree against %s (%s), %d runs each, alternated; a regression is decided worse"
                + " (99%% interval) by at least %s%s%n", o.ref(), sha.substring(0, 12), o.runs(),
                Fmt.percent(o.threshold()), extra.isEmpty() ? "" : "; current runs with " + extra);
        out.printf(Locale.ROOT, "%-60s %-9s %-22s %-24s %s%n", "benchmark", "measure", "current/ref (worse > 1)",
                "verdict", "could have seen");
        for (Row r : rows) {
            String name = r.benchmark() + " " + r.params();
            out.printf(Locale.ROOT, "%-60s %-9s %-22s %-24s %s%n", name, r.measure(), Fmt.num(r.slowdown()) + " ["
                    + Fmt.num(r.low()) + ", " + Fmt.num(r.high()) + "]", r.verdict(), Double.isNaN(r.mde()) ? "-"
                    : "±" + Fmt.percent(r.mde()));
        }
        long bad = rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).count();
        out.println(bad == 0 ? "A/B: no regression" : "A/B: " + bad + " regression" + (bad == 1 ? "" : "s"));
    }

    static String json(List<Row> rows, Options o, String sha, String extra) {
        StringBuilder b = new StringBuilder("{\n  \"ref\": \"" + esc(o.ref()) + "\",\n  \"refCommit\": \"" + sha
                + "\",\n  \"runs\": " + o.runs() + ",\n  \"threshold\": " + o.threshold() + ",\n  \"currentOpts\": \""
                + esc(extra) + "\",\n  \"benchmarks\": [");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            StringBuilder p = new StringBuilder();
            r.params().forEach((k, v) -> p.append(p.length() == 0 ? "" : ", ").append('"').append(esc(k)).append("\": \"")
                    .append(esc(v)).append('"'));
            b.append(i == 0 ? "\n" : ",\n").append("    {\"benchmark\": \"").append(r.benchmark()).append("\", \"params\": {")
                    .append(p).append("}, \"measure\": \"").append(esc(r.measure())).append("\", \"unit\": \"")
                    .append(esc(r.unit())).append("\", \"current\": ").append(n(r.current())).append(", \"ref\": ")
                    .append(n(r.ref())).append(", \"slowdown\": ").append(n(r.slowdown())).append(", \"low\": ")
                    .append(n(r.low())).append(", \"high\": ").append(n(r.high())).append(", \"mde\": ").append(n(r.mde()))
                    .append(", \"verdict\": \"").append(r.verdict()).append("\", \"method\": \"").append(esc(r.method()))
                    .append("\"}");
        }
        return b.append("\n  ]\n}\n").toString();
    }

    private static String n(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A git command's first line of output, or null when it fails. */
    static String git(Path root, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? (o.isEmpty() ? "" : o.lines().findFirst().orElse("")) : null;
    }

    /** Runs {@code cmd} in {@code dir} with {@code env} added, its output to {@code log}; its exit code. */
    static int exec(Path dir, List<String> cmd, Map<String, String> env, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        running = p;
        if (!p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            Scratch.kill(p);
            return 124;
        }
        return p.exitValue();
    }
}

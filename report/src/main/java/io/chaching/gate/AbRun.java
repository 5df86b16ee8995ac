package io.chaching.gate;

import io.chaching.gate.AbJudge.Row;
import io.chaching.gate.AbJudge.Verdict;
import io.chaching.args.Spec;
import io.chaching.report.Fmt;
import io.chaching.report.JmhResult;
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
 * {@code check-regression --ab REF [--include REGEX] [--runs N] [--confirm N] [--threshold FRACTION]
 * [--out DIR] [--seed N]}: the same-job A/B gate. Builds commit REF in a temporary worktree, then runs the
 * {@code ab} bench profile (every hand-off's rounds and small-coin streams, one trial a run) of
 * REF's build and of this tree's build, N pairs of runs; the two runs of a pair go in lockstep,
 * fork by fork, the two forks of a parameter set back to back in a random order (recorded in
 * {@code DIR/ab-order.csv}), and every benchmark is judged current against REF ({@link AbJudge}).
 * When a benchmark is flagged, or undecided with a point beyond the threshold, {@code --confirm}
 * more pairs of those parameter sets alone follow (the others skipped in lockstep) and all runs
 * are judged again; only what is then decided worse by the threshold fails the job. The
 * counts per coin of each side's first run go through the count gate ({@link CountGate}). Prints
 * one line per benchmark (the ratio, its interval, the verdict, the smallest change the job could
 * have seen) and the count gate's verdict, and writes the same to {@code DIR/ab.json}
 * ({@link AbFile}). {@code CHACHING_AB_CURRENT_OPTS} adds JVM options to the current build's runs only (the slowdown switch, for the gate's proofs).
 * Exit 1 on a regression, 0 otherwise, 2 on bad input: an unknown REF, a REF that does not build or
 * has no {@code ab} profile, a run that fails, nothing matched.
 */
public final class AbRun {
    /** A regression is decided worse by at least this much: below the 10% it must catch, above drift. */
    static final double DEFAULT_THRESHOLD = 0.05;
    static final int DEFAULT_RUNS = 3;
    /**
     * Pairs added when a benchmark is flagged or suspect, of those parameter sets only, judged
     * with the first ones (Chromium's Pinpoint repeats until a verdict): a chance excursion of one of
     * some 40 comparisons rarely survives them, a real slowdown does.
     */
    static final int DEFAULT_CONFIRM = 3;
    static final String DEFAULT_INCLUDE = "RoundBenchmark|StreamBenchmark";
    static final long RUN_TIMEOUT_MINUTES = 30;
    /** What one fork may take, in lockstep, before the job gives up on it. */
    static final long FORK_TIMEOUT_MINUTES = 10;
    /** BenchMain's --lockstep lines (BenchMain.LOCKSTEP: the report module does not depend on benchmarks). */
    static final String LOCKSTEP = "LOCKSTEP ";

    /** Bad input: one line for the user, exit 2. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The build or the two bench runs under way, for the shutdown hook. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    record Options(String ref, String include, int runs, int confirm, double threshold, Path out, long seed) {
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
        return SPEC.run(argv, out, err, a -> run(a, root, out, err));
    }

    private static int run(Spec.Parsed a, Path root, PrintStream out, PrintStream err) {
        try {
            return gate(options(a, root), root, out, err);
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

    static final Spec SPEC = new Spec("check-regression", "--ab REF [--include REGEX] [--runs N] [--confirm N] [--threshold FRACTION]"
            + " [--out DIR] [--seed N]")
            .option("ab", "REF", Spec.Kind.text(), null, "the commit to compare this tree with (built in a temporary worktree)")
            .option("include", "REGEX", Spec.Kind.regex(), Pattern.compile(DEFAULT_INCLUDE),
                    "the benchmarks to run, as scripts/bench takes it")
            // one run a side is one trial: its interval cannot hold the drift between runs, and a
            // job of one pair flagged 7 of 20 unchanged rounds (README)
            .option("runs", "N", Spec.Kind.integer(2, 20), (long) DEFAULT_RUNS, "pairs of runs, the two builds fork by fork")
            .option("confirm", "N", Spec.Kind.integer(0, 20), (long) DEFAULT_CONFIRM,
                    "more pairs of the flagged or suspect parameter sets only, before a regression fails the job")
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
        return a.help() ? null : options(a, root);
    }

    private static Options options(Spec.Parsed a, Path root) throws Refused {
        String ref = a.get("ab");
        if (ref == null || ref.isBlank()) {
            throw new Refused("--ab REF is required (the commit to compare with)");
        }
        Pattern include = a.get("include");
        String out = a.get("out");
        Long seed = a.get("seed");
        return new Options(ref, include.pattern(), (int) a.integer("runs"), (int) a.integer("confirm"),
                a.<Double>get("threshold"),
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
            for (Process p : RUNNING) {
                if (p.isAlive()) {
                    Scratch.kill(p);
                }
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

    /** The runs of one job so far, both sides, and the order they ran in. */
    static final class Job {
        final List<Path> ref = new ArrayList<>();
        final List<Path> current = new ArrayList<>();
        final List<String> log = new ArrayList<>(List.of("pair,fork,first,seed,include,startMs,secondStartMs,endMs"));
        final Random order;
        final String extra = System.getenv().getOrDefault("CHACHING_AB_CURRENT_OPTS", "").trim();
        /** Parameter sets one build has and the other has not: run on neither side, not judged. */
        final java.util.Set<String> refOnly = new java.util.TreeSet<>();
        final java.util.Set<String> curOnly = new java.util.TreeSet<>();

        Job(long seed) {
            order = new Random(seed);
        }
    }

    private static int measure(Options o, Path root, Path tree, String sha, PrintStream out) throws Refused, IOException,
            InterruptedException {
        Job job = new Job(o.seed());
        int total = o.runs();
        for (int pair = 1; pair <= o.runs(); pair++) {
            pair(o, root, tree, sha, job, pair, o.include(), null, total, out);
        }
        for (var one : List.of(Map.entry(o.ref(), job.refOnly), Map.entry("this tree", job.curOnly))) {
            if (!one.getValue().isEmpty()) {
                out.printf(Locale.ROOT, "check-regression --ab: %d parameter set%s only %s has, run on neither side, not"
                        + " judged:%n", one.getValue().size(), one.getValue().size() == 1 ? "" : "s", one.getKey());
                one.getValue().forEach(k -> out.println("  " + k));
            }
        }
        List<Row> rows = AbJudge.judge(job.ref, job.current, o.threshold());
        if (rows.isEmpty()) {
            throw new Refused("no benchmark both builds ran matches --include " + o.include());
        }
        // suspects: decided worse by the threshold, or undecided with a point that far: more runs of
        // those alone settle them (a real slowdown is then decided, a chance excursion fades)
        java.util.Set<String> suspects = new java.util.TreeSet<>();
        for (Row r : rows) {
            if (r.verdict() == Verdict.REGRESSION || (r.verdict() == Verdict.UNDECIDED
                    && r.slowdown() >= 1 + o.threshold())) {
                suspects.add(r.benchmark() + " " + new java.util.TreeMap<>(r.params()));
            }
        }
        int confirmed = 0;
        if (!suspects.isEmpty() && o.confirm() > 0) {
            long flagged = rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).count();
            out.printf(Locale.ROOT, "check-regression --ab: after %d pairs, %d flagged and %d undecided beyond %s; %d more"
                    + " pair%s of those %d to settle them%n", o.runs(), flagged, suspects.size() - flagged,
                    Fmt.percent(o.threshold()), o.confirm(), o.confirm() == 1 ? "" : "s", suspects.size());
            suspects.forEach(k -> out.println("  " + k));
            total += o.confirm();
            for (int pair = o.runs() + 1; pair <= o.runs() + o.confirm(); pair++) {
                pair(o, root, tree, sha, job, pair, o.include(), suspects, total, out);
            }
            rows = AbJudge.judge(job.ref, job.current, o.threshold());
            confirmed = o.confirm();
        }
        Files.write(o.out().resolve("ab-order.csv"), job.log, StandardCharsets.UTF_8);
        // counts per coin do not move with the machine: the first run of each side is enough
        List<CountGate.Row> counts = CountGate.compare(JmhResult.read(job.ref.get(0).resolve("jmh-result.json")),
                JmhResult.read(job.current.get(0).resolve("jmh-result.json")));
        AbFile result = new AbFile(o.ref(), sha, o.runs(), confirmed, o.threshold(), job.extra, rows, counts,
                List.copyOf(job.refOnly), List.copyOf(job.curOnly));
        print(result, out);
        Files.writeString(o.out().resolve("ab.json"), result.json(), StandardCharsets.UTF_8);
        return result.regressed() ? 1 : 0;
    }

    /**
     * One pair of runs, the same seed on both sides, in lockstep: both builds' bench runs start
     * and each waits before every fork (BenchMain --lockstep); the two forks of a parameter set
     * then run back to back, in a random order, so that a spell of load on the shared machine
     * falls on both sides of a pair instead of on one side's whole run.
     */
    static void pair(Options o, Path root, Path tree, String sha, Job job, int pair, String include,
                             java.util.Set<String> only, int total, PrintStream out) throws Refused, IOException,
            InterruptedException {
        long seed = job.order.nextInt(Integer.MAX_VALUE);
        out.printf(Locale.ROOT, "check-regression --ab: pair %d of %d, fork by fork%s%n", pair, total,
                job.extra.isEmpty() ? "" : " (current with " + job.extra + ")");
        Stepper ref = null;
        Stepper cur = null;
        try {
            ref = new Stepper("ref", o, tree, pair, include, seed, "");
            cur = new Stepper("current", o, root, pair, include, seed, job.extra);
            String rs = ref.next();
            String cs = cur.next();
            // REF's build leads in its own order; this tree's follows it by key ('run KEY'), so a
            // parameter set only one build has (a new hand-off or parameter) runs on neither side
            java.util.Set<String> matched = new java.util.HashSet<>();
            while (!rs.equals("END")) {
                if (!rs.startsWith("READY ")) {
                    throw ref.failed(o, sha, pair);
                }
                if (!cs.startsWith("READY ") && !cs.equals("END")) {
                    throw cur.failed(o, sha, pair);
                }
                String key = rs.substring(rs.indexOf(' ', 6) + 1);
                if (only != null && !only.contains(key)) {
                    rs = ref.skip();
                    continue;
                }
                // this tree's fork of REF's key: the same key, or it with a parameter added since at its
                // default; none once this tree's run has ended (all its forks ran)
                String curKey = cs.equals("END") ? null : cur.cells.contains(key) ? key : cur.has(key);
                if (curKey == null) {
                    if (only == null) {
                        job.refOnly.add(key);
                    }
                    rs = ref.skip();
                    continue;
                }
                matched.add(curKey);
                boolean refFirst = job.order.nextBoolean();
                long t0 = System.currentTimeMillis();
                String first = refFirst ? ref.go() : cur.run(curKey);
                long t1 = System.currentTimeMillis();
                String second = refFirst ? cur.run(curKey) : ref.go();
                String fork = rs.substring(6, rs.indexOf(' ', 6));
                job.log.add(pair + "," + fork + "," + (refFirst ? "ref" : "current") + "," + seed + "," + include + ","
                        + t0 + "," + t1 + "," + System.currentTimeMillis());
                rs = refFirst ? first : second;
                cs = refFirst ? second : first;
                if (cs.startsWith("NOCELL ")) {
                    throw new Refused("current run " + pair + " has no fork " + cs.substring(7) + " though it listed it");
                }
            }
            if (cs.startsWith("READY ")) {
                cs = cur.end();
            }
            if (!cs.equals("END")) {
                throw cur.failed(o, sha, pair);
            }
            if (only == null) {
                job.curOnly.addAll(cur.cells);
                job.curOnly.removeAll(matched);
            }
            ref.finish(o, sha, pair);
            cur.finish(o, sha, pair);
        } finally {
            for (Stepper st : new Stepper[] {ref, cur}) {
                if (st != null) {
                    st.stop();
                }
            }
        }
        job.ref.add(ref.dir);
        job.current.add(cur.dir);
    }

    /** One build's bench run in lockstep: its process, and the LOCKSTEP lines it printed, in order. */
    private static final class Stepper {
        final String side;
        final Path dir;
        final Path log;
        final Process process;
        final java.io.Writer stdin;
        final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        /** The keys of the forks it listed (LOCKSTEP CELL, printed before the first READY). */
        final java.util.Set<String> cells = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Stepper(String side, Options o, Path home, int pair, String include, long seed, String extra) throws IOException {
            this.side = side;
            this.dir = o.out().resolve(side + "-" + pair);
            this.log = o.out().resolve(side + "-" + pair + ".log");
            List<String> cmd = List.of(home.resolve("scripts").resolve("bench").toString(), "--profile", "ab",
                    "--include", include, "--out", dir.toString(), "--seed", Long.toString(seed), "--lockstep");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
            String opts = System.getenv().getOrDefault("JAVA_OPTS", "");
            pb.environment().put("JAVA_OPTS", extra.isEmpty() ? opts : (opts + " " + extra).trim());
            process = pb.start();
            RUNNING.add(process);
            stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread copy = new Thread(this::copy, "ab-" + side + "-" + pair);
            copy.setDaemon(true);
            copy.start();
        }

        /** Copies the run's output to its log, handing on its LOCKSTEP lines; EOF when it ends. */
        private void copy() {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8));
                 java.io.Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    w.write(line);
                    w.write('\n');
                    if (line.startsWith(LOCKSTEP + "CELL ")) {
                        cells.add(line.substring(LOCKSTEP.length() + 5));
                    } else if (line.startsWith(LOCKSTEP)) {
                        w.flush();
                        lines.add(line.substring(LOCKSTEP.length()));
                    }
                }
            } catch (IOException e) {
                // the process went; EOF below says so
            }
            lines.add("EOF");
        }

        /** Its next LOCKSTEP line: "READY k/N KEY", "END", "EOF" (it ended without END) or "TIMEOUT". */
        String next() throws InterruptedException {
            String l = lines.poll(FORK_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            return l == null ? "TIMEOUT" : l;
        }

        /** Starts its fork and waits for it to finish: the next line. */
        String go() throws IOException, InterruptedException {
            return say("go");
        }

        /** Runs its fork of {@code key} (a build that follows another): the next line. */
        String run(String key) throws IOException, InterruptedException {
            return say("run " + key);
        }

        /**
         * The key of its fork that stands for {@code key} (a build that follows another, asked about a
         * key it did not list), or null; it then waits for the command again.
         */
        String has(String key) throws IOException, InterruptedException, Refused {
            String answer = say("has " + key);
            String again = next();
            if (!answer.startsWith("HAS ") || !again.startsWith("READY ")) {
                throw new Refused(side + " run answered 'has' with " + answer + ", then " + again);
            }
            String k = answer.substring(4);
            return k.equals("-") ? null : k;
        }

        /** Ends the run, the forks it has left unrun: the next line, END. */
        String end() throws IOException, InterruptedException {
            return say("end");
        }

        /** Skips its fork: the next line. */
        String skip() throws IOException, InterruptedException {
            return say("skip");
        }

        private String say(String word) throws IOException, InterruptedException {
            stdin.write(word + "\n");
            stdin.flush();
            return next();
        }

        /** Waits for the process to exit 0 after END, or says why not. */
        void finish(Options o, String sha, int pair) throws Refused, IOException, InterruptedException {
            stdin.close();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw failed(o, sha, pair);
            }
        }

        Refused failed(Options o, String sha, int pair) throws InterruptedException {
            if (process.isAlive()) {
                Scratch.kill(process);
            }
            process.waitFor(1, TimeUnit.MINUTES);
            String why = Scratch.lastLine(log, "no output");
            if (side.equals("ref") && why.contains("--lockstep")) {
                return new Refused(o.ref() + " (" + sha.substring(0, 12) + ") has no ab bench profile with --lockstep: it"
                        + " predates this A/B gate; compare with a later commit (" + why + ")");
            }
            if (side.equals("ref") && why.contains("profile must be")) {
                return new Refused(o.ref() + " (" + sha.substring(0, 12) + ") has no ab bench profile: it predates"
                        + " the A/B gate; compare with a later commit (" + why + ")");
            }
            return new Refused(side + " run " + pair + " failed (" + (process.isAlive() ? "timed out" : "exit "
                    + process.exitValue()) + ", " + log + "): " + why);
        }

        void stop() {
            if (process.isAlive()) {
                Scratch.kill(process);
            }
            RUNNING.remove(process);
        }
    }

    static void print(AbFile r, PrintStream out) {
        out.printf(Locale.ROOT, "%nA/B: this tree against %s, %d pairs of runs in lockstep%s; a regression is decided"
                + " worse (99%% interval) by at least %s%s%n", r.refName(), r.runs(),
                r.confirmRuns() > 0 ? " (and " + r.confirmRuns() + " more of the suspects)" : "",
                Fmt.percent(r.threshold()), r.currentOpts().isEmpty() ? "" : "; current runs with " + r.currentOpts());
        out.printf(Locale.ROOT, "%-60s %-9s %-22s %-24s %s%n", "benchmark", "measure", "current/ref (worse > 1)",
                "verdict", "could have seen");
        for (Row row : r.rows()) {
            String name = row.benchmark() + " " + row.params();
            out.printf(Locale.ROOT, "%-60s %-9s %-22s %-24s %s%n", name, row.measure(), Fmt.num(row.slowdown()) + " ["
                    + Fmt.num(row.low()) + ", " + Fmt.num(row.high()) + "]", row.verdict(), Double.isNaN(row.mde()) ? "-"
                    : "±" + Fmt.percent(row.mde()));
        }
        long gated = r.counts().stream().filter(c -> c.verdict() != CountGate.Verdict.NOT_GATED).count();
        List<CountGate.Row> more = r.counts().stream().filter(c -> c.verdict() == CountGate.Verdict.MORE).toList();
        for (CountGate.Row c : more) {
            out.printf(Locale.ROOT, "count gate: %s %s per coin went up: %s -> %s (allowed ±%s)%n", c.key(), c.count(),
                    Fmt.plain(c.baseline()), Fmt.plain(c.current()), Fmt.plain(c.allowed()));
        }
        out.println("count gate: " + (more.isEmpty() ? "no count per coin went up (" + gated + " gated)"
                : more.size() + " count(s) per coin went up"));
        long bad = r.rows().stream().filter(row -> row.verdict() == Verdict.REGRESSION).count();
        out.println(bad == 0 && more.isEmpty() ? "A/B: no regression" : "A/B: " + (bad + more.size()) + " regression"
                + (bad + more.size() == 1 ? "" : "s"));
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
        RUNNING.add(p);
        try {
            if (!p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                Scratch.kill(p);
                return 124;
            }
            return p.exitValue();
        } finally {
            RUNNING.remove(p);
        }
    }
}

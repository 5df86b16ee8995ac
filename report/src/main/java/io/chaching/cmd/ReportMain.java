package io.chaching.cmd;

import io.chaching.args.Spec;
import io.chaching.gate.AbFile;
import io.chaching.gate.GateSection;
import io.chaching.gate.RegressionGate;
import io.chaching.report.JmhResult;
import io.chaching.report.PageFacts;
import io.chaching.report.Report;
import io.chaching.report.Results;
import io.chaching.report.Samples;
import io.chaching.report.Section;
import io.chaching.report.Traces;
import io.chaching.report.VerdictsJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code report JMH.json [--traces DIR] [--baseline OLD.json | --ab AB.json] [--compare OTHER.json] [--out DIR]}: writes
 * {@code OUT/index.html}, one self-contained file. Defaults: the traces in {@code traces/} next
 * to the JSON, the machine from {@code run.properties} next to it, the output in {@code report/}
 * next to it. The gate section comes from a stored baseline judged here ({@code --baseline}, at
 * {@code --threshold}) or from what a {@code check-regression --ab} job decided ({@code --ab}, its
 * {@code ab.json}, at the threshold that job's exit code used). Exit 0 when written, 2 on bad arguments or unreadable input (one line naming the
 * file and the problem), 1 when writing fails.
 */
public final class ReportMain {
    static final Spec SPEC = new Spec("report",
            "JMH.json [--traces DIR] [--samples DIR] [--baseline OLD.json [--threshold FRACTION] | --ab AB.json]"
            + " [--compare OTHER.json] [--out DIR]")
            .positional("JMH.json", Spec.Kind.path(), "the run's JMH result file")
            .option("traces", "DIR", Spec.Kind.path(), "", "the round traces (default traces/ next to the JSON)")
            .option("samples", "DIR", Spec.Kind.path(), "", "every measured value (default samples/ next to the JSON)")
            .option("baseline", "OLD.json", Spec.Kind.path(), "", "a run to gate against: the regression gate's section")
            .option("threshold", "FRACTION", io.chaching.gate.CheckRegression.THRESHOLD,
                    io.chaching.gate.CheckRegression.DEFAULT_THRESHOLD, "the gate section's threshold, as check-regression's")
            .option("ab", "AB.json", Spec.Kind.path(), "",
                    "what check-regression --ab decided (its ab.json): the gate section, at that job's threshold")
            .option("compare", "OTHER.json", Spec.Kind.path(), "",
                    "another run (its traces/ and samples/ next to it) set beside this one")
            .option("out", "DIR", Spec.Kind.path(), "", "where index.html and verdicts.json go (default report/ next to the JSON)");
    static final String USAGE = SPEC.synopsis();

    private ReportMain() {
    }

    /** The machine and command a run recorded in {@code run.properties} beside its JSON; empty without one. */
    static Properties runProperties(Path dir) throws IOException {
        Properties run = new Properties();
        Path props = dir.resolve("run.properties");
        if (Files.isRegularFile(props)) {
            try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                run.load(r);
            }
        }
        return run;
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    public static int run(String[] raw, PrintStream out, PrintStream err) {
        return SPEC.run(raw, out, err, a -> report(a, out, err));
    }

    private static int report(Spec.Parsed a, PrintStream out, PrintStream err) {
        // Maven passes the ones it has no value for as --name=: empty is the default
        String json = a.string("JMH.json");
        String traces = a.string("traces");
        String samplesArg = a.string("samples");
        String baseline = a.string("baseline");
        String ab = a.string("ab");
        String outDir = a.string("out");
        String compare = a.string("compare");
        double threshold = a.<Double>get("threshold");
        Path jsonPath = Path.of(json).toAbsolutePath();
        Path dir = jsonPath.getParent();
        Results results;
        Traces tr;
        Samples samples;
        Properties run;
        Optional<Section> gate = Optional.empty();
        Optional<Report.Other> other = Optional.empty();
        if (!baseline.isEmpty() && !ab.isEmpty()) {
            err.println("report: --baseline and --ab both give the gate section: pass one");
            return 2;
        }
        try {
            List<JmhResult> read = JmhResult.read(jsonPath);
            RegressionGate.checkRun(json, read);
            results = new Results(read);
            Path traceDir = traces.isEmpty() ? dir.resolve("traces") : Path.of(traces);
            if (!traces.isEmpty() && !Files.isDirectory(traceDir)) {
                throw new IOException(traceDir + ": --traces is not a directory");
            }
            tr = Files.isDirectory(traceDir) ? Traces.read(traceDir) : Traces.none();
            Path sampleDir = samplesArg.isEmpty() ? dir.resolve("samples") : Path.of(samplesArg);
            if (!samplesArg.isEmpty() && !Files.isDirectory(sampleDir)) {
                throw new IOException(sampleDir + ": --samples is not a directory");
            }
            samples = Samples.read(sampleDir);
            run = runProperties(dir);
            if (!compare.isEmpty()) {
                Path otherJson = Path.of(compare).toAbsolutePath();
                List<JmhResult> o = JmhResult.read(otherJson);
                RegressionGate.checkRun(compare, o);
                Path od = otherJson.getParent();
                other = Optional.of(new Report.Other(compare, json, new Results(o),
                        Files.isDirectory(od.resolve("traces")) ? Traces.read(od.resolve("traces")) : Traces.none(),
                        Samples.read(od.resolve("samples")), runProperties(od)));
            }
            if (!baseline.isEmpty()) {
                List<JmhResult> base = JmhResult.read(Path.of(baseline));
                RegressionGate.checkRun(baseline, base);
                gate = Optional.of(GateSection.stored(RegressionGate.compare(base, results.all(), threshold,
                        Pattern.compile("RulerBenchmark"))));
            }
            if (!ab.isEmpty()) {
                gate = Optional.of(GateSection.ab(AbFile.read(Path.of(ab))));
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("report: " + e.getMessage());
            return 2;
        }
        Path target = outDir.isEmpty() ? dir.resolve("report") : Path.of(outDir);
        String rendered;
        try {
            Report.Rendered r = Report.render(results, tr, samples, run, gate, other);
            rendered = r.html();
            Files.createDirectories(target);
            Files.writeString(target.resolve("index.html"), r.html(), StandardCharsets.UTF_8);
            Files.writeString(target.resolve("verdicts.json"), VerdictsJson.write(r.comparisons()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            err.println("report: writing " + target.resolve("index.html") + " failed: " + e);
            return 1;
        }
        List<String> broken = PageFacts.problems(rendered);
        if (!broken.isEmpty()) {
            broken.forEach(b -> err.println("report: the page breaks its own rules: " + b));
            return 1;
        }
        out.println("report: " + target.resolve("index.html").toAbsolutePath() + " (" + results.all().size()
                + " results" + (tr.isEmpty() ? ", no round traces" : "") + (samples.isEmpty()
                ? ", no samples: verdicts from JMH's iteration scores" : "") + "; verdicts.json beside it)");
        return 0;
    }
}

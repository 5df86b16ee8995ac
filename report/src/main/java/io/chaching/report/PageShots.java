package io.chaching.report;

import io.chaching.args.Spec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code report-shots INDEX.html OUTDIR}: screenshots of the top of the report for the README,
 * {@code OUTDIR/report-1200.png} (window 1200 x 1400) and {@code OUTDIR/report-400.png} (400 x 2900:
 * the narrow page is longer, tall enough to reach the choosing table under the four answers),
 * taken with headless Chromium the way {@link PageCheck} runs it. Headless Chromium makes no window
 * narrower than 500 px, so the page is shown in a frame exactly as wide as asked, at the window's
 * left edge. Exit 0 with both written, 1 if a screenshot fails, 2 on bad input or without Chromium.
 */
public final class PageShots {
    static final Spec SPEC = new Spec("report-shots", "INDEX.html OUTDIR")
            .positional("INDEX.html", Spec.Kind.path(), "the report's page")
            .positional("OUTDIR", Spec.Kind.path(), "where report-1200.png and report-400.png go")
            .epilogue("Exit 0 with both written, 1 if a screenshot fails, 2 on bad input or without Chromium.");
    static final int[][] SHOTS = {{1200, 1400}, {400, 2900}};

    private PageShots() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return SPEC.run(args, out, err, a -> shots(a, out, err));
    }

    private static int shots(Spec.Parsed a, PrintStream out, PrintStream err) {
        Path page = PageCheck.renderable("report-shots", a.string("INDEX.html"), err);
        if (page == null) {
            return 2;
        }
        Path chrome = PageCheck.chromium().orElseThrow();
        Path dir = Path.of(a.string("OUTDIR"));
        try {
            Files.createDirectories(dir);
            for (int[] shot : SHOTS) {
                Path png = dir.resolve("report-" + shot[0] + ".png").toAbsolutePath();
                Optional<String> failed = shoot(chrome, page, shot[0], shot[1], png);
                if (failed.isPresent()) {
                    err.println("report-shots: chromium made no screenshot at " + shot[0] + " px of " + page + ": "
                            + failed.get());
                    return 1;
                }
                out.println("report-shots: " + png);
            }
        } catch (IOException e) {
            err.println("report-shots: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    /** One screenshot into {@code png}; the reason when there is none. */
    private static Optional<String> shoot(Path chrome, Path page, int width, int height, Path png) throws IOException {
        Path tmp = Files.createTempDirectory("cha-ching-shot");
        try {
            Path frame = tmp.resolve("frame.html");
            Files.writeString(frame, PageCheck.frame(page.toAbsolutePath().toUri().toString(), width, height, ""),
                    StandardCharsets.UTF_8);
            Files.deleteIfExists(png);
            Path log = tmp.resolve("chromium.log");
            Optional<Process> p = PageCheck.headless(chrome, tmp, width, height, "--screenshot=" + png, frame,
                    tmp.resolve("chromium.out"), log);
            if (p.isEmpty()) {
                return Optional.of("did not finish within " + PageCheck.TIMEOUT_SECONDS + " s; killed it");
            }
            if (!Files.isRegularFile(png) || Files.size(png) == 0) {
                return Optional.of("exit " + p.get().exitValue() + ", " + Scratch.lastLine(log, "nothing on stderr"));
            }
            return Optional.empty();
        } finally {
            Scratch.delete(tmp);
        }
    }
}

package io.chaching.report;

import io.chaching.args.Spec;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code check-page INDEX.html}: renders the report in headless Chromium (Debian's
 * {@code chromium}) at 400 and at 1200 px and lists what a reader would see broken: an image that
 * did not load, a page or a table wider than the window (a table inside a wrapper that scrolls
 * sideways is fine), a section with nothing under its heading. Exit 0 when clean, 1 with
 * problems (one line each, prefixed with the width), 2 on bad input or without Chromium.
 *
 * <p>How: a copy of the page, with a small script before {@code </body>}, goes to a temporary
 * directory, inside a frame exactly as wide as asked (headless Chromium makes no window narrower
 * than 500 px, so the frame, not the window, is the 400 px reader); Chromium loads the frame's
 * parent with {@code --dump-dom}; on the page's load event the script measures the page and posts
 * the problems, as JSON, to the parent, which writes them into an element that the dumped DOM
 * carries back. No such element (Chromium failed, timed out or the script did not run) is a
 * problem too, never a pass.
 */
public final class PageCheck {
    static final Spec SPEC = new Spec("check-page", "INDEX.html")
            .positional("INDEX.html", Spec.Kind.path(), "the report's page, rendered at 400 and 1200 px in headless Chromium")
            .epilogue("Exit 0 when clean, 1 with problems, 2 on a missing file or without Chromium.");
    static final String NOT_FOUND = "chromium not found; install Debian's chromium";
    static final int[] WIDTHS = {400, 1200};
    static final long TIMEOUT_SECONDS = 60;
    private static final String MARK = "chaching-check";

    /**
     * Runs in the page on load. The problems go to the parent frame as a JSON array of sentences,
     * URI-encoded so that the DOM's serialisation cannot alter them. WIDTH is the width asked for.
     */
    private static final String SCRIPT = """
            <script>
            window.addEventListener('load', function () {
              var out = [];
              try {
                var W = window.innerWidth, asked = WIDTH;
                var name = function (el) { return (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80); };
                if (Math.abs(W - asked) > 2) out.push('the window is ' + W + ' px wide, not the ' + asked + ' px asked for');
                document.querySelectorAll('img').forEach(function (img, i) {
                  if (!img.complete || img.naturalWidth === 0) {
                    out.push('image ' + (img.alt ? '"' + img.alt + '"' : (i + 1) + ' (no alt text)') + ' did not load');
                  }
                });
                var scrolls = function (el) {
                  for (var p = el.parentElement; p; p = p.parentElement) {
                    var o = getComputedStyle(p).overflowX;
                    if (o === 'auto' || o === 'scroll') return true;
                  }
                  return false;
                };
                var sw = document.documentElement.scrollWidth;
                if (sw > W + 1) {
                  // name the innermost element that runs past the window, so the fix is findable
                  // its box, or what overflows it (a long word in a heading), past the window's edge
                  var past = function (el) {
                    var r = el.getBoundingClientRect();
                    var spill = getComputedStyle(el).overflowX === 'visible' ? r.left + el.scrollWidth : r.right;
                    return Math.max(r.right, spill) > W + 1 && !scrolls(el);
                  };
                  var culprit = null;
                  document.querySelectorAll('body *').forEach(function (el) {
                    if (!culprit && past(el) && !Array.prototype.some.call(el.children, past)) culprit = el;
                  });
                  out.push('the page is ' + sw + ' px wide, wider than the ' + W + ' px window' + (culprit
                      ? ': <' + culprit.tagName.toLowerCase() + '> "' + name(culprit) + '" reaches '
                        + Math.round(Math.max(culprit.getBoundingClientRect().right,
                          culprit.getBoundingClientRect().left + culprit.scrollWidth)) + ' px' : ''));
                }
                var heading = null, n = 0;
                document.querySelectorAll('h1, h2, h3, h4, table').forEach(function (el) {
                  if (el.tagName !== 'TABLE') { heading = el; return; }
                  n++;
                  var right = Math.round(el.getBoundingClientRect().right);
                  if (right > W + 1 && !scrolls(el)) {
                    out.push('table ' + n + (heading ? ' (under "' + name(heading) + '")' : '') + ' ends at ' + right
                        + ' px, past the ' + W + ' px window, and is not inside a wrapper that scrolls (overflow-x: auto)');
                  }
                });
                var h2s = document.querySelectorAll('h2');
                h2s.forEach(function (h, i) {
                  var r = document.createRange();
                  r.setStartAfter(h);
                  if (i + 1 < h2s.length) r.setEndBefore(h2s[i + 1]); else r.setEnd(document.body, document.body.childNodes.length);
                  var f = r.cloneContents();
                  f.querySelectorAll('script, style, template').forEach(function (s) { s.remove(); });
                  if (!f.textContent.trim() && !f.querySelector('img, table, svg, canvas, picture, video')) {
                    out.push('section "' + name(h) + '" is empty');
                  }
                });
              } catch (e) {
                out.push('the check\\'s script failed: ' + e);
              }
              parent.postMessage('MARK:' + encodeURIComponent(JSON.stringify(out)), '*');
            });
            </script>
            """.replace("MARK", MARK);

    /** The frame's listener: it writes the page's result into an element the dumped DOM carries back. */
    private static final String LISTENER = """
            <script>
            window.addEventListener('message', function (e) {
              if (typeof e.data !== 'string' || e.data.indexOf('MARK:') !== 0) return;
              var pre = document.createElement('pre');
              pre.id = 'MARK';
              pre.textContent = e.data.slice('MARK:'.length);
              document.body.appendChild(pre);
            });
            </script>
            """.replace("MARK", MARK);

    /**
     * The page Chromium loads: {@code src} in a frame exactly {@code width} x {@code height} px at
     * the window's left edge (headless Chromium makes no window narrower than 500 px), then {@code after}.
     */
    static String frame(String src, int width, int height, String after) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>html { overflow: hidden; } body { margin: 0; }\n"
                + "iframe { border: 0; display: block; }</style></head><body>\n<iframe src=\"" + Html.esc(src)
                + "\" width=\"" + width + "\" height=\"" + height + "\"></iframe>\n" + after + "</body></html>\n";
    }

    /**
     * The page a command was given, or null after one line to {@code err} saying why it cannot be
     * rendered: no such file, or no Chromium.
     */
    static Path renderable(String who, String path, PrintStream err) {
        Path page = Path.of(path);
        if (!Files.isRegularFile(page)) {
            err.println(who + ": " + page + ": no such file");
            return null;
        }
        if (chromium().isEmpty()) {
            err.println(who + ": " + NOT_FOUND);
            return null;
        }
        return page;
    }

    private PageCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return SPEC.run(args, out, err, a -> checkPage(a, out, err));
    }

    private static int checkPage(Spec.Parsed a, PrintStream out, PrintStream err) {
        Path page = renderable("page check", a.string("INDEX.html"), err);
        if (page == null) {
            return 2;
        }
        int problems = 0;
        for (int w : WIDTHS) {
            List<String> found;
            try {
                found = check(page, w);
            } catch (IOException e) {
                err.println("page check: " + page + ": " + e.getMessage());
                return 2;
            }
            for (String p : found) {
                out.println(w + " px: " + p);
            }
            problems += found.size();
        }
        if (problems > 0) {
            err.println("page check: " + problems + " problem" + (problems == 1 ? "" : "s") + " in " + page);
            return 1;
        }
        out.println("page check: " + page + " is fine at 400 and 1200 px");
        return 0;
    }

    /** Debian's {@code /usr/bin/chromium}, or the first {@code chromium} on the PATH. */
    static Optional<Path> chromium() {
        Path debian = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path c = Path.of(dir, "chromium");
                if (Files.isExecutable(c) && !Files.isDirectory(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Renders {@code indexHtml} in a frame {@code widthPx} wide and returns the problems found,
     * one sentence each; empty when the page is fine. Chromium missing, failing or not reporting
     * back is itself a problem. Throws only when the page cannot be read or the copy written.
     */
    static List<String> check(Path indexHtml, int widthPx) throws IOException {
        Optional<Path> chrome = chromium();
        if (chrome.isEmpty()) {
            return List.of(NOT_FOUND);
        }
        String html = Files.readString(indexHtml, StandardCharsets.UTF_8);
        Path tmp = Files.createTempDirectory("cha-ching-page-check");
        try {
            Files.writeString(tmp.resolve("page.html"), instrument(html, indexHtml.toAbsolutePath().getParent(),
                    widthPx), StandardCharsets.UTF_8);
            Path frame = tmp.resolve("index.html");
            Files.writeString(frame, frame("page.html", widthPx, 2000, LISTENER), StandardCharsets.UTF_8);
            Path dom = tmp.resolve("dom.html");
            Path log = tmp.resolve("chromium.log");
            Optional<Process> finished = headless(chrome.get(), tmp, widthPx, 2000, "--dump-dom", frame, dom, log);
            if (finished.isEmpty()) {
                return List.of("chromium did not finish within " + TIMEOUT_SECONDS + " s; killed it");
            }
            Process p = finished.get();
            String dumped = Files.readString(dom, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("<pre id=\"" + MARK + "\">([^<]*)</pre>").matcher(dumped);
            if (!m.find()) {
                String last = Scratch.lastLine(log, "nothing on stderr");
                String why = p.exitValue() != 0 ? "chromium failed (exit " + p.exitValue() + "): " + last
                        : "the check's script did not report back (chromium exit 0; " + last + ")";
                return List.of(why);
            }
            List<String> problems = new ArrayList<>();
            for (Object o : (List<?>) Json.parse(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8))) {
                problems.add(String.valueOf(o));
            }
            return problems;
        } finally {
            Scratch.delete(tmp);
        }
    }

    /**
     * Runs headless Chromium once, the one way this project does it: a fresh profile under
     * {@code tmp}, a {@code width} x {@code height} window, 10 s of virtual time for the page to
     * settle, then {@code action} ({@code --dump-dom} or {@code --screenshot=PNG}) on {@code page};
     * standard output to {@code out}, errors to {@code log}. Empty when it did not finish within
     * {@link #TIMEOUT_SECONDS} (it is killed); otherwise the ended process, its helpers killed too.
     */
    static Optional<Process> headless(Path chrome, Path tmp, int width, int height, String action, Path page,
                                      Path out, Path log) throws IOException {
        List<String> cmd = List.of(chrome.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("profile"), "--window-size=" + width + "," + height,
                "--virtual-time-budget=10000", action, page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        boolean done;
        try {
            done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        Scratch.kill(p); // on time: helpers that outlived it, if any
        return done ? Optional.of(p) : Optional.empty();
    }

    /**
     * The page with the check's script before its last {@code </body>} (or at its end), and a
     * {@code <base>} after {@code <head>} so that relative images still load from the page's own
     * directory when the page has no base of its own.
     */
    static String instrument(String html, Path dir, int widthPx) {
        String script = SCRIPT.replace("WIDTH", Integer.toString(widthPx));
        String lower = html.toLowerCase(Locale.ROOT);
        int body = lower.lastIndexOf("</body");
        String s = body < 0 ? html + script : html.substring(0, body) + script + html.substring(body);
        Matcher head = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE).matcher(s);
        if (!lower.contains("<base") && head.find()) {
            String base = "<base href=\"" + Html.esc(dir.toUri().toString()) + "\">";
            s = s.substring(0, head.end()) + base + s.substring(head.end());
        }
        return s;
    }
}

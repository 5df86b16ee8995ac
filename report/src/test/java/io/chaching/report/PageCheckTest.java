package io.chaching.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page check on small hand-made pages, in the Chromium it drives. Without Chromium these
 * tests are skipped and say so ("page check did not run"), unless CHACHING_REQUIRE_CHROMIUM=1
 * (CI), where that is a failure.
 */
class PageCheckTest {
    @TempDir
    Path dir;
    private static boolean saidSkipped;

    static void needChromium() {
        if (PageCheck.chromium().isPresent()) {
            return;
        }
        if ("1".equals(System.getenv("CHACHING_REQUIRE_CHROMIUM"))) {
            fail("CHACHING_REQUIRE_CHROMIUM=1 but chromium was not found; install Debian's chromium");
        }
        if (!saidSkipped) { // once in the build's output, not once a test
            saidSkipped = true;
            System.err.println("page check did not run: chromium not found");
        }
        Assumptions.assumeTrue(false, "page check did not run: chromium not found");
    }

    Path page(String body) throws Exception {
        Path p = dir.resolve("index.html");
        Files.writeString(p, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body>\n"
                + "<h1>A report</h1>\n" + body + "\n</body></html>\n", StandardCharsets.UTF_8);
        return p;
    }

    List<String> problems(String body, int width) throws Exception {
        needChromium();
        return PageCheck.check(page(body), width);
    }

    static String png() throws Exception {
        BufferedImage img = new BufferedImage(300, 120, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return Base64.getEncoder().encodeToString(b.toByteArray());
    }

    static String wideTable() {
        return "<table style=\"width:1500px\"><tr><th>handoff</th><th>ms</th></tr><tr><td>pipe</td><td>1.0</td></tr></table>";
    }

    @Test
    void aCleanPagePasses() throws Exception {
        String body = "<h2>1. Run</h2><table><tr><td>cores</td><td>2</td></tr></table>\n"
                + "<h2>2. Charts</h2><img alt=\"rounds\" style=\"max-width:100%\" src=\"data:image/png;base64," + png() + "\">\n"
                + "<h2>3. Words</h2><div><p>Some text.</p></div>";
        assertEquals(List.of(), problems(body, 400));
        assertEquals(List.of(), problems(body, 1200));
    }

    @Test
    void aWideTableOverflowsAt400() throws Exception {
        List<String> p = problems("<h2>Costs</h2>" + wideTable(), 400);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("table 1 (under \"Costs\") ends at 1508 px, past the 400 px window")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("the page is ") && s.contains("wider than the 400 px window")), p.toString());
    }

    @Test
    void aLongWordInAHeadingIsNamedAsWhatMakesThePageWide() throws Exception {
        // a commit's 40 hex digits cannot wrap: the heading's box fits, its text does not
        List<String> p = problems("<h2>9. Gate against cf6bff9cd61ae253715b6e833f00451e7291a90c0123456789</h2><p>Text.</p>", 400);
        assertTrue(p.size() == 1 && p.get(0).startsWith("the page is ") && p.get(0).contains(
                "wider than the 400 px window: <h2> \"9. Gate against cf6bff9cd61ae253715b6e833f00451e7291a90c"), p.toString());
    }

    @Test
    void theSameTableInAScrollingWrapperPasses() throws Exception {
        assertEquals(List.of(), problems("<h2>Costs</h2><div style=\"overflow-x:auto\">" + wideTable() + "</div>", 400));
    }

    @Test
    void aBrokenImageIsNamed() throws Exception {
        List<String> p = problems("<h2>Charts</h2><p>below</p><img alt=\"round delays\" src=\"data:image/png;base64,AAAA\">", 1200);
        assertEquals(List.of("image \"round delays\" did not load"), p);
    }

    @Test
    void anEmptySectionIsNamed() throws Exception {
        List<String> p = problems("<h2>3. Bursts</h2>\n<div class=\"grid\"> </div>\n<h2>4. Order</h2><p>Text.</p>", 1200);
        assertEquals(List.of("section \"3. Bursts\" is empty"), p);
    }

    @Test
    void aPageWhoseCheckCannotReportIsAProblemNotAPass() throws Exception {
        // the page breaks addEventListener, so the check's script never runs
        List<String> p = problems("<h2>x</h2><p>y</p><script>window.addEventListener = function () {};</script>", 1200);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("the check's script did not report back"), p.toString());
    }

    @Test
    void theCommandNamesAMissingFileAndExits2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = dir.resolve("nothing.html");
        int status = PageCheck.run(new String[] {missing.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, e);
        assertEquals("page check: " + missing + ": no such file", e.strip());
    }

    @Test
    void theCommandPrintsEachProblemWithItsWidthAndExits1() throws Exception {
        needChromium();
        Path p = page("<h2>Costs</h2>" + wideTable() + "<h2>Empty</h2>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PageCheck.run(new String[] {p.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, o + err);
        assertTrue(o.contains("400 px: table 1 (under \"Costs\") ends at 1508 px"), o);
        assertTrue(o.contains("1200 px: section \"Empty\" is empty"), o);
        assertTrue(o.lines().allMatch(l -> l.startsWith("400 px: ") || l.startsWith("1200 px: ")), o);
    }

    @Test
    void theScreenshotsAreAsWideAsAskedAndShowThePage() throws Exception {
        needChromium();
        Path p = page("<p>Answers first.</p>");
        Path shots = dir.resolve("shots");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PageShots.run(new String[] {p.toString(), shots.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        for (int[] shot : PageShots.SHOTS) {
            BufferedImage img = ImageIO.read(shots.resolve("report-" + shot[0] + ".png").toFile());
            assertTrue(img.getWidth() >= shot[0] && img.getHeight() >= shot[1], img.getWidth() + "x" + img.getHeight());
            boolean ink = false; // the heading's black text, not a blank page
            for (int y = 0; y < 80 && !ink; y++) {
                for (int x = 0; x < Math.min(300, img.getWidth()) && !ink; x++) {
                    ink = (img.getRGB(x, y) & 0xffffff) < 0x404040;
                }
            }
            assertTrue(ink, "nothing drawn at the top of the " + shot[0] + " px shot");
        }
        assertEquals(2, PageShots.run(new String[] {p.toString()}, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Test
    void helpOnBothNamesAndOneLineForBadArguments() {
        for (String help : new String[] {"-h", "--help"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, PageCheck.run(new String[] {help}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: check-page INDEX.html\n"));
        }
        for (String[] bad : new String[][] {{}, {"a.html", "b.html"}, {"--width=3", "a.html"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, PageCheck.run(bad, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, e.strip().lines().count(), e);
            assertTrue(e.startsWith("check-page: "), e);
        }
    }
}

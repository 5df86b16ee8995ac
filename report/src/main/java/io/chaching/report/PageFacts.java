package io.chaching.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's own rules about numbers, checked on the page it wrote: every figure in a table in
 * one unit, spelled one way (µs, not us; no JMH "/op"; no 1E5); no interval of a positive
 * quantity reaching below zero; no percentile from fewer values than it needs (a 99th of fewer
 * than 100 is a maximum). ReportMain (io.chaching.cmd) runs it on every page it writes, the tests on
 * synthetic runs.
 */
public final class PageFacts {
    private static final Pattern CELL = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL);
    private static final Pattern TEXT = Pattern.compile("<(li|p|dd|td)[^>]*>(.*?)</\\1>", Pattern.DOTALL);
    private static final Pattern OLD_MICRO = Pattern.compile("(\\d|\\])\\s*us\\b");
    private static final Pattern EXPONENT = Pattern.compile("\\d[eE][+-]?\\d");
    private static final Pattern TIME_UNIT = Pattern.compile("\\d\\s*(ns|µs|ms|s)\\b");
    private static final Pattern NEGATIVE_LOW = Pattern.compile("\\[-\\d");
    private static final Pattern PERCENTILE = Pattern.compile("(\\d\\d)th percentile of (\\d+) values");

    private PageFacts() {
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    /** What breaks the rules, one line each naming the text; empty when nothing does. */
    public static List<String> problems(String html) {
        List<String> out = new ArrayList<>();
        Matcher cell = CELL.matcher(html);
        while (cell.find()) {
            String t = text(cell.group(1)).trim();
            if (OLD_MICRO.matcher(t).find()) {
                out.add("a table cell says \"us\" for µs: " + t);
            }
            if (t.contains("/op")) {
                out.add("a table cell carries JMH's \"/op\": " + t);
            }
            if (EXPONENT.matcher(t).find()) {
                out.add("a table cell prints a number with an exponent: " + t);
            }
            if (t.length() <= 60) {
                java.util.Set<String> units = new java.util.TreeSet<>();
                Matcher u = TIME_UNIT.matcher(t);
                while (u.find()) {
                    units.add(u.group(1));
                }
                if (units.size() > 1) {
                    out.add("a table cell mixes units " + units + ": " + t);
                }
            }
        }
        Matcher m = TEXT.matcher(html);
        while (m.find()) {
            String t = text(m.group(2));
            // a difference, Kendall tau and a correlation may be negative (so may a bare number in a
            // table, which is one of them); a time, a rate or a share may not
            if (t.contains("tau") || t.contains("correlat") || m.group(1).equals("td") && !t.matches(".*\\d\\s*[a-zA-Zµ%].*")) {
                continue;
            }
            for (String clause : t.split("[;:]")) {
                if (NEGATIVE_LOW.matcher(clause).find() && !clause.contains("difference") && !clause.contains("tau")
                        && !clause.contains("+")) {
                    out.add("an interval of a positive quantity reaches below zero: " + clause.trim());
                }
            }
        }
        Matcher p = PERCENTILE.matcher(text(html));
        while (p.find()) {
            int pct = Integer.parseInt(p.group(1));
            int n = Integer.parseInt(p.group(2));
            int needs = (int) Math.ceil(10 / (1 - pct / 100.0));
            if (n < needs) {
                out.add("a " + pct + "th percentile from " + n + " values (it needs " + needs + "): " + p.group());
            }
        }
        return out;
    }
}

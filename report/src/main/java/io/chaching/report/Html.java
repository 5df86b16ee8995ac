package io.chaching.report;

import java.util.List;

/** A small HTML writer: escaped text, tables, sections. One file, no scripts, no network. */
public final class Html {
    private final StringBuilder b = new StringBuilder();
    /** False for a page nobody reads (the other run of --compare): its charts are not drawn. */
    private final boolean draws;

    public Html() {
        this(true);
    }

    private Html(boolean draws) {
        this.draws = draws;
    }

    /** A page written only for the comparisons its sections make: charts cost nothing in it. */
    public static Html unread() {
        return new Html(false);
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public Html raw(String html) {
        b.append(html);
        return this;
    }

    public Html h2(String id, String text) {
        b.append("<h2 id=\"").append(id).append("\">").append(esc(text)).append("</h2>\n");
        return this;
    }

    public Html h3(String text) {
        b.append("<h3>").append(esc(text)).append("</h3>\n");
        return this;
    }

    public Html p(String text) {
        b.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** A paragraph marked as a verdict computed from this run's numbers. */
    public Html verdict(String text) {
        b.append("<p class=\"verdict\">").append(esc(text)).append("</p>\n");
        return this;
    }

    public Html note(String text) {
        b.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
        return this;
    }

    public Html list(List<String> items) {
        b.append("<ul>\n");
        for (String i : items) {
            b.append("<li>").append(esc(i)).append("</li>\n");
        }
        b.append("</ul>\n");
        return this;
    }

    /** A table in a box that scrolls sideways on a narrow screen instead of cutting columns. */
    public Html table(List<String> header, List<List<String>> rows) {
        b.append("<div class=\"scroll\"><table>\n<tr>");
        for (String h : header) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<String> r : rows) {
            b.append("<tr>");
            for (String c : r) {
                b.append(c.equals(Fmt.NOT_MEASURED) ? "<td class=\"missing\">" : "<td>").append(esc(c)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table></div>\n");
        return this;
    }

    /**
     * A chart, drawn at twice its size and shown at its size (or the page's width, whichever is
     * smaller), with its alt text.
     */
    public Html chart(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String alt) {
        if (!draws) {
            return this;
        }
        b.append("<img width=\"").append(chart.getWidth()).append("\" alt=\"").append(esc(alt))
                .append("\" src=\"data:image/png;base64,")
                .append(java.util.Base64.getEncoder().encodeToString(Charts.png2x(chart))).append("\">\n");
        return this;
    }

    public Html open(String tag, String cssClass) {
        b.append('<').append(tag).append(" class=\"").append(cssClass).append("\">\n");
        return this;
    }

    public Html close(String tag) {
        b.append("</").append(tag).append(">\n");
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}

package io.chaching.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.chartpart.RenderableSeries.LegendRenderType;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.Styler.LegendPosition;

/** XChart charts in one house style, rendered headless to PNG bytes for embedding. */
public final class Charts {
    public static final int WIDE = 900;
    public static final int SMALL = 490;

    private Charts() {
    }

    public static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setMarkerSize(6);
        c.getStyler().setErrorBarsColorSeriesColor(true);
        return c;
    }

    public static CategoryChart bars(int width, int height, String title, String xTitle, String yTitle) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setXAxisLabelRotation(30);
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setOverlapped(false);
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        if (s instanceof AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
            a.setPlotGridLinesStroke(new BasicStroke(0.6f));
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
    }

    /** Series colours by name, so a hand-off has the same colour in every chart. */
    public static Color colour(String name, List<String> all) {
        int i = all.indexOf(name);
        // a name the run lacks hashes into Tableau's ten, as it did before black was added
        return colour(i < 0 ? Math.floorMod(name.hashCode(), 10) : i);
    }

    /** The {@code i}-th colour of the house palette (0 first). */
    public static Color colour(int i) {
        if (i < PALETTE.length) {
            return PALETTE[i];
        }
        // past the eleven: hues a golden angle apart, darker, so a 12th hand-off is never blocking's colour
        return Color.getHSBColor((float) ((i - PALETTE.length) * 0.618034 % 1.0), 0.75f, 0.55f);
    }

    // Tableau's ten, then black: the first of the hues above is a dark red, too near poll's red and
    // io_uring's brown for the 11th hand-off (uds) to be told apart at a glance.
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf), new Color(0x000000)};

    /** Pixels per CSS pixel of the embedded PNGs: sharp on a high-DPI screen, scaled down on a phone. */
    public static final int DENSITY = 2;

    /** The chart drawn at {@link #DENSITY} times its size, as PNG bytes. */
    public static byte[] png2x(Chart<?, ?> chart) {
        java.awt.image.BufferedImage img = draw(chart);
        if (fitLegend(chart)) {
            img = draw(chart); // again, the legend at the right
        }
        try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering chart '" + chart.getTitle() + "': " + e.getMessage(), e);
        }
    }

    private static java.awt.image.BufferedImage draw(Chart<?, ?> chart) {
        int w = chart.getWidth();
        int hgt = chart.getHeight();
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w * DENSITY, hgt * DENSITY,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.scale(DENSITY, DENSITY);
            chart.paint(g, w, hgt);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * XChart's legend below the plot is one row and does not wrap: one wider than the chart (eleven
     * hand-offs in a WIDE chart) would run off its edge, the last entries lost. Such a legend is
     * stacked at the plot's right instead (true: draw it again); one that fits is left as it is.
     * Called after a first paint, which gives every series its render style.
     */
    static boolean fitLegend(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        if (s.isLegendVisible() && s.getLegendLayout() == Styler.LegendLayout.Horizontal
                && legendWidth(chart) > chart.getWidth() - 2 * LEGEND_MARGIN) {
            s.setLegendPosition(LegendPosition.OutsideE);
            s.setLegendLayout(Styler.LegendLayout.Vertical);
            return true;
        }
        return false;
    }

    /** XChart's own margin around a legend (Legend_.LEGEND_MARGIN). */
    private static final int LEGEND_MARGIN = 6;

    /**
     * The width XChart gives a one-row legend, summed as its Legend_ sums it: each entry's text
     * in the legend font, its line (or box, 20) and two paddings, and one padding more. The
     * series must have been painted once (before, they have no render style).
     */
    static double legendWidth(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        FontRenderContext frc = new FontRenderContext(null, true, false);
        double width = s.getLegendPadding();
        for (Series series : chart.getSeriesMap().values()) {
            if (!series.isShowInLegend() || !series.isEnabled()) {
                continue;
            }
            double text = 0;
            for (String line : series.getLabel().split("\\n")) {
                text = Math.max(text, line.isEmpty() ? 0 : new TextLayout(line, s.getLegendFont(), frc).getBounds().getWidth());
            }
            double graphic = series.getLegendRenderType() == LegendRenderType.Line ? s.getLegendSeriesLineLength() : 20;
            width += text + graphic + 2 * s.getLegendPadding();
        }
        return width;
    }

    /** A logarithmic x axis, its ticks as plain numbers (1,000, not 1E3). */
    public static void logX(AxesChartStyler s) {
        s.setXAxisLogarithmic(true);
        s.setXAxisDecimalPattern(PLAIN);
    }

    /** A logarithmic y axis, its ticks as plain numbers. */
    public static void logY(AxesChartStyler s) {
        s.setYAxisLogarithmic(true);
        s.setYAxisDecimalPattern(PLAIN);
    }

    /** A colour as faint as an iteration's dot beside its figure. */
    public static Color faint(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 60);
    }

    /**
     * Every iteration's value as a faint dot at its point's x, beside a curve: {@code byX} maps
     * each point's x to its iterations' values; one scatter series without a legend entry.
     * Nothing when there are no values.
     */
    public static void iterationDots(XYChart ch, String name, Color col, Map<Double, List<Double>> byX) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        byX.forEach((at, values) -> values.forEach(v -> {
            x.add(at);
            y.add(v);
        }));
        if (x.isEmpty()) {
            return;
        }
        org.knowm.xchart.XYSeries dots = ch.addSeries(name + " iterations", x, y);
        dots.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        dots.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        dots.setMarkerColor(faint(col));
        dots.setShowInLegend(false);
    }

    /**
     * A dot plot on a category chart: per category of {@code x}, the figure as a {@code marker},
     * with its iterations as faint dots around it, left to right in the order they ran; a category
     * without a figure stays empty. XChart gives every series its own slot within a category, so
     * the dots are series too, one per iteration, ahead of and after the figure's. Call once per
     * group (JVM, C): each group takes the next slots.
     */
    public static void dotPlot(CategoryChart ch, List<String> x, String label, Color col,
                               org.knowm.xchart.style.markers.Marker marker, Map<String, Double> figure,
                               Map<String, List<Double>> iterations, boolean positiveOnly) {
        ch.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
        int most = iterations.values().stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k <= most; k++) {
            List<Double> y = new ArrayList<>();
            if (k == most / 2) {
                x.forEach(c -> y.add(figure.get(c)));
                org.knowm.xchart.CategorySeries s = ch.addSeries(label, x, y);
                s.setMarker(marker);
                s.setMarkerColor(col);
                continue;
            }
            int it = k < most / 2 ? k : k - 1;
            for (String c : x) {
                List<Double> its = iterations.get(c);
                Double v = its == null || it >= its.size() ? null : its.get(it);
                y.add(v == null || (positiveOnly && v <= 0) ? null : v);
            }
            org.knowm.xchart.CategorySeries s = ch.addSeries(label + " iteration " + (it + 1), x, y);
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
            s.setMarkerColor(faint(col));
            s.setShowInLegend(false);
        }
    }

    private static final String PLAIN = "#,##0.###";
}

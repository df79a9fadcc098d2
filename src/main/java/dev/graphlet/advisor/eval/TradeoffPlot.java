package dev.graphlet.advisor.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The trade-off of each policy family, waste avoided against deployments lost, as a PNG of two panels: every policy,
 * then the region of low loss where the product operates, with each baseline point joined to the advisor's curve at
 * the baseline's own loss and the points the advisor is not ahead of marked (as {@link EqualLoss} decides them).
 */
public final class TradeoffPlot {

    /** The line the product is held to: at most this share of the deployments lost. */
    static final double BAR = 0.01;
    static final String ADVISOR_AHEAD = "advisor ahead at equal loss";
    static final String BASELINE_AHEAD = "baseline ahead at equal loss";
    static final Color AHEAD_COLOUR = new Color(0, 140, 60);
    static final Color BEHIND_COLOUR = new Color(200, 0, 0);
    /** Perfect foresight held to the advisor's guards, drawn across the low-loss panel: no guarded policy avoids more. */
    static final String CEILING = "ceiling held to the guards";
    static final Color CEILING_COLOUR = new Color(150, 0, 150);
    private static final int WIDTH = 1000;

    private TradeoffPlot() {
    }

    public static void write(Comparison comparison, String title, Path file) throws IOException {
        write(comparison.rows(), title, file);
    }

    static void write(List<Comparison.Row> rows, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage all = BitmapEncoder.getBufferedImage(everyPolicy(rows, title));
        BufferedImage near = BitmapEncoder.getBufferedImage(nearTheBar(rows, new EqualLoss(rows)));
        BufferedImage both = new BufferedImage(WIDTH, all.getHeight() + near.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(all, 0, 0, null);
        g.drawImage(near, 0, all.getHeight(), null);
        g.dispose();
        ImageIO.write(both, "png", file.toFile());
    }

    /** Every policy over its whole range. */
    static XYChart everyPolicy(List<Comparison.Row> rows, String title) {
        XYChart chart = chart(title, 560);
        addFamilies(chart, rows);
        return chart;
    }

    /**
     * Deployments lost from 0 to the larger of twice the bar and a little beyond the advisor's last point, with the bar
     * drawn, and the equal-loss verdict on each baseline point in that range.
     */
    static XYChart nearTheBar(List<Comparison.Row> rows, EqualLoss equalLoss) {
        double right = xMax(rows);
        List<EqualLoss.Baseline> shown = equalLoss.baselines().stream()
                .filter(b -> 100 * b.deploymentsLost() <= right).toList();
        XYChart chart = chart(title(equalLoss, right), 600);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(right);
        double[] y = yRange(rows, right);
        chart.getStyler().setYAxisMin(y[0]).setYAxisMax(y[1]);
        addFamilies(chart, rows);
        int ahead = 0;
        int behind = 0;
        for (EqualLoss.Baseline b : shown) {
            if (Double.isNaN(b.advisorWasteAvoided())) {
                continue;
            }
            boolean advisorAhead = b.verdict() == EqualLoss.Verdict.ADVISOR_AHEAD;
            String name = advisorAhead ? ADVISOR_AHEAD : BASELINE_AHEAD + " (gap)";
            int count = advisorAhead ? ahead++ : behind++;
            double x = 100 * b.deploymentsLost();
            XYSeries gap = chart.addSeries(count == 0 ? name : name + " " + count, new double[] {x, x},
                    new double[] {100 * b.wasteAvoided(), 100 * b.advisorWasteAvoided()});
            gap.setMarker(SeriesMarkers.NONE);
            gap.setLineColor(advisorAhead ? AHEAD_COLOUR : BEHIND_COLOUR);
            gap.setLineStyle(dashed(2f, 4f, 4f));
            gap.setShowInLegend(count == 0 && advisorAhead);
        }
        List<EqualLoss.Baseline> unbeaten = shown.stream().filter(EqualLoss.Baseline::unbeaten).toList();
        if (!unbeaten.isEmpty()) {
            XYSeries marks = chart.addSeries(BASELINE_AHEAD, unbeaten.stream().mapToDouble(b -> 100 * b.deploymentsLost()).toArray(),
                    unbeaten.stream().mapToDouble(b -> 100 * b.wasteAvoided()).toArray());
            marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            marks.setMarker(SeriesMarkers.CROSS);
            marks.setMarkerColor(BEHIND_COLOUR);
        }
        equalLoss.guardedCeiling().ifPresent(c -> {
            XYSeries ceiling = chart.addSeries(CEILING, new double[] {0, right},
                    new double[] {100 * c.wasteAvoided(), 100 * c.wasteAvoided()});
            ceiling.setMarker(SeriesMarkers.NONE);
            ceiling.setLineColor(CEILING_COLOUR);
            ceiling.setLineStyle(dashed(1.5f, 8f, 4f));
        });
        chart.addAnnotation(new AnnotationLine(100 * BAR, true, false));
        chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "%.0f%% lost", 100 * BAR), 100 * BAR + right / 40,
                y[1] - (y[1] - y[0]) / 30, false));
        return chart;
    }

    private static XYChart chart(String title, int height) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title)
                .xAxisTitle("deployments lost (% of the never-skip world's)")
                .yAxisTitle("wasted compute avoided (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setAnnotationLineColor(Color.GRAY);
        chart.getStyler().setAnnotationLineStroke(dashed(1f, 6f, 3f));
        return chart;
    }

    /** A dashed line {@code width} wide: dashes of {@code on}, gaps of {@code off}. */
    private static BasicStroke dashed(float width, float on, float off) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {on, off}, 0f);
    }

    /** One series per family, in the order the families first appear, so both panels give a family the same colour. */
    private static void addFamilies(XYChart chart, List<Comparison.Row> rows) {
        for (Map.Entry<String, List<Comparison.Row>> family : families(rows).entrySet()) {
            List<Comparison.Row> points = family.getValue();
            XYSeries series = chart.addSeries(family.getKey(), points.stream().mapToDouble(r -> 100 * r.deploymentsLost()).toArray(),
                    points.stream().mapToDouble(r -> 100 * r.wasteAvoided()).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
            if (points.size() == 1) {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
    }

    private static Map<String, List<Comparison.Row>> families(List<Comparison.Row> rows) {
        Map<String, List<Comparison.Row>> families = new LinkedHashMap<>();
        for (Comparison.Row row : rows) {
            families.computeIfAbsent(row.family(), k -> new ArrayList<>()).add(row);
        }
        families.values().forEach(points -> points.sort(Comparator.comparingDouble(Comparison.Row::deploymentsLost)));
        return families;
    }

    /**
     * The right edge of the low-loss panel, in percent: twice the bar, or the last point of the advisor (or of a variant
     * of it, with another guard) and a tenth more.
     */
    static double xMax(List<Comparison.Row> rows) {
        double advisor = rows.stream().filter(r -> r.family().equals(EqualLoss.ADVISOR) || AdvisorPolicy.isVariant(r.family()))
                .mapToDouble(Comparison.Row::deploymentsLost).max().orElse(0);
        return 100 * Math.max(2 * BAR, 1.1 * advisor);
    }

    /**
     * The low-loss panel's vertical range, in percent, in steps of 5 and never above 0: over the points it shows but
     * perfect foresight's, which avoids all the waste and would flatten every curve (the upper panel shows it). Held to
     * the guards, its point stays in range: the ceiling it draws is what the advisor's curve is read against.
     */
    static double[] yRange(List<Comparison.Row> rows, double right) {
        double lo = 0;
        double hi = 0;
        for (Comparison.Row r : rows) {
            if (100 * r.deploymentsLost() <= right && !r.family().equals(Baselines.PerfectForesight.NAME)) {
                lo = Math.min(lo, 100 * r.wasteAvoided());
                hi = Math.max(hi, 100 * r.wasteAvoided());
            }
        }
        return new double[] {5 * Math.floor(lo / 5), Math.max(5, 5 * Math.ceil(hi * 1.05 / 5))};
    }

    private static String title(EqualLoss equalLoss, double right) {
        String range = String.format(Locale.ROOT, "Up to %.1f%% lost", right);
        if (equalLoss.baselines().isEmpty()) {
            return range;
        }
        long behind = equalLoss.unbeaten().size();
        long undecided = equalLoss.undecided();
        long decided = equalLoss.baselines().size() - undecided;
        return String.format(Locale.ROOT, "%s. At equal loss, the advisor is ahead of %d of %d comparable baseline points%s",
                range, decided - behind, decided, undecided == 0 ? "" : " (" + undecided + " undecided)");
    }
}

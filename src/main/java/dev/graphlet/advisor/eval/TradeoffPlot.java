package dev.graphlet.advisor.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The trade-off of each policy family, waste avoided against deployments lost, as a PNG. */
public final class TradeoffPlot {

    private TradeoffPlot() {
    }

    public static void write(Comparison comparison, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(650).title(title)
                .xAxisTitle("deployments lost (% of the never-skip world's)")
                .yAxisTitle("wasted compute avoided (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(8);
        Map<String, List<Comparison.Row>> families = new LinkedHashMap<>();
        for (Comparison.Row row : comparison.rows()) {
            families.computeIfAbsent(row.family(), k -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<Comparison.Row>> family : families.entrySet()) {
            List<Comparison.Row> rows = new ArrayList<>(family.getValue());
            rows.sort(Comparator.comparingDouble(Comparison.Row::deploymentsLost));
            double[] x = rows.stream().mapToDouble(r -> 100 * r.deploymentsLost()).toArray();
            double[] y = rows.stream().mapToDouble(r -> 100 * r.wasteAvoided()).toArray();
            XYSeries series = chart.addSeries(family.getKey(), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            if (rows.size() == 1) {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}

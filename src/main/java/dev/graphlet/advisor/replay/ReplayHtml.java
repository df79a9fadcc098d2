package dev.graphlet.advisor.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The replay report as one self-contained HTML page (the plot is embedded). */
public final class ReplayHtml {

    private ReplayHtml() {
    }

    public static void write(ReplayReport report, Path file) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Replay of ").append(escape(report.input()))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}"
                        + "td:first-child{text-align:left}</style></head><body>");
        html.append("<h1>Replay of ").append(escape(report.input())).append("</h1>");
        html.append(String.format(Locale.ROOT, "<p>%,d events, %,d graphlets (%,d still open at the end, counted neither as waste nor"
                        + " as deployments), %,d deployed. %,.0f of %,.0f cost units wasted (%.1f%%).</p>", report.events(),
                report.graphlets(), report.open(), report.deployed(), report.wastedCost(), report.totalCost(), 100 * report.wastedShare()));
        html.append(String.format(Locale.ROOT, "<p>Following the advisories: %,d SKIPs, %,.0f cost units saved, %.1f%% of the waste"
                        + " avoided, %,d deployments lost.</p>", report.advisedSkip(), report.savedIfFollowed(),
                100 * report.wasteAvoidedIfFollowed(), report.deploymentsLostIfFollowed()));
        html.append("<img alt=\"wasted cost by component\" src=\"data:image/png;base64,").append(plot(report)).append("\">");
        html.append("<h2>Outcomes</h2><table><tr><th>label</th><th>graphlets</th></tr>");
        report.byReason().forEach((reason, n) -> html.append("<tr><td>").append(reason).append("</td><td>").append(n).append("</td></tr>"));
        html.append("</table><h2>The 50 most wasteful pipelines</h2><table><tr><th>pipeline</th><th>graphlets</th><th>deployed</th>"
                + "<th>wasted cost</th><th>median push interval (h)</th><th>after following advisories (h)</th></tr>");
        report.pipelines().stream().limit(50).forEach(p -> html.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%d</td><td>%,.1f</td><td>%.1f</td><td>%.1f</td></tr>", escape(p.pipelineId()),
                p.graphlets(), p.deployed(), p.wastedCost(), p.medianPushHoursBefore(), p.medianPushHoursAfter())));
        html.append("</table></body></html>\n");
        Files.writeString(file, html.toString());
    }

    private static String plot(ReplayReport report) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title("Wasted compute by component")
                .xAxisTitle("component").yAxisTitle("cost units").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<String> components = new ArrayList<>(report.wastedByComponent().keySet());
        List<Double> values = new ArrayList<>(report.wastedByComponent().values());
        if (components.isEmpty()) {
            components.add("none");
            values.add(0.0);
        }
        chart.addSeries("wasted", components, values);
        return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

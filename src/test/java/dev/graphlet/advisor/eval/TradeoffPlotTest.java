package dev.graphlet.advisor.eval;

import static dev.graphlet.advisor.eval.EqualLossTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The trade-off plot's low-loss panel: its range, and the equal-loss verdict drawn on each baseline point. */
class TradeoffPlotTest {

    static List<Comparison.Row> rows() {
        List<Comparison.Row> rows = new ArrayList<>(EqualLossTest.ADVISOR); // 13% at 0.14% .. 19% at 1.10%
        rows.add(row("never-skip", "never-skip", 0, 0));
        rows.add(row("perfect-foresight", "perfect-foresight", 1.0, 0));
        rows.add(row("median-stopping-0.06", "median-stopping", 0.124, 0.0045)); // advisor: 16.4% there
        rows.add(row("strong", "strong", 0.20, 0.0080));                          // ahead of the advisor's 18.4%
        rows.add(row("push-rate-0.5", "push-rate", 0.29, 0.29));                  // far beyond the panel
        return rows;
    }

    @Test
    void theLowLossPanelJoinsEachBaselineToTheAdvisorsCurveAndMarksThoseAheadOfIt() {
        List<Comparison.Row> rows = rows();
        XYChart chart = TradeoffPlot.nearTheBar(rows, new EqualLoss(rows));

        assertThat(chart.getStyler().getXAxisMax()).isEqualTo(2.0); // twice the bar: the advisor ends at 1.1% lost
        assertThat(chart.getStyler().getYAxisMin()).isEqualTo(0.0);
        assertThat(chart.getStyler().getYAxisMax()).isEqualTo(25.0); // over 20%, perfect foresight's 100% left out
        XYSeries ahead = chart.getSeriesMap().get(TradeoffPlot.ADVISOR_AHEAD);
        assertThat(ahead.getXData()).containsExactly(new double[] {0.45, 0.45}, within(1e-9));
        assertThat(ahead.getYData()[0]).isCloseTo(12.4, within(1e-9));
        assertThat(ahead.getYData()[1]).isCloseTo(16.44, within(0.01));
        XYSeries gap = chart.getSeriesMap().get(TradeoffPlot.BASELINE_AHEAD + " (gap)");
        assertThat(gap.getXData()).containsExactly(new double[] {0.8, 0.8}, within(1e-9));
        assertThat(gap.getLineColor()).isEqualTo(TradeoffPlot.BEHIND_COLOUR);
        assertThat(gap.isShowInLegend()).isFalse();
        XYSeries marked = chart.getSeriesMap().get(TradeoffPlot.BASELINE_AHEAD);
        assertThat(marked.getXData()).containsExactly(new double[] {0.8}, within(1e-9));
        assertThat(marked.getYData()).containsExactly(new double[] {20.0}, within(1e-9));
        assertThat(chart.getSeriesMap()).hasSize(6 + 3); // six families, two verdict lines, one set of marks
        assertThat(chart.getTitle()).isEqualTo(
                "Up to 2.0% lost. At equal loss, the advisor is ahead of 1 of 2 comparable baseline points (1 undecided)");
    }

    @Test
    void theCeilingHeldToTheGuardsIsDrawnAcrossTheLowLossPanelAndKeptInRange() {
        List<Comparison.Row> rows = new ArrayList<>(rows());
        XYChart without = TradeoffPlot.nearTheBar(rows, new EqualLoss(rows));
        rows.add(row("perfect-foresight-guarded", Baselines.PerfectForesight.GUARDED, 0.52, 0));

        XYChart chart = TradeoffPlot.nearTheBar(rows, new EqualLoss(rows));

        assertThat(without.getSeriesMap()).doesNotContainKey(TradeoffPlot.CEILING);
        XYSeries ceiling = chart.getSeriesMap().get(TradeoffPlot.CEILING);
        assertThat(ceiling.getXData()).containsExactly(new double[] {0, 2.0}, within(1e-9));
        assertThat(ceiling.getYData()).containsExactly(new double[] {52.0, 52.0}, within(1e-9));
        assertThat(ceiling.getLineColor()).isEqualTo(TradeoffPlot.CEILING_COLOUR);
        assertThat(chart.getStyler().getYAxisMax()).isEqualTo(55.0); // the ceiling in range; free foresight's 100% not
    }

    @Test
    void thePanelReachesPastTheAdvisorsLastPoint() {
        List<Comparison.Row> rows = new ArrayList<>(rows());
        rows.add(row("advisor-0.040", "advisor", 0.22, 0.0250));

        assertThat(TradeoffPlot.xMax(rows)).isCloseTo(2.75, within(1e-9));
        rows.add(row("advisor-overdue-off-0.040", "advisor-overdue-off", 0.34, 0.0286));
        assertThat(TradeoffPlot.xMax(rows)).isCloseTo(3.146, within(1e-9));
        assertThat(TradeoffPlot.xMax(List.of(row("median-stopping-0.06", "median-stopping", 0.124, 0.0045)))).isEqualTo(2.0);
    }

    @Test
    void thePanelsVerticalRangeFitsThePointsItShowsInStepsOfFive() {
        assertThat(TradeoffPlot.yRange(List.of(row("a", "median-stopping", 0.002, 0.01)), 2.0)).containsExactly(0, 5);
        assertThat(TradeoffPlot.yRange(List.of(row("a", "median-stopping", -0.03, 0.01), row("b", "push-rate", 0.30, 0.5)),
                2.0)).containsExactly(-5, 5); // the point beyond the panel's right edge does not count
    }

    @Test
    void bothPanelsGoToOnePng(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tradeoff.png");
        TradeoffPlot.write(rows(), "Policies", file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(560 + 600);
        assertThat(colours(image, 0, 560)).as("the upper panel is drawn").isGreaterThan(10);
        assertThat(colours(image, 560, 1160)).as("the lower panel is drawn").isGreaterThan(10);
    }

    /** How many distinct colours the rows from {@code top} to {@code bottom} hold: a blank panel has one or two. */
    private static long colours(BufferedImage image, int top, int bottom) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = top; y < bottom; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}

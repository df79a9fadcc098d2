package dev.graphlet.advisor.bench;

import dev.graphlet.advisor.sim.SimulationSettings;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bars of long work, on standard error so that results on standard output stay clean. */
public final class Progress {

    private Progress() {
    }

    public static ProgressBar bar(String task, long max, String unit) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, max)).setUnit(unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    /** A bar over a simulation's hours. */
    public static ProgressBar simulatedHours(String task, SimulationSettings settings) {
        return bar(task, settings.days() * 24L, " h");
    }

    /** Moves a bar over simulated hours to the hour of {@code eventTime}. */
    public static void toHour(ProgressBar bar, SimulationSettings settings, long eventTime) {
        long hours = (eventTime - settings.startMillis()) / 3_600_000L;
        if (hours > bar.getCurrent() && hours <= bar.getMax()) {
            bar.stepTo(hours);
        }
    }
}

package dev.graphlet.advisor.graphlet;

import java.util.Comparator;

/** Work due at an event time: make a graphlet final, or forget a final graphlet's markers. */
public record ScheduledTask(long time, Kind kind, String pipelineId, String graphletId) implements Comparable<ScheduledTask> {

    public enum Kind { CLOSE, FORGET }

    private static final Comparator<ScheduledTask> ORDER = Comparator.comparingLong(ScheduledTask::time)
            .thenComparing(ScheduledTask::kind)
            .thenComparing(ScheduledTask::pipelineId)
            .thenComparing(ScheduledTask::graphletId);

    @Override
    public int compareTo(ScheduledTask other) {
        return ORDER.compare(this, other);
    }
}

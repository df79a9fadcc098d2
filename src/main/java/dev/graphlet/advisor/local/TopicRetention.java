package dev.graphlet.advisor.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What time-based retention does to topics of past-dated records. The broker measures a record's age by its
 * timestamp, the event time, so history older than {@code retention.ms} is deleted however recently it was written
 * (see {@link LocalStack#streamTopic}, which turns it off). These are the warnings an operator gets about it.
 */
public final class TopicRetention {

    private static final Logger LOG = LoggerFactory.getLogger(TopicRetention.class);
    private static final String FIX = "set retention.ms=-1 on it (as ./advisor local does)";

    private TopicRetention() {
    }

    /** The topic's {@code retention.ms}, or empty when it cannot be read (say, no permission to describe configs). */
    public static Optional<Long> retentionMs(Admin admin, String topic) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.RETENTION_MS_CONFIG);
            return entry == null || entry.value() == null ? Optional.empty() : Optional.of(Long.parseLong(entry.value()));
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.debug("Cannot read {} of {}: {}", TopicConfig.RETENTION_MS_CONFIG, topic, e.toString());
            return Optional.empty();
        }
    }

    /**
     * For the topic the advisor consumes: history replayed into it from further back than the retention is deleted
     * before it is read (the consumer then skips to the log start), and its graphlets silently go missing. Live events
     * are not at risk, so this is a warning, not an error. Empty when the topic keeps records regardless of age or its
     * retention cannot be read.
     */
    public static Optional<String> consumedTopicWarning(String topic, Optional<Long> retentionMs) {
        if (retentionMs.isEmpty() || retentionMs.get() < 0) {
            return Optional.empty();
        }
        return Optional.of("Topic " + topic + " deletes records older than " + readable(retentionMs.get())
                + " by their event time (retention.ms=" + retentionMs.get() + "): history replayed from further back is"
                + " deleted before it is read. For replays, " + FIX + ".");
    }

    /**
     * For a topic read as a trace from its beginning: the records before each partition's log start offset are gone
     * (a stream topic is not compacted, so only retention or an explicit deletion removes them), and the graphlets they
     * began are incomplete. Empty when nothing is missing.
     *
     * @param logStart    each partition's first offset still held
     * @param retentionMs the topic's retention, when known, to name the likely cause
     */
    public static Optional<String> traceWarning(String topic, Map<TopicPartition, Long> logStart, Optional<Long> retentionMs) {
        long missing = logStart.values().stream().mapToLong(Long::longValue).sum();
        if (missing <= 0) {
            return Optional.empty();
        }
        String partitions = logStart.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(TopicPartition::partition)))
                .map(e -> e.getKey().partition() + ": " + String.format(java.util.Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", "));
        String cause = retentionMs.filter(ms -> ms >= 0)
                .map(ms -> "it deletes records older than " + readable(ms) + " by their event time (retention.ms=" + ms + ")")
                .orElse("they were deleted");
        return Optional.of(String.format(java.util.Locale.ROOT, "Topic %s has lost its first %,d records (partition %s):"
                + " %s, so the trace starts after them and the runs they began are incomplete. To keep history, %s.",
                topic, missing, partitions, cause, FIX));
    }

    static String readable(long ms) {
        Duration age = Duration.ofMillis(ms);
        return ms % 86_400_000L == 0 ? age.toDays() + "d" : ms % 3_600_000L == 0 ? age.toHours() + "h" : ms + " ms";
    }
}

package dev.graphlet.advisor.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/** How a subject is named, as Confluent's serializers do. The contract uses {@link #TOPIC_NAME}. */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}. */
    TOPIC_NAME,
    /** The record's full name. */
    RECORD_NAME,
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD_NAME;

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }

    /** Accepts Confluent's class names (e.g. {@code io.confluent...TopicNameStrategy}) and enum names. */
    public static SubjectNameStrategy parse(String text) {
        String simple = text.substring(text.lastIndexOf('.') + 1).replace("Strategy", "");
        return switch (simple.toLowerCase(Locale.ROOT).replace("_", "")) {
            case "topicname" -> TOPIC_NAME;
            case "recordname" -> RECORD_NAME;
            case "topicrecordname" -> TOPIC_RECORD_NAME;
            default -> throw new IllegalArgumentException("Unknown subject name strategy '" + text
                    + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }
}

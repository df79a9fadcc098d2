package dev.graphlet.advisor.serde;

import java.util.Map;
import java.util.Optional;

/**
 * Serde settings, under the names Confluent's Avro serde uses.
 *
 * @param autoRegister      {@code auto.register.schemas} (default true): register the value's schema on write
 * @param useLatestVersion  {@code use.latest.version} (default false): write with the subject's latest schema
 * @param strategy          {@code key.subject.name.strategy} / {@code value.subject.name.strategy}
 * @param removeJavaProperties {@code avro.remove.java.properties} (default false): strip the Java-only
 *                          {@code avro.java.string} properties generated classes carry, so the registered schema
 *                          equals the .avsc and other languages' serializers find the same id
 */
public record AvroSerdeConfig(boolean autoRegister, boolean useLatestVersion, SubjectNameStrategy strategy,
                              boolean removeJavaProperties) {

    public static final String REMOVE_JAVA_PROPERTIES = "avro.remove.java.properties";

    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";

    public static AvroSerdeConfig from(Map<String, ?> props, boolean isKey) {
        String strategyKey = isKey ? "key.subject.name.strategy" : "value.subject.name.strategy";
        return new AvroSerdeConfig(
                bool(props, AUTO_REGISTER, true),
                bool(props, USE_LATEST_VERSION, false),
                text(props, strategyKey).map(SubjectNameStrategy::parse).orElse(SubjectNameStrategy.TOPIC_NAME),
                bool(props, REMOVE_JAVA_PROPERTIES, false));
    }

    private static boolean bool(Map<String, ?> props, String key, boolean fallback) {
        return text(props, key).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("Bad " + key + " '" + v + "': expected true or false");
            }
            return Boolean.parseBoolean(v);
        }).orElse(fallback);
    }

    private static Optional<String> text(Map<String, ?> props, String key) {
        Object value = props.get(key);
        return value == null ? Optional.empty() : Optional.of(value.toString().trim());
    }
}

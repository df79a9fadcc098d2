package dev.graphlet.advisor.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The settings every verb shares, resolved in this order (later wins): built-in defaults, the {@code --config}
 * properties file, environment variables ({@code ADVISOR_} + the key upper-cased with dots and dashes as underscores, e.g.
 * {@code ADVISOR_BOOTSTRAP_SERVERS}, {@code ADVISOR_ADVISOR_TOPIC_EVENTS}), then the {@code --bootstrap} and
 * {@code --registry} flags. Keys under {@code advisor.} are the advisor's own; every other key (Kafka client and
 * Streams settings, {@code schema.registry.url}, {@code basic.auth.*}, {@code schema.registry.ssl.*}) passes
 * through to the clients untouched.
 */
public final class AdvisorConfig {

    public static final String BOOTSTRAP = "bootstrap.servers";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String ENV_PREFIX = "ADVISOR_";

    private final Map<String, String> values;

    private AdvisorConfig(Map<String, String> values) {
        this.values = values;
    }

    /** Defaults: the local stack's addresses. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new TreeMap<>();
        defaults.put(BOOTSTRAP, "localhost:9092");
        defaults.put(REGISTRY_URL, "http://localhost:8081");
        return defaults;
    }

    public static AdvisorConfig load(Optional<Path> file, Map<String, String> environment,
                                     Optional<String> bootstrap, Optional<String> registry) {
        Map<String, String> values = defaults();
        file.ifPresent(path -> values.putAll(readFile(path)));
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String key = keyOf(name);
                // An environment name cannot hold '-': ADVISOR_ADVISOR_CLOSE_CHECK_INTERVAL stands for
                // advisor.close.check-interval, and wins over the file's value for it.
                values.keySet().removeIf(existing -> dotted(existing).equals(key));
                values.put(key, value);
            }
        });
        bootstrap.ifPresent(b -> values.put(BOOTSTRAP, b));
        registry.ifPresent(r -> values.put(REGISTRY_URL, r));
        return new AdvisorConfig(values);
    }

    /** {@code ADVISOR_BOOTSTRAP_SERVERS} -> {@code bootstrap.servers}. */
    static String keyOf(String environmentName) {
        return environmentName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The form an environment variable gives a key: {@code advisor.close.check-interval} -> {@code advisor.close.check.interval}. */
    private static String dotted(String key) {
        return key.replace('-', '.');
    }

    /** The value for a key, given under its own name or (from the environment) under its dotted form. */
    private String value(String key) {
        String value = values.get(key);
        return value != null || key.indexOf('-') < 0 ? value : values.get(dotted(key));
    }

    private static Map<String, String> readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("Config file " + path + " does not exist: pass an existing properties file to --config");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read config file " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        props.stringPropertyNames().forEach(name -> values.put(name, props.getProperty(name).trim()));
        return values;
    }

    public String bootstrapServers() {
        return values.get(BOOTSTRAP);
    }

    public String registryUrl() {
        return values.get(REGISTRY_URL);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(value(key));
    }

    public String get(String key, String fallback) {
        String value = value(key);
        return value != null ? value : fallback;
    }

    public int getInt(String key, int fallback) {
        return parsed(key, fallback, Integer::parseInt, "an integer");
    }

    public long getLong(String key, long fallback) {
        return parsed(key, fallback, Long::parseLong, "an integer");
    }

    public double getDouble(String key, double fallback) {
        return parsed(key, fallback, Double::parseDouble, "a number");
    }

    /** A duration such as {@code 30m}, {@code 24h} or {@code 7d} ({@link DurationText}). */
    public Duration getDuration(String key, Duration fallback) {
        String text = value(key);
        return text == null ? fallback : DurationText.parse(key, text);
    }

    /** true/yes/on or false/no/off, any case. */
    public boolean getBoolean(String key, boolean fallback) {
        return parsed(key, fallback, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException();
        }, "true or false");
    }

    /** The setting read by {@code parse} (trimmed), the fallback when unset; a one-line error naming the key when bad. */
    public <T> T parsed(String key, T fallback, Function<String, T> parse, String expected) {
        String text = value(key);
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text.trim());
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new IllegalArgumentException("Bad " + key + " '" + text + "': expected " + expected);
        }
    }

    /** The Kafka client (and serde) settings: everything outside {@code advisor.}. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> client = new TreeMap<>();
        values.forEach((key, value) -> {
            if (!key.startsWith("advisor.")) {
                client.put(key, value);
            }
        });
        return client;
    }

    /** The Kafka client settings without the registry's, for admin clients (which warn on unknown keys). */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> kafka = clientProperties();
        kafka.keySet().removeIf(k -> k.startsWith("schema.registry") || k.startsWith("basic.auth"));
        return kafka;
    }

    public Topics topics() {
        return Topics.from(this);
    }
}

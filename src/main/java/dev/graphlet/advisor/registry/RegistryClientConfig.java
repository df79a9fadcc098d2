package dev.graphlet.advisor.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a schema registry, read from the same property names Confluent's clients use, so one
 * properties file serves both.
 *
 * @param urls        one or more base URLs, tried in order ({@code schema.registry.url}, comma-separated)
 * @param userInfo    {@code user:password} for HTTP basic auth ({@code basic.auth.user.info}), or from the URL
 * @param tls         trust and key stores for HTTPS ({@code schema.registry.ssl.*})
 * @param maxRetries  retries of a transient failure before giving up ({@code max.retries})
 * @param retryWait   first backoff, doubled each retry ({@code retries.wait.ms})
 * @param retryMaxWait backoff ceiling ({@code retries.max.wait.ms})
 * @param requestTimeout per-request timeout ({@code http.read.timeout.ms})
 */
public record RegistryClientConfig(List<URI> urls, Optional<String> userInfo, Optional<TlsSettings> tls,
                                   int maxRetries, Duration retryWait, Duration retryMaxWait,
                                   Duration requestTimeout) {

    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";

    /** Keystore and truststore for TLS to the registry. */
    public record TlsSettings(Optional<String> truststoreLocation, Optional<String> truststorePassword,
                              String truststoreType, Optional<String> keystoreLocation,
                              Optional<String> keystorePassword, String keystoreType,
                              Optional<String> keyPassword) {
    }

    public static RegistryClientConfig from(Map<String, ?> props) {
        String urlText = string(props, URL).orElseThrow(() -> new IllegalArgumentException(
                "Missing " + URL + ": set it to the schema registry's URL, e.g. http://localhost:8081"));
        List<URI> urls = Arrays.stream(urlText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(RegistryClientConfig::uri).toList();
        Optional<String> userInfo = userInfo(props, urls.get(0));
        Optional<TlsSettings> tls = Optional.empty();
        Optional<String> trust = string(props, "schema.registry.ssl.truststore.location");
        Optional<String> key = string(props, "schema.registry.ssl.keystore.location");
        if (trust.isPresent() || key.isPresent()) {
            tls = Optional.of(new TlsSettings(trust, string(props, "schema.registry.ssl.truststore.password"),
                    string(props, "schema.registry.ssl.truststore.type").orElse("JKS"), key,
                    string(props, "schema.registry.ssl.keystore.password"),
                    string(props, "schema.registry.ssl.keystore.type").orElse("JKS"),
                    string(props, "schema.registry.ssl.key.password")));
        }
        return new RegistryClientConfig(urls, userInfo, tls,
                intValue(props, MAX_RETRIES, 3),
                Duration.ofMillis(intValue(props, RETRIES_WAIT_MS, 200)),
                Duration.ofMillis(intValue(props, RETRIES_MAX_WAIT_MS, 5_000)),
                Duration.ofMillis(intValue(props, READ_TIMEOUT_MS, 30_000)));
    }

    private static URI uri(String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Bad " + URL + " '" + text + "': expected e.g. http://host:8081");
        }
    }

    private static Optional<String> userInfo(Map<String, ?> props, URI first) {
        String source = string(props, CREDENTIALS_SOURCE).orElse("URL");
        Optional<String> configured = string(props, USER_INFO).or(() -> string(props, "schema.registry." + USER_INFO));
        if ("USER_INFO".equalsIgnoreCase(source) || configured.isPresent()) {
            return configured;
        }
        return Optional.ofNullable(first.getUserInfo());
    }

    static Optional<String> string(Map<String, ?> props, String key) {
        Object value = props.get(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }

    private static int intValue(Map<String, ?> props, String key, int fallback) {
        Optional<String> text = string(props, key);
        try {
            return text.map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad " + key + " '" + text.get() + "': expected an integer");
        }
    }

    /** The URL as shown in messages: without credentials. */
    public String displayUrl() {
        return urls.stream().map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getPath() == null ? "" : u.getPath())).reduce((a, b) -> a + "," + b).orElse("");
    }

    /** A client for these settings: in memory for {@code mock://scope}, HTTP otherwise; ids cached both ways. */
    public static SchemaRegistryClient connect(Map<String, ?> props) {
        String url = string(props, URL).orElse("");
        if (url.startsWith(MockSchemaRegistry.SCHEME)) {
            return new CachingSchemaRegistryClient(MockSchemaRegistry.scope(url.substring(MockSchemaRegistry.SCHEME.length())));
        }
        return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(from(props)));
    }
}

package dev.graphlet.advisor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (also served by Karapace, Redpanda and Apicurio's ccompat
 * API, and by this project's embedded registry). Transient failures (connection errors, timeouts, 408, 429 and
 * 5xx answers) are retried with exponential backoff, then raised as {@link SchemaRegistryUnavailableException};
 * definite refusals are raised at once as {@link SchemaRegistryException} with Confluent's error code.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(408, 429, 500, 502, 503, 504);

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Optional<String> authorization;

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        config.tls().ifPresent(tls -> builder.sslContext(sslContext(tls)));
        this.http = builder.build();
        this.authorization = config.userInfo().map(info ->
                "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- the API -------------------------------------------------------------------------------------------

    @Override
    public int register(String subject, Schema schema) {
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject);
        return answer.path("id").asInt();
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return registered(send("POST", "/subjects/" + encode(subject), schemaBody(schema), subject));
    }

    @Override
    public Schema schemaById(int id) {
        JsonNode answer = send("GET", "/schemas/ids/" + id, null, "schema id " + id);
        return parseAnswer(answer.path("schema").asText(), "schema id " + id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, subject));
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null, subject));
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null, subject).forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null, "subjects").forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                schemaBody(schema), subject);
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(), messages);
    }

    @Override
    public CompatibilityLevel compatibility(Optional<String> subject) {
        String path = subject.map(s -> "/config/" + encode(s) + "?defaultToGlobal=true").orElse("/config");
        JsonNode answer = send("GET", path, null, subject.orElse("global config"));
        return CompatibilityLevel.parse(answer.path("compatibilityLevel").asText());
    }

    @Override
    public void setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        send("PUT", subject.map(s -> "/config/" + encode(s)).orElse("/config"), body.toString(),
                subject.orElse("global config"));
    }

    // ---- transport -----------------------------------------------------------------------------------------

    private JsonNode send(String method, String path, String body, String about) {
        List<Exception> failures = new ArrayList<>();
        Duration wait = config.retryWait();
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            for (URI base : config.urls()) {
                URI uri = URI.create(stripSlash(base.toString()) + path);
                try {
                    HttpResponse<String> response = http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString());
                    int status = response.statusCode();
                    if (status / 100 == 2) {
                        return json.readTree(response.body().isEmpty() ? "{}" : response.body());
                    }
                    SchemaRegistryException refusal = refusal(status, response.body(), uri, about);
                    if (!TRANSIENT_STATUS.contains(status)) {
                        throw refusal;
                    }
                    failures.add(refusal);
                } catch (IOException e) {
                    failures.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryUnavailableException("Interrupted while calling schema registry " + uri, e);
                }
            }
            if (attempt < config.maxRetries()) {
                LOG.debug("Schema registry {} failed ({}); retrying in {} ms", config.displayUrl(),
                        failures.get(failures.size() - 1), wait.toMillis());
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(config.retryMaxWait()) > 0 ? config.retryMaxWait() : wait.multipliedBy(2);
            }
        }
        Exception last = failures.get(failures.size() - 1);
        throw new SchemaRegistryUnavailableException("Schema registry at " + config.displayUrl() + " is unavailable ("
                + method + " " + path + ", " + about + ") after " + (config.maxRetries() + 1) + " attempts: " + describe(last), last);
    }

    private HttpRequest request(String method, URI uri, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder.build();
    }

    private SchemaRegistryException refusal(int status, String body, URI uri, String about) {
        int code = status;
        String message = body;
        try {
            JsonNode error = json.readTree(body);
            code = error.path("error_code").asInt(status);
            message = error.path("message").asText(body);
        } catch (IOException | RuntimeException e) {
            // not a Confluent error body: keep the raw text
        }
        return SchemaRegistryException.of(status, code, "Schema registry " + uri + " refused the request for "
                + about + ": HTTP " + status + ", error " + code + ": " + message);
    }

    private String schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private RegisteredSchema registered(JsonNode answer) {
        String subject = answer.path("subject").asText();
        return new RegisteredSchema(subject, answer.path("version").asInt(), answer.path("id").asInt(),
                parseAnswer(answer.path("schema").asText(), subject));
    }

    private Schema parseAnswer(String text, String about) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(200, 0, "Schema registry " + config.displayUrl()
                    + " returned a schema for " + about + " that is not valid Avro: " + e.getMessage());
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while waiting to retry the schema registry", e);
        }
    }

    private static SSLContext sslContext(RegistryClientConfig.TlsSettings tls) {
        try {
            TrustManagerFactory tmf = null;
            if (tls.truststoreLocation().isPresent()) {
                KeyStore trust = load(tls.truststoreLocation().get(), tls.truststoreType(), tls.truststorePassword());
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (tls.keystoreLocation().isPresent()) {
                KeyStore keys = load(tls.keystoreLocation().get(), tls.keystoreType(), tls.keystorePassword());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, tls.keyPassword().or(tls::keystorePassword).map(String::toCharArray).orElse(null));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot set up TLS to the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String type, Optional<String> password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password.map(String::toCharArray).orElse(null));
        }
        return store;
    }
}

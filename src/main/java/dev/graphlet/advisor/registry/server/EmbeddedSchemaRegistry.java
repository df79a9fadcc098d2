package dev.graphlet.advisor.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlet.advisor.registry.CompatibilityLevel;
import dev.graphlet.advisor.registry.CompatibilityResult;
import dev.graphlet.advisor.registry.InMemorySchemaRegistry;
import dev.graphlet.advisor.registry.RegisteredSchema;
import dev.graphlet.advisor.registry.SchemaRegistryException;
import dev.graphlet.advisor.registry.SchemaRegistryException.ErrorCodes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry that speaks Confluent's REST API (the subset producers, consumers, the console tools and
 * operators use: subjects, versions, ids, lookups, compatibility checks, configuration, deletes), with
 * Confluent's JSON bodies, content type, HTTP statuses and error codes. Schemas live in an
 * {@link InMemorySchemaRegistry}, persisted in a compacted Kafka topic by {@link SchemaTopicStore} when one is
 * given. Avro only: other schema types and schema references are refused with 422/42201.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ANSWERED = "registry-error-answered";

    private final InMemorySchemaRegistry registry;
    private final Optional<SchemaTopicStore> store;
    private final Javalin http;
    private final ObjectMapper json = new ObjectMapper();
    private final Optional<String> expectedAuthorization;

    private EmbeddedSchemaRegistry(InMemorySchemaRegistry registry, Optional<SchemaTopicStore> store,
                                   Optional<String> basicAuthUserInfo) {
        this.registry = registry;
        this.store = store;
        this.expectedAuthorization = basicAuthUserInfo.map(info ->
                "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.http = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            config.http.defaultContentType = CONTENT_TYPE;
        });
        routes();
    }

    /**
     * Starts a registry persisted in {@code topic} of the cluster {@code clientProps} reaches.
     *
     * @param basicAuthUserInfo when present ({@code user:password}), every request must carry these credentials
     */
    public static EmbeddedSchemaRegistry start(Map<String, Object> clientProps, String topic, String host, int port,
                                               Optional<String> basicAuthUserInfo) {
        SchemaTopicStore.Opened opened = SchemaTopicStore.open(clientProps, topic);
        EmbeddedSchemaRegistry server = new EmbeddedSchemaRegistry(opened.registry(), Optional.of(opened.store()), basicAuthUserInfo);
        server.http.start(host, port);
        LOG.info("Schema registry listening on {} (schemas in topic '{}')", server.url(), topic);
        return server;
    }

    /** Starts a registry that keeps schemas in memory only. */
    public static EmbeddedSchemaRegistry startInMemory(String host, int port, Optional<String> basicAuthUserInfo) {
        EmbeddedSchemaRegistry server = new EmbeddedSchemaRegistry(new InMemorySchemaRegistry(), Optional.empty(), basicAuthUserInfo);
        server.http.start(host, port);
        return server;
    }

    public String url() {
        return "http://localhost:" + http.port();
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        store.ifPresent(SchemaTopicStore::close);
    }

    // ---- routes --------------------------------------------------------------------------------------------

    private void routes() {
        http.before(this::authorize);
        http.exception(SchemaRegistryException.class, (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
        http.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, 400, "Unrecognized request body: " + e.getOriginalMessage()));
        http.exception(Exception.class, (e, ctx) -> {
            LOG.error("Schema registry request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, 50001, "Error in the backend data store: " + e.getMessage());
        });
        http.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) { // an unknown route, not one of the registry's own 404s
                error(ctx, 404, 404, "HTTP 404 Not Found");
            }
        });
        http.error(405, ctx -> error(ctx, 405, 405, "HTTP 405 Method Not Allowed"));

        http.get("/", ctx -> send(ctx, json.createObjectNode()));
        http.get("/schemas/types", ctx -> send(ctx, json.createArrayNode().add("AVRO")));
        http.get("/mode", ctx -> send(ctx, json.createObjectNode().put("mode", "READWRITE")));

        http.get("/schemas/ids/{id}", ctx -> {
            ObjectNode body = json.createObjectNode().put("schema", registry.schemaById(id(ctx)).toString());
            send(ctx, body);
        });
        http.get("/schemas/ids/{id}/schema", ctx -> sendRaw(ctx, registry.schemaById(id(ctx)).toString()));
        http.get("/schemas/ids/{id}/subjects", ctx -> {
            ArrayNode body = json.createArrayNode();
            registry.usesOf(id(ctx), deleted(ctx)).stream().map(RegisteredSchema::subject).distinct().forEach(body::add);
            send(ctx, body);
        });
        http.get("/schemas/ids/{id}/versions", ctx -> {
            ArrayNode body = json.createArrayNode();
            registry.usesOf(id(ctx), deleted(ctx)).forEach(use ->
                    body.addObject().put("subject", use.subject()).put("version", use.version()));
            send(ctx, body);
        });

        http.get("/subjects", ctx -> {
            ArrayNode body = json.createArrayNode();
            registry.subjects(deleted(ctx)).forEach(body::add);
            send(ctx, body);
        });
        http.get("/subjects/{subject}/versions", ctx -> {
            ArrayNode body = json.createArrayNode();
            registry.versions(ctx.pathParam("subject"), deleted(ctx)).forEach(body::add);
            send(ctx, body);
        });
        http.get("/subjects/{subject}/versions/{version}", ctx ->
                send(ctx, describe(registry.version(ctx.pathParam("subject"), ctx.pathParam("version"), deleted(ctx)))));
        http.get("/subjects/{subject}/versions/{version}/schema", ctx -> sendRaw(ctx,
                registry.version(ctx.pathParam("subject"), ctx.pathParam("version"), deleted(ctx)).schema().toString()));
        http.post("/subjects/{subject}/versions", ctx -> {
            int id = registry.register(ctx.pathParam("subject"), schemaText(ctx));
            send(ctx, json.createObjectNode().put("id", id));
        });
        http.post("/subjects/{subject}", ctx ->
                send(ctx, describe(registry.lookup(ctx.pathParam("subject"), schemaText(ctx), deleted(ctx)))));
        http.delete("/subjects/{subject}", ctx -> {
            ArrayNode body = json.createArrayNode();
            registry.deleteSubject(ctx.pathParam("subject"), permanent(ctx)).forEach(body::add);
            send(ctx, body);
        });
        http.delete("/subjects/{subject}/versions/{version}", ctx -> sendRaw(ctx, Integer.toString(
                registry.deleteVersion(ctx.pathParam("subject"), ctx.pathParam("version"), permanent(ctx)))));

        http.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> sendCompatibility(ctx,
                registry.testCompatibility(ctx.pathParam("subject"), ctx.pathParam("version"), schemaText(ctx))));
        http.post("/compatibility/subjects/{subject}/versions", ctx -> sendCompatibility(ctx,
                registry.testCompatibility(ctx.pathParam("subject"), null, schemaText(ctx))));

        http.get("/config", ctx -> send(ctx, json.createObjectNode()
                .put("compatibilityLevel", registry.compatibility(Optional.empty()).name())));
        http.put("/config", ctx -> {
            CompatibilityLevel level = level(ctx);
            registry.setCompatibility(Optional.empty(), level);
            send(ctx, json.createObjectNode().put("compatibility", level.name()));
        });
        http.get("/config/{subject}", ctx -> {
            String subject = ctx.pathParam("subject");
            Optional<CompatibilityLevel> own = registry.subjectCompatibility(subject);
            if (own.isEmpty() && !"true".equalsIgnoreCase(ctx.queryParam("defaultToGlobal"))) {
                throw new SchemaRegistryException(404, ErrorCodes.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                        "Subject '" + subject + "' does not have subject-level compatibility configured");
            }
            CompatibilityLevel level = own.orElseGet(() -> registry.compatibility(Optional.empty()));
            send(ctx, json.createObjectNode().put("compatibilityLevel", level.name()));
        });
        http.put("/config/{subject}", ctx -> {
            CompatibilityLevel level = level(ctx);
            registry.setCompatibility(Optional.of(ctx.pathParam("subject")), level);
            send(ctx, json.createObjectNode().put("compatibility", level.name()));
        });
        http.delete("/config/{subject}", ctx -> send(ctx, json.createObjectNode()
                .put("compatibilityLevel", registry.clearCompatibility(ctx.pathParam("subject")).name())));
    }

    private void authorize(Context ctx) {
        if (expectedAuthorization.isPresent() && !expectedAuthorization.get().equals(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
            error(ctx, 401, ErrorCodes.UNAUTHORIZED, "Unauthorized");
            ctx.skipRemainingHandlers();
        }
    }

    // ---- bodies --------------------------------------------------------------------------------------------

    private String schemaText(Context ctx) throws JsonProcessingException {
        JsonNode body = json.readTree(ctx.body());
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException.InvalidSchemaException("Invalid schema: unsupported schema type " + type
                    + " (this registry serves AVRO)");
        }
        if (body.path("references").size() > 0) {
            throw new SchemaRegistryException.InvalidSchemaException(
                    "Invalid schema: schema references are not supported by this registry; inline the referenced types");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException.InvalidSchemaException("Invalid schema: the body has no \"schema\" string");
        }
        return schema.asText();
    }

    private CompatibilityLevel level(Context ctx) throws JsonProcessingException {
        JsonNode body = json.readTree(ctx.body());
        return CompatibilityLevel.parse(body.path("compatibility").asText(body.path("compatibilityLevel").asText("")));
    }

    private ObjectNode describe(RegisteredSchema found) {
        return json.createObjectNode().put("subject", found.subject()).put("version", found.version())
                .put("id", found.id()).put("schema", found.schema().toString());
    }

    private void sendCompatibility(Context ctx, CompatibilityResult result) {
        ObjectNode body = json.createObjectNode().put("is_compatible", result.compatible());
        if ("true".equalsIgnoreCase(ctx.queryParam("verbose"))) {
            ArrayNode messages = body.putArray("messages");
            result.messages().forEach(messages::add);
        }
        send(ctx, body);
    }

    private static int id(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException.SchemaNotFoundException("Schema " + ctx.pathParam("id") + " not found");
        }
    }

    private static boolean deleted(Context ctx) {
        return "true".equalsIgnoreCase(ctx.queryParam("deleted"));
    }

    private static boolean permanent(Context ctx) {
        return "true".equalsIgnoreCase(ctx.queryParam("permanent"));
    }

    private void send(Context ctx, JsonNode body) {
        sendRaw(ctx, body.toString());
    }

    private static void sendRaw(Context ctx, String body) {
        ctx.contentType(CONTENT_TYPE).result(body);
    }

    private void error(Context ctx, int status, int code, String message) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status);
        send(ctx, json.createObjectNode().put("error_code", code).put("message", message));
    }
}

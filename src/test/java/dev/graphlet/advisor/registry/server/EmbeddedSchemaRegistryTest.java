package dev.graphlet.advisor.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlet.advisor.registry.CompatibilityLevel;
import dev.graphlet.advisor.registry.RegistryClientConfig;
import dev.graphlet.advisor.registry.RestSchemaRegistryClient;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.registry.SchemaRegistryException;
import dev.graphlet.advisor.registry.SchemaRegistryUnavailableException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded registry answers Confluent's REST API with Confluent's bodies, statuses and error codes. */
class EmbeddedSchemaRegistryTest {

    static final Schema V1 = SchemaBuilder.record("Run").namespace("test").fields().requiredString("id").endRecord();
    static final Schema V2 = SchemaBuilder.record("Run").namespace("test").fields().requiredString("id")
            .name("note").type().optional().stringType().endRecord();
    static final Schema BROKEN = SchemaBuilder.record("Run").namespace("test").fields().requiredLong("id").endRecord();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private EmbeddedSchemaRegistry server;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = EmbeddedSchemaRegistry.startInMemory("localhost", 0, Optional.empty());
        client = new RestSchemaRegistryClient(RegistryClientConfig.from(Map.of("schema.registry.url", server.url())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersLooksUpAndListsThroughTheRestClient() {
        int id = client.register("runs-value", V1);
        int id2 = client.register("runs-value", V2);

        assertThat(client.schemaById(id)).isEqualTo(V1);
        assertThat(client.lookup("runs-value", V1).version()).isEqualTo(1);
        assertThat(client.latest("runs-value").id()).isEqualTo(id2);
        assertThat(client.version("runs-value", 1).schema()).isEqualTo(V1);
        assertThat(client.versions("runs-value")).containsExactly(1, 2);
        assertThat(client.subjects()).containsExactly("runs-value");
        assertThat(client.testCompatibility("runs-value", BROKEN).compatible()).isFalse();
        assertThat(client.testCompatibility("runs-value", BROKEN).messages()).isNotEmpty();
        assertThat(client.testCompatibility("runs-value", V2).compatible()).isTrue();
    }

    @Test
    void compatibilityConfigIsReadAndSetGloballyAndPerSubject() {
        assertThat(client.compatibility(Optional.empty())).isEqualTo(CompatibilityLevel.BACKWARD);
        client.setCompatibility(Optional.of("s-value"), CompatibilityLevel.FULL_TRANSITIVE);
        client.setCompatibility(Optional.empty(), CompatibilityLevel.FORWARD);

        assertThat(client.compatibility(Optional.of("s-value"))).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.compatibility(Optional.of("other-value"))).isEqualTo(CompatibilityLevel.FORWARD);
    }

    @Test
    void errorsCarryConfluentStatusesCodesAndJsonBodies() throws Exception {
        client.register("runs-value", V1);

        assertError(get("/schemas/ids/4242"), 404, 40403, "Schema 4242 not found");
        assertError(get("/subjects/nope/versions"), 404, 40401, "Subject 'nope' not found.");
        assertError(get("/subjects/runs-value/versions/9"), 404, 40402, "Version 9 not found.");
        assertError(get("/config/runs-value"), 404, 40408, "does not have subject-level compatibility");
        assertError(post("/subjects/runs-value/versions", body(BROKEN)), 409, 409, "incompatible with an earlier schema");
        assertError(post("/subjects/runs-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"recrod\\\"}\"}"), 422, 42201, "Invalid schema");
        assertError(post("/subjects/runs-value/versions", "{\"schema\":\"{}\",\"schemaType\":\"PROTOBUF\"}"), 422, 42201, "unsupported schema type");
        assertError(put("/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203, "Invalid compatibility level");
        assertError(get("/no/such/endpoint"), 404, 404, "Not Found");
    }

    @Test
    void answersInConfluentShapes() throws Exception {
        HttpResponse<String> registered = post("/subjects/runs-value/versions", body(V1));
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/vnd.schemaregistry.v1+json"));
        assertThat(json.readTree(registered.body()).fieldNames()).toIterable().containsExactly("id");

        JsonNode version = json.readTree(get("/subjects/runs-value/versions/latest").body());
        assertThat(version.fieldNames()).toIterable().containsExactlyInAnyOrder("subject", "version", "id", "schema");
        assertThat(json.readTree(get("/schemas/ids/1").body()).path("schema").asText()).isEqualTo(V1.toString());
        assertThat(get("/schemas/ids/1/versions").body()).isEqualTo("[{\"subject\":\"runs-value\",\"version\":1}]");
        assertThat(get("/subjects/runs-value/versions/1/schema").body()).isEqualTo(V1.toString());
        assertThat(post("/compatibility/subjects/runs-value/versions/latest", body(V2)).body()).isEqualTo("{\"is_compatible\":true}");
        assertThat(json.readTree(post("/compatibility/subjects/runs-value/versions/latest?verbose=true", body(BROKEN)).body())
                .path("messages").size()).isPositive();
        assertThat(get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(put("/config/runs-value", "{\"compatibility\":\"NONE\"}").body()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(delete("/subjects/runs-value").body()).isEqualTo("[1]");
        assertThat(get("/subjects").body()).isEqualTo("[]");
        assertThat(get("/subjects?deleted=true").body()).isEqualTo("[\"runs-value\"]");
    }

    @Test
    void basicAuthIsRequiredWhenConfiguredAndTheClientSendsIt() {
        server.close();
        server = EmbeddedSchemaRegistry.startInMemory("localhost", 0, Optional.of("ops:s3cret"));
        SchemaRegistryClient anonymous = new RestSchemaRegistryClient(
                RegistryClientConfig.from(Map.of("schema.registry.url", server.url())));
        SchemaRegistryClient authenticated = new RestSchemaRegistryClient(RegistryClientConfig.from(Map.of(
                "schema.registry.url", server.url(),
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "ops:s3cret")));

        assertThatThrownBy(() -> anonymous.subjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).contains(server.url()).contains("Unauthorized");
                });
        assertThat(authenticated.register("secure-value", V1)).isEqualTo(1);
    }

    @Test
    void anUnreachableRegistryRaisesTheRetryableErrorAfterBackoff() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistryClient down = new RestSchemaRegistryClient(RegistryClientConfig.from(Map.of(
                "schema.registry.url", "http://localhost:" + closedPort,
                "max.retries", "2", "retries.wait.ms", "10")));

        assertThatThrownBy(() -> down.register("runs-value", V1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isInstanceOf(org.apache.kafka.common.errors.RetriableException.class)
                .hasMessageContaining("localhost:" + closedPort)
                .hasMessageContaining("runs-value")
                .hasMessageContaining("after 3 attempts");
    }

    private void assertError(HttpResponse<String> response, int status, int code, String message) throws Exception {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error_code").asInt()).as(response.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).contains(message);
    }

    private String body(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).DELETE());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json"));
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

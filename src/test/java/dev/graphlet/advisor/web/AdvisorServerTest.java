package dev.graphlet.advisor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlet.advisor.bench.TfxRun;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.registry.CachingSchemaRegistryClient;
import dev.graphlet.advisor.registry.RegistryClientConfig;
import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.scoring.ScoringConfig;
import dev.graphlet.advisor.testing.RealKafka;
import dev.graphlet.advisor.testing.RealKafkaTest;
import dev.graphlet.advisor.topology.AdvisorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint against a running advisor on a real broker, with the bearer token an exposed server requires. */
class AdvisorServerTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    static final String TOKEN = "s3cret-token";

    @TempDir
    Path scratch;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @RealKafkaTest
    void everyEndpointAnswersAndOnlyTheHealthProbesGoWithoutTheToken(RealKafka kafka) throws Exception {
        String prefix = RealKafka.uniqueTopic("http");
        Map<String, String> topics = dev.graphlet.advisor.testing.TestTopics.create(kafka, prefix, 2);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                prefix + "._schemas", "localhost", 0, Optional.empty())) {
            StringBuilder props = new StringBuilder();
            topics.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
            props.append("application.id=").append(prefix).append('\n')
                    .append("state.dir=").append(scratch.resolve("state")).append('\n')
                    .append("commit.interval.ms=200\n")
                    .append("advisor.http.host=0.0.0.0\nadvisor.http.port=0\nadvisor.http.token=").append(TOKEN).append('\n');
            java.nio.file.Path file = scratch.resolve("advisor-http.properties");
            Files.writeString(file, props);
            AdvisorConfig config = AdvisorConfig.load(Optional.of(file), Map.of(), Optional.of(kafka.bootstrapServers()),
                    Optional.of(registry.url()));
            try (AdvisorApplication app = AdvisorApplication.create(config, ScoringConfig.advising(config))) {
                app.start();
                var client = new CachingSchemaRegistryClient(new dev.graphlet.advisor.registry.RestSchemaRegistryClient(
                        RegistryClientConfig.from(Map.of("schema.registry.url", registry.url()))));
                try (OperatorSurface surface = OperatorSurface.start(config, app, client, Mode.SHADOW).orElseThrow()) {
                    String base = "http://localhost:" + java.net.URI.create(surface.url()).getPort();
                    produce(kafka, registry, prefix + ".events");

                    assertThat(get(base + "/health/live", null).statusCode()).isEqualTo(200);
                    await().atMost(Duration.ofSeconds(60)).until(() -> get(base + "/health/ready", null).statusCode() == 200);
                    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

                    assertThat(get(base + "/api/fleet", null).statusCode()).isEqualTo(401);
                    assertThat(get(base + "/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            json.readTree(get(base + "/api/fleet", auth()).body()).path("totals").path("graphlets").asLong() >= 3);
                    JsonNode fleet = json.readTree(get(base + "/api/fleet", auth()).body());
                    assertThat(fleet.path("totals").path("deployed").asLong()).isEqualTo(2);
                    assertThat(fleet.path("timeline").size()).isPositive();
                    assertThat(fleet.path("mostWasteful").get(0).path("pipelineId").asText()).isEqualTo("p2");
                    assertThat(fleet.path("mode").asText()).isEqualTo("SHADOW");
                    assertThat(fleet.path("guards").path("byGuard").findValuesAsText("guard"))
                            .containsExactlyElementsOf(dev.graphlet.advisor.scoring.Verdict.GUARDS);
                    // two pipelines with nothing deployed at their first runs: that guard held at their decision points
                    assertThat(fleet.path("guards").path("byGuard").get(1).path("held").asLong()).isPositive();
                    assertThat(fleet.path("guards").path("skipsGiven").isNumber()).isTrue();

                    String metrics = get(base + "/metrics", auth()).body();
                    assertThat(metrics).contains("advisor_events_processed_total", "advisor_graphlets_final_total{reason=\"PUSHED\"}",
                            "advisor_advisories_total{decision=\"CONTINUE\",mode=\"SHADOW\"}", "advisor_cost_wasted_total",
                            "advisor_skips_withheld_total{guard=\"OVERDUE\"}", "kafka_stream_");
                    // What deploy/'s alert rules and Grafana panels query is what the advisor exports.
                    assertThat(dev.graphlet.advisor.deploy.DeployConfigTest.queriedMetrics()).isNotEmpty()
                            .allSatisfy(name -> assertThat(metrics).contains(name));

                    JsonNode pipeline = json.readTree(get(base + "/api/pipelines/p1", auth()).body());
                    assertThat(pipeline.path("mode").asText()).isEqualTo("SHADOW");
                    assertThat(pipeline.path("openGraphlets").isArray()).isTrue();
                    assertThat(pipeline.path("recentOutcomes").size()).isEqualTo(2);
                    assertThat(pipeline.path("lastAdvisories").get(0).path("reasons").isArray()).isTrue();
                    assertThat(get(base + "/api/pipelines/nobody", auth()).statusCode()).isEqualTo(404);
                    assertThat(json.readTree(get(base + "/api/pipelines", auth()).body()).findValuesAsText("pipelineId")).contains("p1", "p2");

                    assertThat(put(base + "/api/pipelines/p1/mode", "{\"mode\":\"OFF\"}").statusCode()).isEqualTo(200);
                    assertThat(put(base + "/api/mode", "{\"mode\":\"sideways\"}").statusCode()).isEqualTo(400);
                    assertThat(put(base + "/api/kill-switch", "not json").statusCode()).isEqualTo(400);
                    assertThat(put(base + "/api/mode", "{\"mode\":\"ACTIVE\"}").statusCode()).isEqualTo(200);
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            json.readTree(get(base + "/api/pipelines/p1", auth()).body()).path("mode").asText().equals("OFF"));
                    assertThat(json.readTree(get(base + "/api/pipelines/p2", auth()).body()).path("mode").asText()).isEqualTo("ACTIVE");
                    assertThat(put(base + "/api/kill-switch", "{\"on\":true}").statusCode()).isEqualTo(200);
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            json.readTree(get(base + "/api/fleet", auth()).body()).path("killSwitch").asBoolean());
                    assertThat(json.readTree(get(base + "/api/pipelines/p2", auth()).body()).path("mode").asText()).isEqualTo("OFF");

                    String page = get(base + "/", auth()).body();
                    assertThat(page).contains("<title>Graphlet Advisor</title>", "/webjars/echarts/5.3.1/dist/echarts.min.js");
                    assertThat(get(base + "/webjars/echarts/5.3.1/dist/echarts.min.js", auth()).statusCode()).isEqualTo(200);

                    latency(base);
                }
            }
        }
    }

    @RealKafkaTest
    void aPipelineQueryIsAnsweredByTheInstanceThatOwnsItsState(RealKafka kafka) throws Exception {
        String prefix = RealKafka.uniqueTopic("iq");
        Map<String, String> topics = dev.graphlet.advisor.testing.TestTopics.create(kafka, prefix, 2);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                prefix + "._schemas", "localhost", 0, Optional.empty())) {
            List<AutoCloseable> open = new ArrayList<>();
            List<String> bases = new ArrayList<>();
            List<AdvisorApplication> apps = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) { // two instances of one application, each serving HTTP on its application.server
                    int port;
                    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                        port = socket.getLocalPort();
                    }
                    StringBuilder props = new StringBuilder();
                    topics.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
                    props.append("application.id=").append(prefix).append('\n')
                            .append("state.dir=").append(Files.createTempDirectory(scratch, "state-iq")).append('\n')
                            .append("commit.interval.ms=200\n")
                            .append("application.server=localhost:").append(port).append('\n')
                            .append("advisor.http.port=").append(port).append('\n');
                    java.nio.file.Path file = Files.createTempFile(scratch, "advisor-iq", ".properties");
                    Files.writeString(file, props);
                    AdvisorConfig config = AdvisorConfig.load(Optional.of(file), Map.of(), Optional.of(kafka.bootstrapServers()),
                            Optional.of(registry.url()));
                    AdvisorApplication app = AdvisorApplication.create(config, ScoringConfig.advising(config));
                    open.add(app);
                    apps.add(app);
                    app.start();
                    var client = new CachingSchemaRegistryClient(new dev.graphlet.advisor.registry.RestSchemaRegistryClient(
                            RegistryClientConfig.from(Map.of("schema.registry.url", registry.url()))));
                    open.add(0, OperatorSurface.start(config, app, client, Mode.SHADOW).orElseThrow());
                    bases.add("http://localhost:" + port);
                }
                List<ExecutionEvent> events = new ArrayList<>();
                for (int p = 0; p < 8; p++) {
                    events.addAll(TfxRun.withRunId("q" + p, "q" + p + "-a", T0).events().subList(0, 6)); // open graphlets
                }
                try (EventWriter writer = new EventWriter(kafka.bootstrapServers(), registry.url(), prefix + ".events")) {
                    for (ExecutionEvent e : events) {
                        writer.send(e);
                    }
                    writer.flush();
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> apps.stream().allMatch(a -> a.streams().state() == KafkaStreams.State.RUNNING)
                        && apps.stream().mapToLong(a -> a.counters().get("events")).sum() >= events.size());

                java.util.Set<String> answering = new java.util.HashSet<>();
                for (int p = 0; p < 8; p++) {
                    String path = "/api/pipelines/q" + p;
                    // Interactive queries read state as of the owning task's last commit (commit.interval.ms, 200 here).
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertThat(get(bases.get(0) + path, null).statusCode()).isEqualTo(200));
                    HttpResponse<String> viaFirst = get(bases.get(0) + "/api/pipelines/q" + p, null);
                    HttpResponse<String> viaSecond = get(bases.get(1) + "/api/pipelines/q" + p, null);
                    assertThat(viaFirst.statusCode()).isEqualTo(200);
                    String owner = viaFirst.headers().firstValue(AdvisorServer.INSTANCE_HEADER).orElseThrow();
                    assertThat(viaSecond.headers().firstValue(AdvisorServer.INSTANCE_HEADER)).contains(owner);
                    assertThat(json.readTree(viaFirst.body()).path("openGraphlets").get(0).asText()).isEqualTo("q" + p + "-a");
                    assertThat(json.readTree(viaSecond.body()).path("openGraphlets").get(0).asText()).isEqualTo("q" + p + "-a");
                    answering.add(owner);
                }
                assertThat(answering).as("both instances own some pipelines, and answer for them through either").hasSize(2);
            } finally {
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
        }
    }

    /** Not asserted: printed for the record (a small sequential load on the two busiest queries). */
    private void latency(String base) throws Exception {
        for (String path : List.of("/api/fleet", "/api/pipelines/p1", "/metrics")) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                assertThat(get(base + path, auth()).statusCode()).isEqualTo(200);
                micros.add((System.nanoTime() - start) / 1000);
            }
            micros.sort(Long::compare);
            System.out.printf("latency %s: p50 %d us, p95 %d us, p99 %d us (200 sequential requests)%n", path,
                    micros.get(100), micros.get(190), micros.get(198));
        }
    }

    private static String auth() {
        return "Bearer " + TOKEN;
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", auth())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Three runs: p1 pushes twice, p2 is not blessed (its cost is waste). */
    private static void produce(RealKafka kafka, EmbeddedSchemaRegistry registry, String topic) throws Exception {
        List<ExecutionEvent> events = new ArrayList<>();
        events.addAll(TfxRun.withRunId("p1", "p1-a", T0).events());
        events.addAll(TfxRun.withRunId("p1", "p1-b", T0 + 3_600_000).events());
        events.addAll(TfxRun.withRunId("p2", "p2-a", T0).blessed("0").pushed("0").events());
        events.addAll(TfxRun.withRunId("p3", "p3-a", T0 + 86_400_000).events().subList(0, 3)); // moves stream time on
        events.sort(java.util.Comparator.comparing(ExecutionEvent::getEventTime));
        try (EventWriter writer = new EventWriter(kafka.bootstrapServers(), registry.url(), topic)) {
            for (ExecutionEvent e : events) {
                writer.send(e);
            }
            writer.flush();
        }
    }
}

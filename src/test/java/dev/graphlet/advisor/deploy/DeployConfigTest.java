package dev.graphlet.advisor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.scoring.ScoringConfig;
import dev.graphlet.advisor.topology.AdvisorSettings;
import dev.graphlet.advisor.web.HttpSettings;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * deploy/ parses, and names the same topics, ports, paths and settings as the application: the compose file, the
 * Kubernetes manifests, the Prometheus configuration and the Grafana dashboard. (That the metrics its alerts and
 * panels use are exported is checked against a live scrape in AdvisorServerTest.)
 */
public class DeployConfigTest {

    static final Path DEPLOY = Path.of("deploy");
    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void theComposeFileRunsTheAdvisorWithItsTopicsPortAndSettings() throws Exception {
        JsonNode compose = yaml.readTree(DEPLOY.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.path("services");
        assertThat(services.fieldNames()).toIterable().contains("kafka", "topics", "schema-registry", "advisor", "prometheus", "grafana");

        String topicsScript = services.path("topics").path("command").get(0).asText();
        for (String topic : Topics.DEFAULTS.streamTopics()) {
            assertThat(topicsScript).contains(topic);
        }
        for (String topic : Topics.DEFAULTS.compactedTopics()) {
            assertThat(topicsScript).contains(topic);
        }
        assertThat(topicsScript).contains("cleanup.policy=compact", "retention.ms=-1");

        AdvisorConfig config = load(properties(Files.readString(DEPLOY.resolve("advisor.properties"))), env(services.path("advisor")));
        HttpSettings http = HttpSettings.from(config);
        assertThat(services.path("advisor").path("ports").get(0).asText()).isEqualTo(http.port() + ":" + http.port());
        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.registryUrl()).startsWith("http://schema-registry:8081");
        assertThat(services.path("advisor").path("healthcheck").path("test").get(1).asText()).contains(":" + http.port() + "/health/ready");
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("COPY src/main/resources/models/starting-model.json "
                + config.get("advisor.scoring.model-file").orElseThrow(), "EXPOSE " + http.port());
        assertThat(services.path("advisor").path("volumes").get(0).asText())
                .endsWith(":" + Path.of(config.get("state.dir").orElseThrow()).getParent().toString());
    }

    @Test
    void theKubernetesStatefulSetProbesTheHealthEndpointsAndKeepsStateOnItsVolume() throws Exception {
        Map<String, JsonNode> byKind = new HashMap<>();
        try (YAMLParser parser = new YAMLFactory().createParser(DEPLOY.resolve("kubernetes/advisor.yaml").toFile())) {
            for (JsonNode doc : yaml.readValues(parser, JsonNode.class).readAll()) {
                byKind.put(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText(), doc);
            }
        }
        assertThat(byKind).containsKeys("ConfigMap/graphlet-advisor", "Secret/graphlet-advisor", "StatefulSet/graphlet-advisor",
                "Service/graphlet-advisor", "Service/graphlet-advisor-pods");
        String configMap = byKind.get("ConfigMap/graphlet-advisor").path("data").path("advisor.properties").asText();
        assertThat(properties(configMap)).isEqualTo(properties(Files.readString(DEPLOY.resolve("advisor.properties"))));

        JsonNode container = byKind.get("StatefulSet/graphlet-advisor").path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "from-secret"));
        AdvisorConfig config = load(properties(configMap), env);
        HttpSettings http = HttpSettings.from(config);
        assertThat(http.requiresAuth()).isTrue();
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asInt()).isEqualTo(http.port());
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(http.port());
        assertThat(config.get("application.server").orElseThrow()).endsWith(":" + http.port());
        JsonNode stateMount = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals("state")) {
                stateMount = mount;
            }
        }
        assertThat(stateMount).isNotNull();
        assertThat(config.get("state.dir").orElseThrow()).startsWith(stateMount.path("mountPath").asText());
        assertThat(byKind.get("StatefulSet/graphlet-advisor").path("spec").path("volumeClaimTemplates").get(0)
                .path("metadata").path("name").asText()).isEqualTo("state");
    }

    @Test
    void prometheusScrapesTheMetricsEndpointAndGrafanaReadsPrometheus() throws Exception {
        JsonNode prometheus = yaml.readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile());
        JsonNode job = prometheus.path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(job.path("static_configs").get(0).path("targets").get(0).asText()).isEqualTo("advisor:8080");
        assertThat(job.path("authorization").path("type").asText()).isEqualTo("Bearer");
        JsonNode alerts = yaml.readTree(DEPLOY.resolve("prometheus/alerts.yml").toFile());
        assertThat(alerts.path("groups").get(0).path("rules").size()).isGreaterThanOrEqualTo(4);
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/advisor.json").toFile());
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(4);
        assertThat(yaml.readTree(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
    }

    /** Every metric the alert rules and the dashboard's panels query. */
    public static List<String> queriedMetrics() throws Exception {
        List<String> exprs = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readTree(DEPLOY.resolve("prometheus/alerts.yml").toFile())
                .path("groups").get(0).path("rules").forEach(r -> exprs.add(r.path("expr").asText()));
        new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/advisor.json").toFile())
                .path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        List<String> metrics = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b((?:advisor|kafka)_[a-z_]+)").matcher(String.join("\n", exprs));
        while (m.find()) {
            metrics.add(m.group(1));
        }
        return metrics.stream().distinct().toList();
    }

    private static Map<String, String> env(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static AdvisorConfig load(Map<String, String> properties, Map<String, String> env) throws Exception {
        Path file = Files.createTempFile("deploy", ".properties");
        file.toFile().deleteOnExit();
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text);
        AdvisorConfig config = AdvisorConfig.load(Optional.of(file), env, Optional.empty(), Optional.empty());
        AdvisorSettings.from(config); // every setting parses
        ScoringConfig.settings(config);
        return config;
    }

    private static Map<String, String> properties(String text) throws Exception {
        Properties props = new Properties();
        props.load(new StringReader(text));
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }
}

package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.registry.RegistryClientConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Checks, before any work starts, that the broker and registry answer, so the user gets one clear line. */
final class Reachability {

    private Reachability() {
    }

    static void kafka(AdvisorConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(12, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new UserError("Cannot reach Kafka at " + config.bootstrapServers()
                    + ": start it with './advisor local', or pass --bootstrap (or bootstrap.servers in --config)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while connecting to Kafka");
        }
    }

    /** Checks that Kafka and the schema registry answer; returns the registry client the configuration names. */
    static SchemaRegistryClient kafkaAndRegistry(AdvisorConfig config) {
        kafka(config);
        SchemaRegistryClient registry = RegistryClientConfig.connect(config.clientProperties());
        registry(config, registry);
        return registry;
    }

    static void registry(AdvisorConfig config, SchemaRegistryClient client) {
        try {
            client.compatibility(Optional.empty());
        } catch (RuntimeException e) {
            throw new UserError("Cannot use the schema registry at " + config.registryUrl() + ": " + firstLine(e.getMessage())
                    + " (start it with './advisor local', or pass --registry)");
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}

package dev.graphlet.advisor.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named in-memory registries for {@code mock://scope} URLs, so that a serializer and a deserializer configured
 * with the same URL in one JVM (TopologyTestDriver tests) share ids without any server.
 */
public final class MockSchemaRegistry {

    public static final String SCHEME = "mock://";

    // The mock:// contract is "same scope name, same registry" across independently configured serdes: that
    // needs one process-wide table. Tests drop their scope when done.
    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    public static InMemorySchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    public static void drop(String scope) {
        SCOPES.remove(scope);
    }
}

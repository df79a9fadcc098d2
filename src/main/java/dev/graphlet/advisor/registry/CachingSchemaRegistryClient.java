package dev.graphlet.advisor.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches what never changes once the registry has answered: the id of a schema under a subject, and the
 * schema of an id (ids are immutable). Everything else (latest version, levels) is asked anew each time.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final SchemaRegistryClient delegate;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            int id = delegate.register(subject, schema);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        RegisteredSchema found = delegate.lookup(subject, schema);
        idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), found.id());
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    /** The id of a schema under a subject, from the cache when it was seen before. */
    public int idOf(String subject, Schema schema) {
        Integer cached = idsBySubjectSchema.get(new SubjectSchema(subject, schema));
        return cached != null ? cached : lookup(subject, schema).id();
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, delegate::schemaById);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        RegisteredSchema latest = delegate.latest(subject);
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return delegate.version(subject, version);
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public CompatibilityLevel compatibility(Optional<String> subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public void setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

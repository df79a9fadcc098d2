package dev.graphlet.advisor.registry;

import dev.graphlet.advisor.registry.RegistryRecord.Config;
import dev.graphlet.advisor.registry.RegistryRecord.SchemaVersion;
import dev.graphlet.advisor.registry.RegistryRecord.SchemaVersionRemoved;
import dev.graphlet.advisor.registry.SchemaRegistryException.ErrorCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaParseException;

/**
 * The registry's semantics, held in memory: global schema ids shared across subjects, versions per subject,
 * soft and permanent deletes, compatibility levels checked with Avro's own {@link SchemaCompatibility}.
 *
 * <p>Every change is first handed to a journal (which may persist it and may refuse by throwing), then applied;
 * {@link #apply(RegistryRecord)} replays a journal on start. Thread-safe: all access is serialized.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private record Version(int id, boolean deleted) {
    }

    private final Consumer<RegistryRecord> journal;
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, TreeMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    /** A registry that keeps nothing beyond memory (tests, {@code mock://}). */
    public InMemorySchemaRegistry() {
        this(record -> { });
    }

    /** A registry whose changes go to {@code journal} before they take effect. */
    public InMemorySchemaRegistry(Consumer<RegistryRecord> journal) {
        this.journal = journal;
    }

    /** Parses schema text, refusing it as Confluent does (422, 42201) when it is not a valid Avro schema. */
    public static Schema parse(String schemaText) {
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | NullPointerException e) {
            throw new SchemaRegistryException.InvalidSchemaException("Invalid schema: " + e.getMessage());
        }
    }

    // ---- journal -------------------------------------------------------------------------------------------

    /** Applies a journaled change without journaling it again (replay on start). */
    public synchronized void apply(RegistryRecord record) {
        if (record instanceof SchemaVersion v) {
            Schema schema = parse(v.schema());
            schemasById.putIfAbsent(v.id(), schema);
            idsByCanonical.putIfAbsent(schema.toString(), v.id());
            maxId = Math.max(maxId, v.id());
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>())
                    .put(v.version(), new Version(v.id(), v.deleted()));
        } else if (record instanceof SchemaVersionRemoved r) {
            TreeMap<Integer, Version> versions = subjects.get(r.subject());
            if (versions != null) {
                Version removed = versions.remove(r.version());
                if (versions.isEmpty()) {
                    subjects.remove(r.subject());
                }
                if (removed != null && !referenced(removed.id())) {
                    Schema schema = schemasById.remove(removed.id());
                    idsByCanonical.remove(schema.toString());
                }
            }
        } else if (record instanceof Config c) {
            if (c.subject() == null) {
                globalLevel = c.level() == null ? CompatibilityLevel.BACKWARD : c.level();
            } else if (c.level() == null) {
                subjectLevels.remove(c.subject());
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    private void record(RegistryRecord record) {
        journal.accept(record);
        apply(record);
    }

    private boolean referenced(int id) {
        return subjects.values().stream().flatMap(v -> v.values().stream()).anyMatch(v -> v.id() == id);
    }

    // ---- schemas and subjects ------------------------------------------------------------------------------

    @Override
    public synchronized int register(String subject, Schema schema) {
        return register(subject, schema.toString());
    }

    /** Registers schema text under a subject: {@code POST /subjects/{subject}/versions}. */
    public synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        TreeMap<Integer, Version> versions = subjects.getOrDefault(subject, new TreeMap<>());
        for (Version v : versions.values()) {
            if (!v.deleted() && schemasById.get(v.id()).toString().equals(canonical)) {
                return v.id();
            }
        }
        CompatibilityLevel level = effectiveLevel(subject);
        CompatibilityResult result = check(level, schema, liveSchemas(subject), subject);
        if (!result.compatible()) {
            throw new SchemaRegistryException.IncompatibleSchemaException(
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + result.messages());
        }
        int id = idsByCanonical.getOrDefault(canonical, maxId + 1);
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        record(new SchemaVersion(subject, version, id, canonical, false));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        return lookup(subject, schema.toString(), false);
    }

    /** Finds a schema under a subject: {@code POST /subjects/{subject}}. */
    public synchronized RegisteredSchema lookup(String subject, String schemaText, boolean includeDeleted) {
        Schema schema = parse(schemaText);
        TreeMap<Integer, Version> versions = liveVersions(subject, includeDeleted);
        String canonical = schema.toString();
        return versions.entrySet().stream()
                .filter(e -> schemasById.get(e.getValue().id()).toString().equals(canonical))
                .reduce((first, second) -> second)
                .map(e -> new RegisteredSchema(subject, e.getKey(), e.getValue().id(), schemasById.get(e.getValue().id())))
                .orElseThrow(() -> new SchemaRegistryException.SchemaNotFoundException("Schema not found"));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException.SchemaNotFoundException("Schema " + id + " not found");
        }
        return schema;
    }

    /** The (subject, version) pairs that use a schema id: {@code GET /schemas/ids/{id}/versions}. */
    public synchronized List<RegisteredSchema> usesOf(int id, boolean includeDeleted) {
        Schema schema = schemaById(id);
        List<RegisteredSchema> uses = new ArrayList<>();
        subjects.forEach((subject, versions) -> versions.forEach((number, v) -> {
            if (v.id() == id && (includeDeleted || !v.deleted())) {
                uses.add(new RegisteredSchema(subject, number, id, schema));
            }
        }));
        return uses;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        return version(subject, "latest", false);
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        return version(subject, Integer.toString(version), false);
    }

    /** A subject's version by number or {@code latest}: {@code GET /subjects/{subject}/versions/{version}}. */
    public synchronized RegisteredSchema version(String subject, String versionSpec, boolean includeDeleted) {
        int wanted = parseVersion(versionSpec);
        TreeMap<Integer, Version> versions = liveVersions(subject, includeDeleted);
        Integer number = wanted == -1 ? versions.lastKey() : Integer.valueOf(wanted);
        Version v = versions.get(number);
        if (v == null) {
            throw new SchemaRegistryException.VersionNotFoundException("Version " + versionSpec + " not found.");
        }
        return new RegisteredSchema(subject, number, v.id(), schemasById.get(v.id()));
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return versions(subject, false);
    }

    public synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        return new ArrayList<>(liveVersions(subject, includeDeleted).keySet());
    }

    @Override
    public synchronized List<String> subjects() {
        return subjects(false);
    }

    public synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().values().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Deletes a subject, softly or (after a soft delete) permanently; returns the versions deleted. */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        TreeMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            throw notFound(subject);
        }
        boolean allSoftDeleted = versions.values().stream().allMatch(Version::deleted);
        List<Integer> numbers = new ArrayList<>(versions.keySet());
        if (permanent) {
            if (!allSoftDeleted) {
                throw new SchemaRegistryException(404, ErrorCodes.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' was not deleted first before being permanently deleted");
            }
            numbers.forEach(n -> record(new SchemaVersionRemoved(subject, n)));
            return numbers;
        }
        if (allSoftDeleted) {
            throw new SchemaRegistryException(404, ErrorCodes.SUBJECT_SOFT_DELETED, "Subject '" + subject
                    + "' was soft deleted.Set permanent=true to delete permanently");
        }
        List<Integer> deleted = new ArrayList<>();
        versions.forEach((n, v) -> {
            if (!v.deleted()) {
                deleted.add(n);
            }
        });
        deleted.forEach(n -> softDelete(subject, n, versions.get(n)));
        return deleted;
    }

    /** Deletes one version, softly or (after a soft delete) permanently; returns its number. */
    public synchronized int deleteVersion(String subject, String versionSpec, boolean permanent) {
        RegisteredSchema target = version(subject, versionSpec, permanent);
        Version v = subjects.get(subject).get(target.version());
        if (permanent) {
            if (!v.deleted()) {
                throw new SchemaRegistryException(404, ErrorCodes.VERSION_NOT_SOFT_DELETED, "Subject '" + subject
                        + "' Version " + target.version() + " was not deleted first before being permanently deleted");
            }
            record(new SchemaVersionRemoved(subject, target.version()));
        } else {
            softDelete(subject, target.version(), v);
        }
        return target.version();
    }

    private void softDelete(String subject, int number, Version v) {
        record(new SchemaVersion(subject, number, v.id(), schemasById.get(v.id()).toString(), true));
    }

    private TreeMap<Integer, Version> liveVersions(String subject, boolean includeDeleted) {
        TreeMap<Integer, Version> all = subjects.get(subject);
        TreeMap<Integer, Version> live = new TreeMap<>();
        if (all != null) {
            all.forEach((n, v) -> {
                if (includeDeleted || !v.deleted()) {
                    live.put(n, v);
                }
            });
        }
        if (live.isEmpty()) {
            throw notFound(subject);
        }
        return live;
    }

    private List<Schema> liveSchemas(String subject) {
        TreeMap<Integer, Version> all = subjects.get(subject);
        if (all == null) {
            return List.of();
        }
        return all.values().stream().filter(v -> !v.deleted()).map(v -> schemasById.get(v.id())).toList();
    }

    private static SchemaRegistryException notFound(String subject) {
        return new SchemaRegistryException.SubjectNotFoundException("Subject '" + subject + "' not found.");
    }

    private static int parseVersion(String spec) {
        if ("latest".equalsIgnoreCase(spec) || "-1".equals(spec)) {
            return -1;
        }
        try {
            int v = Integer.parseInt(spec);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to Confluent's error
        }
        throw new SchemaRegistryException(422, ErrorCodes.INVALID_VERSION, "The specified version '" + spec
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    // ---- compatibility -------------------------------------------------------------------------------------

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        return testCompatibility(subject, "latest", schema.toString());
    }

    /**
     * Checks a schema against one version ({@code versionSpec}) or, when it is null, against the versions the
     * subject's level names: {@code POST /compatibility/subjects/{subject}/versions[/{version}]}. A subject with
     * no versions accepts anything, as Confluent does for {@code latest}.
     */
    public synchronized CompatibilityResult testCompatibility(String subject, String versionSpec, String schemaText) {
        Schema schema = parse(schemaText);
        CompatibilityLevel level = effectiveLevel(subject);
        if (versionSpec == null) {
            return check(level, schema, liveSchemas(subject), subject);
        }
        boolean latest = parseVersion(versionSpec) == -1;
        if (latest && liveSchemas(subject).isEmpty()) {
            return CompatibilityResult.ok();
        }
        RegisteredSchema against = version(subject, versionSpec, false);
        return check(level, schema, List.of(against.schema()), subject);
    }

    private static CompatibilityResult check(CompatibilityLevel level, Schema candidate, List<Schema> previous,
                                             String subject) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return CompatibilityResult.ok();
        }
        List<Schema> against = level.transitive() ? previous : List.of(previous.get(previous.size() - 1));
        List<String> messages = new ArrayList<>();
        for (Schema old : against) {
            if (level.checksBackward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), messages);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), messages);
            }
        }
        if (messages.isEmpty()) {
            return CompatibilityResult.ok();
        }
        messages.add("{compatibility: '" + level + "'}");
        return new CompatibilityResult(false, List.copyOf(messages));
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, List<String> messages) {
        for (Incompatibility i : pair.getResult().getIncompatibilities()) {
            messages.add("{errorType:'" + i.getType() + "', description:'" + i.getMessage() + " at path '"
                    + i.getLocation() + "' in the new schema', additionalInfo:'" + i.getMessage() + "'}");
        }
    }

    // ---- configuration -------------------------------------------------------------------------------------

    @Override
    public synchronized CompatibilityLevel compatibility(Optional<String> subject) {
        return subject.map(this::effectiveLevel).orElse(globalLevel);
    }

    /** The level set on the subject itself, if any ({@code GET /config/{subject}} without defaultToGlobal). */
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public synchronized void setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        record(new Config(subject.orElse(null), level));
    }

    /** Clears a subject's own level, so the global one applies again; returns the level it had. */
    public synchronized CompatibilityLevel clearCompatibility(String subject) {
        CompatibilityLevel previous = subjectLevels.get(subject);
        if (previous == null) {
            throw notFound(subject);
        }
        record(new Config(subject, null));
        return previous;
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }
}

package dev.graphlet.advisor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.registry.RegistryRecord.SchemaVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    static final Schema V1 = SchemaBuilder.record("Run").namespace("test").fields()
            .requiredString("id").endRecord();
    static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Run").namespace("test").fields()
            .requiredString("id").name("cost").type().doubleType().doubleDefault(0.0).endRecord();
    static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Run").namespace("test").fields()
            .requiredString("id").requiredDouble("cost").endRecord();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void sameSchemaGetsOneGlobalIdAcrossSubjects() {
        int first = registry.register("a-value", V1);
        int again = registry.register("a-value", V1);
        int other = registry.register("b-value", V1);

        assertThat(again).isEqualTo(first);
        assertThat(other).isEqualTo(first);
        assertThat(registry.versions("a-value")).containsExactly(1);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void backwardCompatibleEvolutionAddsAVersionWithANewId() {
        int v1 = registry.register("runs-value", V1);
        int v2 = registry.register("runs-value", V2_WITH_DEFAULT);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(registry.latest("runs-value").version()).isEqualTo(2);
        assertThat(registry.latest("runs-value").id()).isEqualTo(v2);
        assertThat(registry.version("runs-value", 1).schema()).isEqualTo(V1);
    }

    @Test
    void incompatibleSchemaIsRefusedWith409AndAvrosReason() {
        registry.register("runs-value", V1);

        assertThatThrownBy(() -> registry.register("runs-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchemaException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("incompatible with an earlier schema", "runs-value",
                            "READER_FIELD_MISSING_DEFAULT_VALUE", "cost");
                });
        assertThat(registry.versions("runs-value")).containsExactly(1);
    }

    @Test
    void compatibilityLevelsDecideWhatIsChecked() {
        registry.register("runs-value", V1);
        assertThat(registry.testCompatibility("runs-value", V2_WITHOUT_DEFAULT).compatible()).isFalse();

        registry.setCompatibility(Optional.of("runs-value"), CompatibilityLevel.FORWARD);
        // Old readers ignore the new field: forward compatible.
        assertThat(registry.testCompatibility("runs-value", V2_WITHOUT_DEFAULT).compatible()).isTrue();
        assertThat(registry.compatibility(Optional.of("runs-value"))).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(registry.compatibility(Optional.empty())).isEqualTo(CompatibilityLevel.BACKWARD);

        registry.setCompatibility(Optional.of("runs-value"), CompatibilityLevel.NONE);
        assertThat(registry.register("runs-value", V2_WITHOUT_DEFAULT)).isPositive();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("R").fields().optionalString("a").endRecord();
        Schema v3 = SchemaBuilder.record("R").fields().requiredString("b").name("a").type().optional().stringType().endRecord();
        registry.setCompatibility(Optional.empty(), CompatibilityLevel.BACKWARD_TRANSITIVE);
        registry.register("s", v1);
        registry.register("s", v2);

        assertThat(registry.testCompatibility("s", null, v3.toString()).compatible()).isFalse();
    }

    @Test
    void unknownThingsAnswerWithConfluentErrorCodes() {
        registry.register("known-value", V1);

        assertThatThrownBy(() -> registry.schemaById(999))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.latest("missing-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.SubjectNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.version("known-value", 7))
                .isInstanceOfSatisfying(SchemaRegistryException.VersionNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40402));
        assertThatThrownBy(() -> registry.lookup("known-value", V2_WITH_DEFAULT))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.register("x", "{not avro"))
                .isInstanceOfSatisfying(SchemaRegistryException.InvalidSchemaException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(42201));
        assertThatThrownBy(() -> registry.version("known-value", "zero", false))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42202));
    }

    @Test
    void softDeleteHidesVersionsButKeepsIdsReadable() {
        int id = registry.register("gone-value", V1);

        assertThat(registry.deleteSubject("gone-value", false)).containsExactly(1);
        assertThat(registry.subjects()).doesNotContain("gone-value");
        assertThat(registry.schemaById(id)).isEqualTo(V1);
        assertThatThrownBy(() -> registry.deleteSubject("gone-value", false))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40404));

        assertThat(registry.deleteSubject("gone-value", true)).containsExactly(1);
        assertThatThrownBy(() -> registry.schemaById(id)).isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class);
    }

    @Test
    void permanentDeleteNeedsASoftDeleteFirst() {
        registry.register("s", V1);

        assertThatThrownBy(() -> registry.deleteSubject("s", true))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40405));
    }

    @Test
    void replayingTheJournalRebuildsTheSameIdsAndVersions() {
        List<RegistryRecord> journal = new ArrayList<>();
        InMemorySchemaRegistry original = new InMemorySchemaRegistry(journal::add);
        int a = original.register("a-value", V1);
        int b = original.register("a-value", V2_WITH_DEFAULT);
        original.setCompatibility(Optional.of("a-value"), CompatibilityLevel.FULL);
        original.deleteVersion("a-value", "1", false);

        InMemorySchemaRegistry replayed = new InMemorySchemaRegistry();
        journal.forEach(replayed::apply);

        assertThat(replayed.schemaById(a)).isEqualTo(V1);
        assertThat(replayed.schemaById(b)).isEqualTo(V2_WITH_DEFAULT);
        assertThat(replayed.versions("a-value")).containsExactly(2);
        assertThat(replayed.compatibility(Optional.of("a-value"))).isEqualTo(CompatibilityLevel.FULL);
        assertThat(replayed.register("c-value", SchemaBuilder.record("New").fields().endRecord())).isEqualTo(b + 1);
    }

    @Test
    void aRefusingJournalLeavesStateUnchanged() {
        InMemorySchemaRegistry failing = new InMemorySchemaRegistry(record -> {
            if (record instanceof SchemaVersion) {
                throw new SchemaRegistryException(500, 50001, "store down");
            }
        });

        assertThatThrownBy(() -> failing.register("a-value", V1)).hasMessageContaining("store down");
        assertThat(failing.subjects()).isEmpty();
    }
}

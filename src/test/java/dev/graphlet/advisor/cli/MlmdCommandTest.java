package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.ExecutionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real TFX store, imported by the command line. */
class MlmdCommandTest {

    @TempDir
    Path scratch;

    @Test
    void theRealTfxStoreImportsTheSameWayTwiceAndAMissingStoreIsAOneLineError() throws Exception {
        Path dir = scratch;
        Path db = dir.resolve("metadata.db");
        try (var in = MlmdCommandTest.class.getResourceAsStream("/mlmd/tfx-chicago-taxi-metadata.db")) {
            Files.copy(in, db, StandardCopyOption.REPLACE_EXISTING);
        }
        CliRun first = CliRun.of("mlmd", "import", "--db", db.toString(), "--out", dir.resolve("a.avro").toString());
        CliRun second = CliRun.of("mlmd", "import", "--db", db.toString(), "--out", dir.resolve("b.avro").toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Imported 9 executions of 1 pipeline(s) from MLMD schema v4: 18 events");
        assertThat(read(dir.resolve("b.avro"))).isEqualTo(read(dir.resolve("a.avro")));

        CliRun missing = CliRun.of("mlmd", "import", "--db", dir.resolve("nothing.db").toString(), "--out", dir.resolve("c.avro").toString());
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err().strip()).doesNotContain("\n").contains("no such file");
        assertThat(dir.resolve("c.avro")).doesNotExist();
    }

    private static List<ExecutionEvent> read(Path file) throws Exception {
        List<ExecutionEvent> events = new ArrayList<>();
        try (DataFileReader<ExecutionEvent> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(ExecutionEvent.class))) {
            reader.forEach(events::add);
        }
        return events;
    }
}

package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.ExecutionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private static List<ExecutionEvent> read(Path file) throws Exception {
        List<ExecutionEvent> events = new ArrayList<>();
        try (DataFileReader<ExecutionEvent> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(ExecutionEvent.class))) {
            reader.forEach(events::add);
        }
        return events;
    }

    @Test
    void writesTheSameAvroFileForTheSameOptionsAndPrintsTheCalibrationTable() throws Exception {
        Path first = dir.resolve("a.avro");
        Path second = dir.resolve("b.avro");
        Path table = dir.resolve("calibration.md");
        CliRun run = CliRun.of("simulate", "--pipelines", "20", "--days", "10", "--out", first.toString(),
                "--calibration", table.toString());
        CliRun again = CliRun.of("simulate", "--pipelines", "20", "--days", "10", "--out", second.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(again.exitCode()).isZero();
        assertThat(run.out()).contains("| graphlets not deployed | > 30% |", "| models that are DNNs | about 60% |");
        assertThat(Files.readString(table)).isEqualTo(run.out().substring(run.out().indexOf("| quantity")));
        List<ExecutionEvent> events = read(first);
        assertThat(events).isNotEmpty().isEqualTo(read(second));
        assertThat(run.out()).contains(String.format("Wrote %,d events", events.size()));
        assertThat(dir.resolve("a.avro.partial")).doesNotExist();
    }

    @Test
    void badOptionsAreOneLine() {
        CliRun both = CliRun.of("simulate", "--out", dir.resolve("x.avro").toString(), "--topic", "t");
        CliRun badRate = CliRun.of("simulate", "--push-rate", "1.5", "--out", dir.resolve("x.avro").toString());
        CliRun noDir = CliRun.of("simulate", "--pipelines", "2", "--days", "1", "--out", "/no/such/dir/x.avro");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err().strip()).doesNotContain("\n").contains("mutually exclusive");
        assertThat(badRate.exitCode()).isEqualTo(1);
        assertThat(badRate.err().strip()).doesNotContain("\n").contains("push rate");
        assertThat(noDir.exitCode()).isEqualTo(1);
        assertThat(noDir.err().strip()).doesNotContain("\n").contains("/no/such/dir");
    }
}

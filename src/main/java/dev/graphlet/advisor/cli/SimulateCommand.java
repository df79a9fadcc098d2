package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.bench.Progress;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.sim.Calibration;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Generate a deterministic fleet of TFX-style pipelines as ExecutionEvents.",
                "%nWrites the events in event-time order to an Avro container file (--out) or a topic (--topic, Avro in "
                        + "Confluent's wire format, key = pipelineId, timestamp = event time), then prints the "
                        + "calibration table: what the paper states beside what this fleet yields. The same options "
                        + "give the same events."})
final class SimulateCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--out", paramLabel = "FILE.avro", description = "Avro container file to write.")
        Path out;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic to write to.")
        String topic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Mixin
    SimulationOptions simulation;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--calibration", paramLabel = "FILE.md", description = "Also write the calibration table to FILE.md.")
    Path calibrationFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SimulationSettings settings = simulation.settings();
        PrintWriter out = spec.commandLine().getOut();
        Calibration calibration = new Calibration();
        FleetSimulator fleet = new FleetSimulator(settings, calibration::accept);
        long written;
        if (target.out != null) {
            written = toFile(fleet, target.out, settings);
        } else {
            written = toTopic(fleet, target.topic, settings);
        }
        String table = calibration.table(settings);
        out.printf("Wrote %,d events (%,d runs of %,d pipelines over %d days) to %s%n%n", written, calibration.runs(),
                settings.pipelines(), settings.days(), target.out != null ? target.out : "topic " + target.topic);
        out.print(table);
        out.flush();
        if (calibrationFile != null) {
            Files.writeString(calibrationFile, table);
        }
        return 0;
    }

    private long toFile(FleetSimulator fleet, Path file, SimulationSettings settings) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError("Cannot write " + file + ": directory " + parent + " does not exist");
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        long count = 0;
        try (DataFileWriter<ExecutionEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(ExecutionEvent.class))) {
            writer.setCodec(CodecFactory.deflateCodec(1));
            writer.setMeta("graphlet.simulation", settings.toString());
            writer.create(ExecutionEvent.getClassSchema(), partial.toFile());
            try (ProgressBar bar = Progress.simulatedHours("Simulating", settings)) {
                while (fleet.hasNext()) {
                    ExecutionEvent event = fleet.next();
                    writer.append(event);
                    count++;
                    Progress.toHour(bar, settings, event.getEventTime().toEpochMilli());
                }
                bar.stepTo(bar.getMax());
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        return count;
    }

    private long toTopic(FleetSimulator fleet, String topic, SimulationSettings settings) {
        AdvisorConfig config = connection.load();
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        try (EventWriter writer = new EventWriter(config.clientProperties(), registry, topic);
             ProgressBar bar = Progress.simulatedHours("Simulating", settings)) {
            while (fleet.hasNext()) {
                ExecutionEvent event = fleet.next();
                writer.send(event);
                Progress.toHour(bar, settings, event.getEventTime().toEpochMilli());
            }
            writer.flush();
            bar.stepTo(bar.getMax());
            return writer.count();
        } catch (Exception e) {
            throw new UserError("Cannot write to topic '" + topic + "': " + e.getMessage());
        }
    }
}

package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.local.LocalStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Start a local Kafka broker and schema registry, and create the advisor's topics.",
                "%nA single-node KRaft broker and the embedded Confluent-compatible schema registry run in this "
                        + "process until Ctrl-C. The broker's data stays in --data-dir and is reused on the next start."})
final class LocalCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "local-data",
            description = "Where the broker keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Broker client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Schema registry port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of each advisor topic created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (partitions < 1) {
            throw new UserError("--partitions must be at least 1");
        }
        AdvisorConfig config = connection.load();
        long started = System.nanoTime();
        LocalStack stack;
        try {
            stack = LocalStack.start(dataDir.toAbsolutePath(), kafkaPort, registryPort, config.topics(), partitions);
        } catch (RuntimeException | IOException e) {
            if (causedBy(e, BindException.class)) {
                throw new UserError("A port is already in use (Kafka " + kafkaPort + ", registry " + registryPort
                        + "): stop what holds it, or pass --kafka-port / --registry-port (0 picks a free one)");
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the local stack...");
            out.flush();
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        out.printf("Local stack ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        out.println("  bootstrap servers: " + stack.bootstrapServers());
        out.println("  schema registry:   " + stack.registryUrl());
        out.println("  data directory:    " + stack.dataDir());
        out.println("  topics:            " + String.join(", ", config.topics().streamTopics()) + ", "
                + String.join(", ", config.topics().compactedTopics()) + ", " + config.topics().schemas());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t) || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}

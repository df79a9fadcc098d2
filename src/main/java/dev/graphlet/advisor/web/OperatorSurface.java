package dev.graphlet.advisor.web;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.topology.AdvisorApplication;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** What an advisor instance serves operators: the fleet view fed from its output topics, and the HTTP server. */
public final class OperatorSurface implements AutoCloseable {

    private final FleetView view = new FleetView();
    private final OutputFeed feed;
    private final ControlWriter control;
    private final AdvisorServer server;

    private OperatorSurface(AdvisorConfig config, AdvisorApplication app, SchemaRegistryClient registry,
                            HttpSettings settings, Mode configuredMode) {
        this.feed = new OutputFeed(config, registry, view);
        this.control = new ControlWriter(config);
        Optional<HostInfo> self = config.get(StreamsConfig.APPLICATION_SERVER_CONFIG).filter(v -> !v.isBlank())
                .map(HostInfo::buildFromEndpoint);
        AdvisorServer started;
        try {
            started = new AdvisorServer(app, view, control, settings, configuredMode, self);
        } catch (RuntimeException e) {
            feed.close();
            control.close();
            throw new IllegalStateException("Cannot serve HTTP on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage() + " (set advisor.http.port, or advisor.http.enabled=false)");
        }
        this.server = started;
    }

    /** Starts the surface when advisor.http.enabled (the default); empty otherwise. */
    public static Optional<OperatorSurface> start(AdvisorConfig config, AdvisorApplication app, SchemaRegistryClient registry,
                                                  Mode configuredMode) {
        HttpSettings settings = HttpSettings.from(config);
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new OperatorSurface(config, app, registry, settings, configuredMode));
    }

    public String url() {
        return server.url();
    }

    public FleetView view() {
        return view;
    }

    @Override
    public void close() {
        server.close();
        feed.close();
        control.close();
    }
}

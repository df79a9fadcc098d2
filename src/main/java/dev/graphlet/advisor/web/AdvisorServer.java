package dev.graphlet.advisor.web;

import dev.graphlet.advisor.scoring.Control;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.scoring.Verdict;
import dev.graphlet.advisor.topology.AdvisorApplication;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The advisor's HTTP surface: Prometheus metrics, health probes, the fleet and per-pipeline queries (answered
 * locally, or forwarded to the instance that owns the pipeline), operator controls, and the dashboard page.
 */
public final class AdvisorServer implements AutoCloseable {

    private final Javalin http;
    private final AdvisorApplication app;
    private final FleetView view;
    private final ControlWriter control;
    private final HttpSettings settings;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AdvisorMetrics metrics;
    private final Mode configuredMode;
    private final Optional<HostInfo> self;
    /** Names the instance that answered a per-pipeline query (the owner of its state). */
    public static final String INSTANCE_HEADER = "X-Advisor-Instance";
    private final HttpClient forwarder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param self this instance's {@code application.server}, to tell local keys from remote ones (empty: single instance)
     */
    public AdvisorServer(AdvisorApplication app, FleetView view, ControlWriter control, HttpSettings settings,
                         Mode configuredMode, Optional<HostInfo> self) {
        this.app = app;
        this.view = view;
        this.control = control;
        this.settings = settings;
        this.configuredMode = configuredMode;
        this.self = self;
        new KafkaStreamsMetrics(app.streams()).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        this.metrics = new AdvisorMetrics(app.counters(), registry, view);
        this.http = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            config.staticFiles.enableWebjars();
        });
        http.before(this::authenticate);
        http.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        http.get("/health/ready", this::ready);
        http.get("/metrics", ctx -> {
            metrics.refresh();
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
        http.get("/api/fleet", ctx -> ctx.json(fleet()));
        http.get("/api/pipelines", ctx -> ctx.json(view.pipelines()));
        http.get("/api/pipelines/{id}", this::pipeline);
        http.put("/api/pipelines/{id}/mode", ctx -> setMode(ctx, Control.PIPELINE_MODE + ctx.pathParam("id")));
        http.delete("/api/pipelines/{id}/mode", ctx -> {
            control.write(Control.PIPELINE_MODE + ctx.pathParam("id"), null);
            ctx.json(Map.of("pipelineId", ctx.pathParam("id"), "mode", "cleared"));
        });
        http.put("/api/mode", ctx -> setMode(ctx, Control.FLEET_MODE));
        http.put("/api/kill-switch", this::killSwitch);
        http.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("/web/dashboard.html")));
        http.exception(IllegalStateException.class, (e, ctx) -> ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", e.getMessage())));
        http.start(settings.host(), settings.port());
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return "http://" + (settings.loopback() ? "localhost" : settings.host()) + ":" + port();
    }

    private void authenticate(Context ctx) {
        if (!settings.requiresAuth() || ctx.path().startsWith("/health/")) {
            return;
        }
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        boolean ok = settings.token().map(t -> equal(header, "Bearer " + t)).orElse(false)
                || settings.basicAuth().map(b -> equal(header, "Basic " + Base64.getEncoder()
                .encodeToString(b.getBytes(StandardCharsets.UTF_8)))).orElse(false);
        if (!ok) {
            ctx.header("WWW-Authenticate", settings.token().isPresent() ? "Bearer" : "Basic realm=\"advisor\"");
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "authentication required"));
            ctx.skipRemainingHandlers();
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private void ready(Context ctx) {
        KafkaStreams.State state = app.streams().state();
        boolean running = state == KafkaStreams.State.RUNNING;
        ctx.status(running ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", running ? "READY" : "NOT_READY", "streams", state.name()));
    }

    private Map<String, Object> fleet() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("totals", view.totals());
        map.put("timeline", view.timeline());
        List<FleetView.PipelineFigures> pipelines = view.pipelines();
        map.put("mostWasteful", pipelines.subList(0, Math.min(10, pipelines.size())));
        map.put("mode", mode(null));
        map.put("killSwitch", Control.isOn(app.controlValue(Control.KILL_SWITCH)));
        map.put("guards", guards());
        return map;
    }

    /**
     * What this instance's guards did, counted in decision points: where each guard held, and where it withheld a
     * SKIP the score asked for; beside them, the SKIPs given.
     */
    private Map<String, Object> guards() {
        Map<String, Long> counts = app.counters().snapshot();
        List<Map<String, Object>> guards = new ArrayList<>();
        for (String guard : Verdict.GUARDS) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("guard", guard);
            g.put("held", counts.getOrDefault("guards." + guard, 0L));
            g.put("withheld", counts.getOrDefault("withheld." + guard, 0L));
            guards.add(g);
        }
        long given = counts.entrySet().stream().filter(e -> e.getKey().startsWith("advisories.SKIP."))
                .mapToLong(Map.Entry::getValue).sum();
        return Map.of("byGuard", guards, "skipsGiven", given);
    }

    private String mode(String pipelineId) {
        return Control.modeFor(app::controlValue, pipelineId == null ? "" : pipelineId, configuredMode).name();
    }

    private void pipeline(Context ctx) throws IOException, InterruptedException {
        String id = ctx.pathParam("id");
        KeyQueryMetadata owner = app.owner(id);
        boolean forwarded = ctx.queryParam("local") != null;
        if (!forwarded && owner != null && self.isPresent() && owner.activeHost() != null
                && !owner.activeHost().equals(self.get())) {
            HostInfo host = owner.activeHost();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                    + "/api/pipelines/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
                    + "?local=true")).timeout(Duration.ofSeconds(10));
            Optional.ofNullable(ctx.header("Authorization")).ifPresent(h -> request.header("Authorization", h));
            HttpResponse<String> response = forwarder.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue(INSTANCE_HEADER).ifPresent(v -> ctx.header(INSTANCE_HEADER, v));
            ctx.status(response.statusCode()).contentType("application/json").result(response.body());
            return;
        }
        self.ifPresent(h -> ctx.header(INSTANCE_HEADER, h.host() + ":" + h.port()));
        Map<String, Object> detail = view.detail(id);
        Optional<List<String>> open = app.openGraphlets(id, owner);
        if (detail == null && open.map(List::isEmpty).orElse(true)) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no pipeline '" + id + "' seen"));
            return;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("pipelineId", id);
        map.put("mode", mode(id));
        map.put("openGraphlets", open.orElse(List.of()));
        if (detail != null) {
            map.putAll(detail);
        }
        ctx.json(map);
    }

    /** The request's JSON object, or null after answering 400. */
    private static Map<?, ?> body(Context ctx, String expected) {
        try {
            Map<?, ?> body = ctx.bodyAsClass(Map.class);
            if (body != null) {
                return body;
            }
        } catch (Exception e) { // the JSON mapper may throw checked exceptions undeclared
            // answered below
        }
        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "expected a JSON body " + expected));
        return null;
    }

    private void setMode(Context ctx, String key) {
        Map<?, ?> body = body(ctx, "{\"mode\": \"OFF\" | \"SHADOW\" | \"ACTIVE\"}");
        if (body == null) {
            return;
        }
        Object requested = body.get("mode");
        Mode mode;
        try {
            mode = Mode.parse(String.valueOf(requested));
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage()));
            return;
        }
        control.write(key, mode.name());
        ctx.json(Map.of("key", key, "mode", mode.name()));
    }

    private void killSwitch(Context ctx) {
        Map<?, ?> body = body(ctx, "{\"on\": true | false}");
        if (body == null) {
            return;
        }
        Object on = body.get("on");
        if (!(on instanceof Boolean value)) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "expected {\"on\": true|false}"));
            return;
        }
        control.write(Control.KILL_SWITCH, value ? "on" : "off");
        ctx.json(Map.of("killSwitch", value));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AdvisorServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        http.stop();
        registry.close();
    }
}

package dev.graphlet.advisor.web;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The HTTP surface's settings (keys under {@code advisor.http.}). It binds to loopback unless told otherwise; bound
 * anywhere else it requires a bearer token or basic-auth credentials on every endpoint but the health probes.
 */
public record HttpSettings(boolean enabled, String host, int port, Optional<String> token, Optional<String> basicAuth) {

    public static HttpSettings from(AdvisorConfig config) {
        HttpSettings settings = new HttpSettings(
                config.getBoolean("advisor.http.enabled", true),
                config.get("advisor.http.host", "127.0.0.1").trim(),
                config.getInt("advisor.http.port", 8080),
                config.get("advisor.http.token").map(String::trim).filter(v -> !v.isEmpty()),
                config.get("advisor.http.basic-auth").map(String::trim).filter(v -> !v.isEmpty()));
        settings.check();
        return settings;
    }

    /** Refuses an exposed server without credentials, and basic-auth credentials without a user and password. */
    public void check() {
        if (!enabled) {
            return;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Bad advisor.http.port " + port + ": expected 0 (any free port) to 65535");
        }
        if (basicAuth.isPresent() && !basicAuth.get().contains(":")) {
            throw new IllegalArgumentException("Bad advisor.http.basic-auth: expected user:password");
        }
        if (!loopback() && token.isEmpty() && basicAuth.isEmpty()) {
            throw new IllegalArgumentException("advisor.http.host=" + host + " is reachable from other machines: set "
                    + "advisor.http.token or advisor.http.basic-auth (user:password), or bind to 127.0.0.1");
        }
    }

    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Bad advisor.http.host '" + host + "': " + e.getMessage());
        }
    }

    public boolean requiresAuth() {
        return token.isPresent() || basicAuth.isPresent();
    }
}

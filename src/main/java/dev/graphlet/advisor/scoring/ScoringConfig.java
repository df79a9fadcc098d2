package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.config.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Scoring's keys in the shared configuration. Bad values are one-line errors naming the key ({@link
 * IllegalArgumentException}).
 */
public final class ScoringConfig {

    public static final String ENABLED = "advisor.scoring.enabled";
    public static final String MODEL_FILE = "advisor.scoring.model-file";

    private ScoringConfig() {
    }

    /** The advisor's scoring seam as configured, or empty when {@value #ENABLED} is false. */
    public static Optional<Advising> advising(AdvisorConfig config) {
        if (!bool(config, ENABLED, true)) {
            return Optional.empty();
        }
        Optional<dev.graphlet.advisor.state.ModelState> start = config.get(MODEL_FILE).filter(v -> !v.isBlank())
                .map(v -> ModelFiles.read(Path.of(v.trim())));
        return Optional.of(new OnlineAdvising(settings(config), start));
    }

    public static ScoringSettings settings(AdvisorConfig config) {
        ScoringSettings d = ScoringSettings.DEFAULTS;
        return new ScoringSettings(
                number(config, "advisor.policy.max-missed-deployments", d.maxMissedDeployments()),
                number(config, "advisor.policy.holdout", d.holdout()),
                number(config, "advisor.policy.min-outcomes", d.minOutcomes()),
                number(config, "advisor.policy.overdue-factor", d.overdueFactor()),
                config.get("advisor.scoring.curve-metric", d.curveMetric()).trim(),
                bool(config, "advisor.scoring.higher-is-better", d.higherIsBetter()),
                duration(config, "advisor.policy.valid-for", d.validFor()),
                (long) number(config, "advisor.seed", d.seed()),
                config.get("advisor.policy.mode").map(v -> {
                    try {
                        return Mode.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("Bad advisor.policy.mode: " + e.getMessage());
                    }
                }).orElse(d.mode()),
                (long) number(config, "advisor.scoring.snapshot-every", d.snapshotEvery()),
                bool(config, "advisor.policy.skip-at-run-start", d.skipAtRunStart()));
    }

    private static double number(AdvisorConfig config, String key, double fallback) {
        Optional<String> value = config.get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad " + key + " '" + value.get() + "': expected a number");
        }
    }

    private static boolean bool(AdvisorConfig config, String key, boolean fallback) {
        Optional<String> value = config.get(key).map(v -> v.trim().toLowerCase(Locale.ROOT));
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("Bad " + key + " '" + value.get() + "': expected true or false");
        };
    }

    private static Duration duration(AdvisorConfig config, String key, Duration fallback) {
        return config.get(key).map(v -> DurationText.parse(key, v)).orElse(fallback);
    }
}

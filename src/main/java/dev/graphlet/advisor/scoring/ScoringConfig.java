package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Scoring's keys in the shared configuration. Bad values are one-line errors naming the key ({@link
 * IllegalArgumentException}).
 */
public final class ScoringConfig {

    public static final String ENABLED = "advisor.scoring.enabled";
    public static final String MODEL_FILE = "advisor.scoring.model-file";
    public static final String OVERDUE_FACTOR = "advisor.policy.overdue-factor";

    private ScoringConfig() {
    }

    /** The advisor's scoring seam as configured, or empty when {@value #ENABLED} is false. */
    public static Optional<Advising> advising(AdvisorConfig config) {
        if (!config.getBoolean(ENABLED, true)) {
            return Optional.empty();
        }
        Optional<dev.graphlet.advisor.state.ModelState> start = config.get(MODEL_FILE).filter(v -> !v.isBlank())
                .map(v -> ModelFiles.read(Path.of(v.trim())));
        return Optional.of(new OnlineAdvising(settings(config), start));
    }

    public static ScoringSettings settings(AdvisorConfig config) {
        ScoringSettings d = ScoringSettings.DEFAULTS;
        return new ScoringSettings(
                config.getDouble("advisor.policy.max-missed-deployments", d.maxMissedDeployments()),
                config.getDouble("advisor.policy.holdout", d.holdout()),
                config.getDouble("advisor.policy.min-outcomes", d.minOutcomes()),
                config.parsed(OVERDUE_FACTOR, d.overdueFactor(), ScoringSettings::parseOverdueFactor,
                        ScoringSettings.OVERDUE_FACTOR_EXPECTED),
                metric(config),
                config.getDuration("advisor.policy.valid-for", d.validFor()),
                config.getLong("advisor.seed", d.seed()),
                config.get("advisor.policy.mode").map(v -> {
                    try {
                        return Mode.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("Bad advisor.policy.mode: " + e.getMessage());
                    }
                }).orElse(d.mode()),
                config.getLong("advisor.scoring.snapshot-every", d.snapshotEvery()),
                config.getBoolean("advisor.policy.skip-at-run-start", d.skipAtRunStart()),
                config.getDouble("advisor.policy.cost-weight", d.costWeight()));
    }

    /** The metric runs are judged by: {@code advisor.scoring.curve-metric}, {@code higher-is-better}, {@code metric-unit}. */
    public static Metric metric(AdvisorConfig config) {
        Metric d = ScoringSettings.DEFAULTS.metric();
        return new Metric(config.get("advisor.scoring.curve-metric", d.name()).trim(),
                config.getBoolean("advisor.scoring.higher-is-better", d.higherIsBetter()),
                config.getDouble("advisor.scoring.metric-unit", d.unit()));
    }
}

package dev.graphlet.advisor.scoring;

import java.time.Duration;

/**
 * How the advisor scores and decides (keys under {@code advisor.scoring.} and {@code advisor.policy.}).
 *
 * @param maxMissedDeployments share of deployments the threshold may advise SKIP (the target miss rate)
 * @param holdout              share of graphlets whose would-be SKIPs are answered CONTINUE (exploration)
 * @param minOutcomes          weighted outcomes a decision point's model must have learned before it may SKIP
 * @param overdueFactor        no SKIP when the time since the pipeline's last push exceeds this many usual intervals;
 *                             {@link #CADENCE_GUARD_OFF} switches the cadence guard off
 * @param metric               the Trainer metric read as the training curve, and the evaluation metric it ends in: its
 *                             name, direction and unit
 * @param validFor             how long (event time) after its event an advisory stays fresh
 * @param seed                 seed of the holdout draws and advisory ids
 * @param mode                 the fleet's mode unless the control topic says otherwise
 * @param snapshotEvery        a model snapshot goes to the model topic every this many outcomes learned
 * @param skipAtRunStart       whether a run may be skipped at RUN_START, where little of it is known (it is scored
 *                             there all the same)
 * @param costWeight           how far a run's cost, against the typical run's, moves the miss budget toward it: 0
 *                             weighs every run's odds alike, 1 by the compute at stake in full
 */
public record ScoringSettings(double maxMissedDeployments, double holdout, double minOutcomes, double overdueFactor,
                              Metric metric, Duration validFor, long seed, Mode mode,
                              long snapshotEvery, boolean skipAtRunStart, double costWeight) {

    /** The overdue factor that switches the cadence guard off: no pipeline is ever overdue, and its cadence need not be known. */
    public static final double CADENCE_GUARD_OFF = Double.POSITIVE_INFINITY;
    /** What an overdue factor may be, for error messages. */
    public static final String OVERDUE_FACTOR_EXPECTED = "a positive number of usual intervals, or off";

    public static final ScoringSettings DEFAULTS =
            new ScoringSettings(0.01, 0.05, 500, 2.0, Metric.AUC, Duration.ofMinutes(30), 0L, Mode.SHADOW, 1000, false,
                    0.5);

    public ScoringSettings {
        if (!(maxMissedDeployments >= 0 && maxMissedDeployments < 1)) {
            throw new IllegalArgumentException("advisor.policy.max-missed-deployments must be in [0, 1)");
        }
        if (!(holdout >= 0 && holdout < 1)) {
            throw new IllegalArgumentException("advisor.policy.holdout must be in [0, 1)");
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("advisor.scoring.snapshot-every must be at least 1");
        }
        if (metric == null) {
            throw new IllegalArgumentException("the scoring metric must be given");
        }
        if (!(overdueFactor > 0)) {
            throw new IllegalArgumentException("advisor.policy.overdue-factor must be positive");
        }
        if (!(costWeight >= 0 && costWeight <= 1)) {
            throw new IllegalArgumentException("advisor.policy.cost-weight must be in [0, 1]");
        }
    }

    /** Whether the cadence guard is on (the overdue factor is finite). */
    public boolean cadenceGuard() {
        return overdueFactor != CADENCE_GUARD_OFF;
    }

    /**
     * An overdue factor as written: a positive number, or {@code off} for {@link #CADENCE_GUARD_OFF}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static double parseOverdueFactor(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("off")) {
            return CADENCE_GUARD_OFF;
        }
        double factor = Double.parseDouble(value); // NumberFormatException is an IllegalArgumentException
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("not a positive number of usual intervals: " + value);
        }
        return factor;
    }

    public ScoringSettings withSeed(long newSeed) {
        return new ScoringSettings(maxMissedDeployments, holdout, minOutcomes, overdueFactor, metric, validFor, newSeed,
                mode, snapshotEvery, skipAtRunStart, costWeight);
    }

    public ScoringSettings withHoldout(double newHoldout) {
        return new ScoringSettings(maxMissedDeployments, newHoldout, minOutcomes, overdueFactor, metric, validFor, seed,
                mode, snapshotEvery, skipAtRunStart, costWeight);
    }

    public ScoringSettings withMode(Mode newMode) {
        return new ScoringSettings(maxMissedDeployments, holdout, minOutcomes, overdueFactor, metric, validFor, seed,
                newMode, snapshotEvery, skipAtRunStart, costWeight);
    }

    public ScoringSettings withOverdueFactor(double newOverdueFactor) {
        return new ScoringSettings(maxMissedDeployments, holdout, minOutcomes, newOverdueFactor, metric, validFor, seed,
                mode, snapshotEvery, skipAtRunStart, costWeight);
    }

    public ScoringSettings withMaxMissed(double newMaxMissed) {
        return new ScoringSettings(newMaxMissed, holdout, minOutcomes, overdueFactor, metric, validFor, seed, mode,
                snapshotEvery, skipAtRunStart, costWeight);
    }

    public ScoringSettings withMetric(Metric newMetric) {
        return new ScoringSettings(maxMissedDeployments, holdout, minOutcomes, overdueFactor, newMetric, validFor, seed,
                mode, snapshotEvery, skipAtRunStart, costWeight);
    }

    public ScoringSettings withCostWeight(double newCostWeight) {
        return new ScoringSettings(maxMissedDeployments, holdout, minOutcomes, overdueFactor, metric, validFor, seed,
                mode, snapshotEvery, skipAtRunStart, newCostWeight);
    }

    public ScoringSettings withSkipAtRunStart(boolean newSkipAtRunStart) {
        return new ScoringSettings(maxMissedDeployments, holdout, minOutcomes, overdueFactor, metric, validFor, seed,
                mode, snapshotEvery, newSkipAtRunStart, costWeight);
    }
}

package dev.graphlet.advisor.sim;

import java.util.SplittableRandom;

/**
 * The fixed traits of one simulated pipeline, drawn once from its own random stream.
 *
 * @param cadenceMillis      time between runs (hourly to weekly)
 * @param dnn                deep neural network (about 60%): a costlier, failure-prone Trainer
 * @param tuner              runs a Tuner (structure changes toggle it)
 * @param infraValidator     runs an InfraValidator (structure changes toggle it)
 * @param caching            TFX execution caching on: a run identical to the previous one is CACHED throughout
 * @param conditionalPusher  the Pusher is CANCELED (rather than writing pushed = 0) when the model is not blessed
 * @param costScale          compute units of one full run of this pipeline (before per-run noise)
 * @param failureRate        chance that a run fails somewhere
 * @param staleRate          chance that a run finds no new data span (its inputs are the previous run's)
 * @param window             spans in the rolling training window (overlap between consecutive runs)
 * @param skill              the quality its models reach on healthy data
 * @param staleness          quality the deployed model loses per day as its data ages
 * @param margin             how much better than the (aged) deployed model a new model must be to be blessed
 * @param rampGain           how far below its final quality the training curve starts
 * @param minutesPerUnit     wall time per compute unit
 * @param totalSteps         training steps of the Trainer
 */
record PipelineProfile(long cadenceMillis, boolean dnn, boolean tuner, boolean infraValidator, boolean caching,
                       boolean conditionalPusher, double costScale, double failureRate, double staleRate, int window,
                       double skill, double staleness, double margin, double rampGain, double minutesPerUnit,
                       int totalSteps) {

    static final long HOUR = 3_600_000L;

    /** Cadences and their shares of the fleet: most pipelines retrain daily or every few days. */
    private static final long[] CADENCES = {HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 168 * HOUR};
    private static final double[] CADENCE_SHARES = {0.005, 0.015, 0.06, 0.16, 0.42, 0.20, 0.14};

    /** Noise of a model's quality around the pipeline's skill, run to run. */
    static final double QUALITY_NOISE = 0.012;

    static PipelineProfile draw(SplittableRandom random, SimulationSettings settings) {
        long cadence = CADENCES[pick(random, CADENCE_SHARES)];
        boolean dnn = random.nextDouble() < 0.6;
        double staleness = 0.001 + random.nextDouble() * 0.004;
        // The margin that a steady pipeline's models clear with probability pushRate, given the aging of the
        // deployed model over one cadence (the deployed model itself was drawn from the same distribution).
        double aging = staleness * cadence / (24.0 * HOUR);
        double spread = QUALITY_NOISE * Math.sqrt(2);
        double margin = aging + spread * Normal.quantile(1 - settings.pushRate()) + random.nextGaussian() * 0.002;
        return new PipelineProfile(
                cadence,
                dnn,
                random.nextDouble() < 0.45,
                random.nextDouble() < 0.55,
                random.nextDouble() < 0.3,
                random.nextDouble() < 0.35,
                Math.exp(Math.log(100) + random.nextGaussian() * 0.9) * (dnn ? 1.8 : 1.0),
                0.01 + random.nextDouble() * (dnn ? 0.08 : 0.05),
                random.nextDouble() < 0.25 ? random.nextDouble() * 0.3 : random.nextDouble() * 0.04,
                1 + random.nextInt(7),
                0.70 + random.nextGaussian() * 0.05,
                staleness,
                margin,
                0.05 + random.nextDouble() * 0.15,
                0.2 + random.nextDouble() * 0.6,
                1000 * (1 + random.nextInt(10)));
    }

    private static int pick(SplittableRandom random, double[] shares) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            sum += shares[i];
            if (u < sum) {
                return i;
            }
        }
        return shares.length - 1;
    }
}

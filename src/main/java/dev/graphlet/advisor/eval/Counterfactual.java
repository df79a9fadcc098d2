package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.graphlet.GraphletStates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Policies replayed over a fixed, recorded trace (what users run on their own history), under the rules that keep
 * the result honest:
 * <ul>
 *   <li>once a policy skips a run, the rest of that run is hidden from it: the policy never learns the outcome;</li>
 *   <li>except for holdout runs: a would-be SKIP is answered CONTINUE for a share of runs drawn per run from a hash
 *       of (run, seed); their outcome teaches the policy, weighted by the inverse of the holdout probability;</li>
 *   <li>the pushes of skipped runs did not happen: push histories, deployments and cadence count only the pushes
 *       that would have survived.</li>
 * </ul>
 * A trace cannot show how later runs would have differed had a skipped run's model not been deployed (they were
 * recorded with it); that is what the closed loop is for. Every policy sees the trace in one pass.
 */
public final class Counterfactual {

    private final List<Lane> lanes = new ArrayList<>();
    private final Lane reference;
    private final double holdout;
    private final long seed;

    /** One policy's view of the trace and the world it would have made. */
    private static final class Lane {
        final SkipPolicy policy;
        final Map<String, Ledger> open = new HashMap<>();
        final Map<String, List<Long>> pushTimes = new HashMap<>();
        long total;
        long wasted;
        long runs;
        long skips;
        long skippedWouldDeploy;
        long savedOnWouldDeploy;
        long holdouts;

        Lane(SkipPolicy policy) {
            this.policy = policy;
        }

        ClosedLoop.World world() {
            return new ClosedLoop.World(policy.name(), policy.family(), policy.parameter(), total, wasted, runs, skips,
                    skippedWouldDeploy, savedOnWouldDeploy, pushTimes);
        }
    }

    private static final class Ledger {
        final Map<String, Long> costSoFar = new HashMap<>();
        final Set<DecisionPoint> reached = new HashSet<>();
        boolean skipped;
        boolean holdout;
        long spentAtSkip;
        boolean pushed;

        long spent() {
            return costSoFar.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @param policies the policies compared (never-skip, the reference, is added first)
     * @param holdout  probability that a run a policy would skip runs anyway (0 = none)
     */
    public Counterfactual(List<SkipPolicy> policies, double holdout, long seed) {
        if (holdout < 0 || holdout >= 1) {
            throw new IllegalArgumentException("holdout probability must be in [0, 1)");
        }
        this.holdout = holdout;
        this.seed = seed;
        this.reference = new Lane(new Baselines.NeverSkip());
        lanes.add(reference);
        policies.stream().filter(p -> !(p instanceof Baselines.NeverSkip)).forEach(p -> lanes.add(new Lane(p)));
    }

    /** The run an event belongs to: its runId, or, without one, its own execution. */
    public static String runOf(ExecutionEvent event) {
        return event.getRunId() != null ? event.getRunId() : event.getPipelineId() + "/" + event.getExecutionId();
    }

    public void accept(ExecutionEvent event) {
        for (Lane lane : lanes) {
            accept(lane, event);
        }
    }

    private void accept(Lane lane, ExecutionEvent event) {
        String run = runOf(event);
        Ledger ledger = lane.open.computeIfAbsent(run, k -> new Ledger());
        ledger.costSoFar.put(event.getExecutionId(), Math.round((event.getCost() == null ? 0 : event.getCost()) * 1000));
        if (!ledger.skipped) {
            if (ledger.holdout) {
                lane.policy.observe(event, 1 / holdout);
            } else {
                lane.policy.observe(event);
            }
        }
        long time = event.getEventTime().toEpochMilli();
        if (GraphletStates.pushes(event)) {
            ledger.pushed = true;
            if (!ledger.skipped) {
                lane.pushTimes.computeIfAbsent(event.getPipelineId(), k -> new ArrayList<>()).add(time);
            }
        }
        if (Baselines.isLast(event)) {
            lane.open.remove(run);
            lane.runs++;
            long spent = ledger.spent();
            if (ledger.skipped) {
                lane.total += ledger.spentAtSkip;
                lane.wasted += ledger.spentAtSkip;
                if (ledger.pushed) {
                    lane.skippedWouldDeploy++;
                    lane.savedOnWouldDeploy += spent - ledger.spentAtSkip;
                }
            } else {
                lane.total += spent;
                lane.wasted += ledger.pushed ? 0 : spent;
            }
            return;
        }
        if (ledger.skipped || ledger.holdout) {
            return;
        }
        DecisionPoint point = DecisionPoints.of(event, ledger.reached);
        if (point != null && lane.policy.skip(point, event)) {
            if (holdout > 0 && !lane.policy.oracle() && draw(run) < holdout) { // the bound takes no holdouts
                ledger.holdout = true;
                lane.holdouts++;
            } else {
                ledger.skipped = true;
                ledger.spentAtSkip = ledger.spent();
                lane.skips++;
            }
        }
    }

    /** A uniform draw in [0, 1) from a hash of (run, seed): the same run is a holdout for every policy and every replay. */
    private double draw(String run) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(run.getBytes(StandardCharsets.UTF_8));
            sha.update(ByteBuffer.allocate(8).putLong(seed).array());
            long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs still open when the trace ended are counted in no world (like OPEN graphlets). */
    public Comparison comparison(long spanMillis) {
        List<ClosedLoop.World> worlds = new ArrayList<>();
        lanes.forEach(l -> worlds.add(l.world()));
        return new Comparison(reference.world(), worlds, spanMillis);
    }

    /** Holdout runs per policy, in lane order. */
    public Map<String, Long> holdouts() {
        Map<String, Long> map = new LinkedHashMap<>();
        lanes.forEach(l -> map.put(l.policy.name(), l.holdouts));
        return map;
    }
}

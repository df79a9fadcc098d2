package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.scoring.Draws;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    // What every policy sees alike, kept once: each open run's costs, decision points and push.
    private final Map<String, TraceLedger> open = new HashMap<>();
    private final Lane reference;
    private final double holdout;
    private final long seed;

    /** One policy's view of the trace and the world it would have made. */
    private static final class Lane {
        final SkipPolicy policy;
        final Map<String, LaneRun> decided = new HashMap<>(); // only the runs this policy skipped or held out
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
                    skippedWouldDeploy, savedOnWouldDeploy, pushTimes, Double.NaN, 0); // a fixed trace: no hidden state
        }
    }

    /** A run one policy answered SKIP: skipped at a cost so far, or held out (it runs, and teaches). */
    private record LaneRun(boolean skipped, long spentAtSkip) {
    }

    private static final class TraceLedger extends RunLedger {
        double draw = -1; // the run's holdout draw, once needed
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
        String run = runOf(event);
        TraceLedger ledger = open.computeIfAbsent(run, k -> new TraceLedger());
        boolean pushes = ledger.record(event);
        boolean last = Baselines.isLast(event);
        DecisionPoint point = last ? null : DecisionPoints.of(event, ledger.reached);
        for (Lane lane : lanes) {
            accept(lane, event, run, ledger, pushes, last, point);
        }
        if (last) {
            open.remove(run);
        }
    }

    private void accept(Lane lane, ExecutionEvent event, String run, TraceLedger ledger, boolean pushes, boolean last,
                        DecisionPoint point) {
        LaneRun decided = lane.decided.get(run);
        boolean skipped = decided != null && decided.skipped();
        if (!skipped) {
            if (decided != null) {
                lane.policy.observe(event, 1 / holdout);
            } else {
                lane.policy.observe(event);
            }
            if (pushes) {
                lane.pushTimes.computeIfAbsent(event.getPipelineId(), k -> new ArrayList<>()).add(event.getEventTime().toEpochMilli());
            }
        }
        if (last) {
            lane.decided.remove(run);
            lane.runs++;
            long spent = ledger.spent();
            if (skipped) {
                lane.total += decided.spentAtSkip();
                lane.wasted += decided.spentAtSkip();
                if (ledger.pushed) {
                    lane.skippedWouldDeploy++;
                    lane.savedOnWouldDeploy += spent - decided.spentAtSkip();
                }
            } else {
                lane.total += spent;
                lane.wasted += ledger.pushed ? 0 : spent;
            }
            return;
        }
        if (decided == null && point != null && lane.policy.skip(point, event)) {
            if (holdout > 0 && !lane.policy.oracle() && !lane.policy.explores() && draw(run, ledger) < holdout) {
                // the bound takes no holdouts; a policy that explores draws its own
                lane.decided.put(run, new LaneRun(false, 0));
                lane.holdouts++;
            } else {
                lane.decided.put(run, new LaneRun(true, ledger.spent()));
                lane.skips++;
            }
        }
    }

    /** A uniform draw in [0, 1) from a hash of (run, seed): the same run is a holdout for every policy and every replay. */
    private double draw(String run, TraceLedger ledger) {
        if (ledger.draw < 0) {
            ledger.draw = Draws.uniform(run, seed);
        }
        return ledger.draw;
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

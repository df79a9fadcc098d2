package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.scoring.Advisor;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.PipelineHistories;
import dev.graphlet.advisor.scoring.RunFactsFold;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.scoring.Verdict;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.RunFacts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The advisor as a policy: the same {@link Advisor} the topology runs (features, online model, threshold, guards,
 * its own holdout), with its state in maps instead of stores, as one stream task would keep it. It starts from the
 * model it is given (a fresh one unless a starting model trained elsewhere is loaded) and learns only from what it
 * is shown: a run it skipped teaches it nothing, a holdout run teaches it with weight 1/holdout.
 */
public final class AdvisorPolicy extends NamedPolicy {

    /** The advisor's family: the curve the baselines are compared with. */
    public static final String FAMILY = "advisor";
    private static final String VARIANT = FAMILY + "-overdue-";

    private final Advisor advisor;
    private final ModelState model;
    private final Map<String, PipelineHistory> histories = new HashMap<>();
    private final Map<String, OpenRun> open = new HashMap<>();
    private final Set<String> skipped = new HashSet<>();
    /** Each feature's stand-alone AUC, measured only when asked: its sample of feature vectors is large at scale. */
    private FeatureAuc auc;

    private static final class OpenRun extends RunLedger {
        final RunFacts facts = RunFactsFold.empty();
    }

    private final Mode mode;
    private long runsLearned;

    /** The advisor acting on its advice (ACTIVE), as evaluation measures it. */
    public AdvisorPolicy(ScoringSettings settings, ModelState start) {
        this(settings, start, Mode.ACTIVE);
    }

    /**
     * @param mode ACTIVE: its SKIPs are followed; SHADOW: it scores and learns from every run and skips none (how a
     *             starting model is trained on history)
     */
    public AdvisorPolicy(ScoringSettings settings, ModelState start, Mode mode) {
        this(settings, start, mode, FAMILY);
    }

    /**
     * @param family the curve the advisor belongs to: {@value #FAMILY}, or a variant of it (another cadence guard)
     *               compared beside it, named {@code advisor-...}
     */
    public AdvisorPolicy(ScoringSettings settings, ModelState start, Mode mode, String family) {
        super(family + "-" + target(settings.maxMissedDeployments()), family, settings.maxMissedDeployments());
        this.mode = mode;
        this.advisor = new Advisor(settings);
        this.model = OnlineModel.upgrade(start);
    }

    /**
     * The family of the advisor with another cadence guard, compared beside the advisor's own: {@code
     * advisor-overdue-3}, {@code advisor-overdue-off}.
     */
    public static String variant(double overdueFactor) {
        return VARIANT + (overdueFactor == ScoringSettings.CADENCE_GUARD_OFF ? "off"
                : java.math.BigDecimal.valueOf(overdueFactor).stripTrailingZeros().toPlainString());
    }

    /** Whether the family is a variant of the advisor's ({@link #variant}), not the advisor's own nor a baseline. */
    public static boolean isVariant(String family) {
        return family.startsWith(VARIANT);
    }

    /** A target as it is named: three decimals (0.010), more where three would round it (0.0025, not 0.003). */
    static String target(double share) {
        String three = String.format(Locale.ROOT, "%.3f", share);
        return Double.parseDouble(three) == share ? three
                : java.math.BigDecimal.valueOf(share).stripTrailingZeros().toPlainString();
    }

    /**
     * Measures each feature's stand-alone AUC (for {@link AdvisorReport}) on a sample of the runs it sees end. Only the
     * advisor that is reported should: a paper-scale sample holds about half a million feature vectors.
     */
    public AdvisorPolicy measuringFeatures() {
        if (auc == null) {
            auc = new FeatureAuc(advisor.settings().seed());
        }
        return this;
    }

    @Override
    public boolean explores() {
        return true;
    }

    public ModelState model() {
        return model;
    }

    public FeatureAuc featureAuc() {
        if (auc == null) {
            throw new IllegalStateException(name() + " was not asked to measure its features' AUCs");
        }
        return auc;
    }

    @Override
    public void observe(ExecutionEvent event) {
        String run = Counterfactual.runOf(event);
        boolean last = Baselines.isLast(event);
        if (skipped.contains(run)) { // what follows a SKIP (the cancellation) is the policy's own doing
            if (last) {
                skipped.remove(run);
            }
            return;
        }
        OpenRun state = open.computeIfAbsent(run, k -> new OpenRun());
        state.record(event);
        RunFactsFold.fold(state.facts, event, advisor.settings().metric().name());
        if (last) {
            open.remove(run);
            boolean ranToEnd = event.getState() != ExecutionState.FAILED && event.getState() != ExecutionState.CANCELED;
            if (auc != null) {
                auc.add(run, state.facts, state.pushed);
            }
            runsLearned += state.facts.getScored().isEmpty() ? 0 : 1;
            advisor.learn(history(event.getPipelineId()), state.facts, model, state.pushed,
                    event.getEventTime().toEpochMilli(), state.spent(), ranToEnd);
        }
    }

    @Override
    public boolean skip(DecisionPoint point, ExecutionEvent event) {
        String run = Counterfactual.runOf(event);
        OpenRun state = open.get(run);
        if (state == null) {
            return false;
        }
        long time = event.getEventTime().toEpochMilli();
        Verdict verdict = advisor.decide(point, run, history(event.getPipelineId()), state.facts, model, time,
                state.spent(), mode);
        if (verdict.skip() && mode == Mode.ACTIVE) {
            open.remove(run);
            skipped.add(run);
            advisor.learn(history(event.getPipelineId()), state.facts, model, false, time, state.spent(), false);
        }
        return verdict.skip() && mode == Mode.ACTIVE;
    }

    /** Runs whose outcome the model learned from. */
    public long runsLearned() {
        return runsLearned;
    }

    private PipelineHistory history(String pipelineId) {
        return histories.computeIfAbsent(pipelineId, k -> PipelineHistories.empty());
    }
}

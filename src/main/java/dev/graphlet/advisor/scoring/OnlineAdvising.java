package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.graphlet.DecisionPointReached;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.PipelineState;
import dev.graphlet.advisor.state.RunFacts;
import java.time.Duration;
import java.util.Optional;

/** The advisor in the topology: {@link Advisor} on the state the topology keeps. */
public final class OnlineAdvising implements Advising {

    private final Advisor advisor;
    private final ModelState start;

    public OnlineAdvising(ScoringSettings settings, Optional<ModelState> startingModel) {
        this.advisor = new Advisor(settings);
        this.start = startingModel.map(m -> OnlineModel.upgrade(ModelState.newBuilder(m).build())).orElse(null);
    }

    @Override
    public void fold(GraphletState graphlet, ExecutionEvent event) {
        if (graphlet.getFacts() == null) {
            graphlet.setFacts(RunFactsFold.empty());
        }
        RunFactsFold.fold(graphlet.getFacts(), event, advisor.settings().metric().name());
    }

    @Override
    public Verdict decide(DecisionPointReached reached, GraphletState graphlet, ModelState model, Mode mode) {
        if (graphlet.getFacts() == null) {
            graphlet.setFacts(RunFactsFold.empty());
        }
        PipelineHistory history = Optional.ofNullable(reached.pipeline().getHistory()).orElseGet(PipelineHistories::empty);
        return advisor.decide(reached.decisionPoint(), graphlet.getGraphletId(), history, graphlet.getFacts(), model,
                reached.event().getEventTime().toEpochMilli(), GraphletStates.totalCostMilli(graphlet), mode);
    }

    @Override
    public void finished(GraphletState graphlet, GraphletOutcome outcome, PipelineState pipeline, ModelState model) {
        RunFacts facts = graphlet.getFacts();
        if (facts == null || outcome.getReason() == OutcomeReason.OPEN) {
            return; // nothing was scored, or the run's end is not known
        }
        if (pipeline.getHistory() == null) {
            pipeline.setHistory(PipelineHistories.empty());
        }
        OutcomeReason reason = outcome.getReason();
        boolean ranToEnd = reason == OutcomeReason.PUSHED || reason == OutcomeReason.NOT_BLESSED || reason == OutcomeReason.NOT_PUSHED;
        if (reason == OutcomeReason.SKIPPED_ON_ADVICE) {
            facts.setSkipped(true); // confirmed by the orchestrator: its outcome is hidden whatever the mode was
        }
        advisor.learn(pipeline.getHistory(), facts, model, outcome.getDeployed(), outcome.getEndTime().toEpochMilli(),
                outcome.getTotalCostMilli(), ranToEnd);
    }

    @Override
    public Duration validFor() {
        return advisor.settings().validFor();
    }

    @Override
    public Mode configuredMode() {
        return advisor.settings().mode();
    }

    @Override
    public long snapshotEvery() {
        return advisor.settings().snapshotEvery();
    }

    @Override
    public ModelState startingModel() {
        return start != null ? ModelState.newBuilder(start).build() : OnlineModel.fresh();
    }
}

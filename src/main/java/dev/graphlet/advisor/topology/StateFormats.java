package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineState;
import java.util.Map;

/**
 * The serdes of the advisor's own stores, in one place: each writes its current format and reads every earlier one
 * (kept as a schema resource), so an upgraded advisor restores what the previous release left in its changelogs.
 */
public final class StateFormats {

    private StateFormats() {
    }

    /**
     * Open graphlets. v2 added the fingerprints of the events folded (dedupe); v3 the evaluation of the model deployed
     * when the run started to the run's facts.
     */
    public static StoreSerde<GraphletState> graphlets() {
        return new StoreSerde<>(GraphletState.class, 3, Map.of(1, "/state-formats/GraphletState.v1.avsc",
                2, "/state-formats/GraphletState.v2.avsc"));
    }

    /**
     * Pipelines' scoring histories. v2: the run facts they keep (deployed, previous) gained the baseline's evaluation;
     * v3: the level's variance and the fingerprints it was measured at.
     */
    public static StoreSerde<PipelineState> pipelines() {
        return new StoreSerde<>(PipelineState.class, 3, Map.of(1, "/state-formats/PipelineState.v1.avsc",
                2, "/state-formats/PipelineState.v2.avsc"));
    }

    /** Final-graphlet markers. v2 added the fingerprints of the events folded (dedupe after the end). */
    public static StoreSerde<FinalGraphlet> finals() {
        return new StoreSerde<>(FinalGraphlet.class, 2, Map.of(1, "/state-formats/FinalGraphlet.v1.avsc"));
    }

    /**
     * The scoring model of each task (also the body of its snapshots on the model topic). v2: what drift costs the
     * metric, learned across the fleet; v3: the typical run's cost, which the policy weighs a run's cost against.
     */
    public static StoreSerde<ModelState> models() {
        return new StoreSerde<>(ModelState.class, 3, Map.of(1, "/state-formats/ModelState.v1.avsc",
                2, "/state-formats/ModelState.v2.avsc"));
    }
}

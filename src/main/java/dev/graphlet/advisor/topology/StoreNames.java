package dev.graphlet.advisor.topology;

/** Names of the advisor's state stores (their changelog topics are named after them). */
final class StoreNames {

    static final String GRAPHLETS = "graphlets";
    static final String PIPELINES = "pipelines";
    static final String FINALS = "final-graphlets";
    static final String EXECUTIONS = "execution-index";
    static final String ARTIFACTS = "artifact-index";
    static final String ALIASES = "graphlet-aliases";
    static final String SCHEDULE = "closing-schedule";
    static final String WASTE_WINDOWS = "waste-windows";
    static final String WINDOW_PROGRESS = "waste-window-progress";
    /** The task's online model (one entry). */
    static final String MODEL = "scoring-model";
    /** Global: the control topic's settings (modes, kill switch, rollbacks). */
    static final String CONTROL = "advisor-control";

    private StoreNames() {
    }
}

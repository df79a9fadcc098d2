package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.ExecutionState;

/**
 * Merges the states of one execution's events so that the result does not depend on their order: a terminal
 * state beats a non-terminal one, RUNNING beats NEW, and conflicting terminal states resolve by a fixed rank.
 */
public final class ExecutionStates {

    private ExecutionStates() {
    }

    public static boolean terminal(ExecutionState state) {
        return state == ExecutionState.COMPLETE || state == ExecutionState.FAILED
                || state == ExecutionState.CACHED || state == ExecutionState.CANCELED;
    }

    public static ExecutionState merge(ExecutionState current, ExecutionState incoming) {
        return rank(incoming) > rank(current) ? incoming : current;
    }

    private static int rank(ExecutionState state) {
        return switch (state) {
            case NEW -> 1;
            case RUNNING -> 2;
            case CACHED -> 3;
            case COMPLETE -> 4;
            case CANCELED -> 5;
            case FAILED -> 6;
            case UNKNOWN -> 0;
        };
    }
}

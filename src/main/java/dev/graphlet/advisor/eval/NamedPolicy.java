package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.ExecutionEvent;

/** A policy's identity in tables and plots: its name, the family whose curve it is on, and its parameter there. */
abstract class NamedPolicy implements SkipPolicy {

    private final String name;
    private final String family;
    private final double parameter;

    NamedPolicy(String name, String family, double parameter) {
        this.name = name;
        this.family = family;
        this.parameter = parameter;
    }

    /** A policy with a single operating point: its family is its name. */
    NamedPolicy(String name) {
        this(name, name, Double.NaN);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String family() {
        return family;
    }

    @Override
    public final double parameter() {
        return parameter;
    }

    @Override
    public void observe(ExecutionEvent event) {
    }
}

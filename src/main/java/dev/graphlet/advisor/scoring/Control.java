package dev.graphlet.advisor.scoring;

import java.util.Locale;
import java.util.function.Function;

/**
 * The operator's controls, as records of the compacted control topic (plain-string keys and values, so any producer
 * can write them; a tombstone clears a setting):
 * <ul>
 *   <li>{@code mode} = OFF | SHADOW | ACTIVE: the fleet-wide mode;</li>
 *   <li>{@code mode/<pipelineId>} = OFF | SHADOW | ACTIVE: one pipeline's mode, over the fleet's;</li>
 *   <li>{@code kill-switch} = on | off: on silences every advisory at once (as mode OFF everywhere);</li>
 *   <li>{@code rollback/<task>} = a snapshot from the model topic for that task, to restore.</li>
 * </ul>
 * Changes apply to the next decision point, without a restart.
 */
public final class Control {

    public static final String FLEET_MODE = "mode";
    public static final String PIPELINE_MODE = "mode/";
    public static final String KILL_SWITCH = "kill-switch";
    public static final String ROLLBACK = "rollback/";

    private Control() {
    }

    /**
     * The mode in force for a pipeline: OFF under the kill switch, else the pipeline's own, else the fleet's, else
     * the configured default. A value that is not a mode is ignored (it is counted by whoever reads it).
     */
    public static Mode modeFor(Function<String, String> settings, String pipelineId, Mode configured) {
        if (isOn(settings.apply(KILL_SWITCH))) {
            return Mode.OFF;
        }
        Mode pipeline = parseOrNull(settings.apply(PIPELINE_MODE + pipelineId));
        if (pipeline != null) {
            return pipeline;
        }
        Mode fleet = parseOrNull(settings.apply(FLEET_MODE));
        return fleet != null ? fleet : configured;
    }

    public static boolean isOn(String value) {
        return value != null && (value.trim().equalsIgnoreCase("on") || value.trim().equalsIgnoreCase("true"));
    }

    /** Whether a control record is one the advisor understands. */
    public static boolean valid(String key, String value) {
        if (key == null) {
            return false;
        }
        if (value == null) {
            return true; // a tombstone clears
        }
        if (key.equals(KILL_SWITCH)) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            return v.equals("on") || v.equals("off") || v.equals("true") || v.equals("false");
        }
        if (key.equals(FLEET_MODE) || (key.startsWith(PIPELINE_MODE) && key.length() > PIPELINE_MODE.length())) {
            return parseOrNull(value) != null;
        }
        return key.startsWith(ROLLBACK) && key.length() > ROLLBACK.length();
    }

    private static Mode parseOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Mode.parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

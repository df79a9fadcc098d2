package dev.graphlet.advisor.scoring;

import java.util.Locale;

/** What the advisor does with a score: nothing (OFF), advice for observation only (SHADOW), advice to act on (ACTIVE). */
public enum Mode {
    OFF, SHADOW, ACTIVE;

    public static Mode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown mode '" + text + "': expected OFF, SHADOW or ACTIVE");
        }
    }
}

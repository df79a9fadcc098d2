package dev.graphlet.advisor.config;

import java.time.Duration;
import java.util.Locale;

/** Durations in settings: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 24h}, {@code 7d}, or ISO-8601 ({@code PT10M}). */
public final class DurationText {

    private DurationText() {
    }

    public static Duration parse(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1).trim());
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Bad " + key + " '" + text + "': expected a duration such as 500ms, 30s, 10m, 24h, 7d or PT10M");
        }
    }
}

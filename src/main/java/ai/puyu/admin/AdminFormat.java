package ai.puyu.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting helpers for the admin templates ({@code ${fmt.time(...)}}): times in UTC, numbers, percentages. */
public final class AdminFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** {@code 2026-01-02 03:04:05} (UTC), or an empty string for null. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** An ISO-8601 instant for a {@code datetime} attribute, empty for null. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** The number with {@code decimals} decimals, or an em dash for null. */
    public String num(Number value, int decimals) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Integer || value instanceof Long) {
            return String.format(Locale.ROOT, "%,d", value.longValue());
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value.doubleValue());
    }

    /** The number, or an em dash for null. */
    public String num(Number value) {
        return num(value, 2);
    }

    /** A share as a percentage with one decimal ({@code 0.5} → {@code 50.0%}); an em dash for null or NaN. */
    public String percent(Double share) {
        return share == null || share.isNaN() ? "—" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}

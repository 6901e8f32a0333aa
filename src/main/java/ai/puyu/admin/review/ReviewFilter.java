package ai.puyu.admin.review;

import ai.puyu.admin.BadParameterException;
import ai.puyu.conversation.MessageStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * Which conversations the review list, the export and the filtered delete work on. Every field is
 * optional (null: no restriction); the conditions are combined with AND. Built from request parameters
 * by {@link #parse}, which refuses bad values with a {@link BadParameterException} naming the parameter.
 *
 * @param terms        search terms ({@link SearchTerms}): every one must occur in the conversation's messages
 * @param from         conversations started at or after this instant
 * @param to           conversations started before this instant
 * @param user         the owner (user name or anonymous browser id), exactly
 * @param apiKeyId     the API key that created the conversation
 * @param model        the model that answers the conversation, exactly
 * @param rating       by the ratings of its replies
 * @param flagged      flagged (true) or not (false)
 * @param tag          flagged with this tag
 * @param finishReason a reply finished for this reason ({@code stop}, {@code length}, ...)
 * @param status       a message has this status
 * @param params       the parameters as given (normalized, empty ones left out), to link and describe
 */
public record ReviewFilter(List<String> terms, Instant from, Instant to, String user, Long apiKeyId, String model,
                           RatingFilter rating, Boolean flagged, String tag, String finishReason, MessageStatus status,
                           Map<String, String> params) {

    /** The parameter names a filter reads, in the order they are linked and described. */
    public static final List<String> NAMES = List.of("q", "from", "to", "user", "apiKey", "model", "rating",
            "flagged", "tag", "finishReason", "status");

    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.:-]{0,49}");
    private static final Pattern FINISH_REASON = Pattern.compile("[a-z_]{1,32}");

    /** No restriction: every conversation. */
    public static final ReviewFilter NONE = parse(Map.of());

    /** How a conversation's reply ratings filter it. */
    public enum RatingFilter {
        /** At least one reply rated good. */
        GOOD,
        /** At least one reply rated bad. */
        BAD,
        /** At least one reply rated. */
        RATED,
        /** No reply rated. */
        UNRATED;

        static RatingFilter parse(String value) {
            for (RatingFilter r : values()) {
                if (r.name().equalsIgnoreCase(value)) {
                    return r;
                }
            }
            throw new BadParameterException("rating", "rating must be good, bad, rated or unrated, not '" + value + "'");
        }
    }

    public ReviewFilter {
        terms = List.copyOf(terms);
        params = Map.copyOf(params);
    }

    /** The filter from request parameters (first value of each; empty values mean "not given"). */
    public static ReviewFilter parse(MultiValueMap<String, String> parameters) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = parameters.getFirst(name);
            if (value != null) {
                first.put(name, value);
            }
        }
        return parse(first);
    }

    /** The filter from parameter values by name (see {@link #NAMES}); blank values mean "not given". */
    public static ReviewFilter parse(Map<String, String> parameters) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                given.put(name, name.equals("q") ? value : value.strip());
            }
        }
        Instant from = value(given, "from", v -> instant("from", v, false));
        Instant to = value(given, "to", v -> instant("to", v, true));
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadParameterException("to", "to (" + given.get("to") + ") must be after from (" + given.get("from") + ")");
        }
        return new ReviewFilter(SearchTerms.parse(given.get("q")), from, to,
                value(given, "user", v -> limited("user", v, 200)),
                value(given, "apiKey", ReviewFilter::apiKey),
                value(given, "model", v -> limited("model", v, 200)),
                value(given, "rating", RatingFilter::parse),
                value(given, "flagged", ReviewFilter::flagged),
                value(given, "tag", ReviewFilter::tag),
                value(given, "finishReason", ReviewFilter::finishReason),
                value(given, "status", ReviewFilter::status),
                given);
    }

    /** Whether no condition is set. */
    public boolean isEmpty() {
        return params.isEmpty();
    }

    /** The parameters as a query string ({@code q=a&model=b}), empty when there are none. */
    public String toQueryString() {
        StringJoiner query = new StringJoiner("&");
        for (String name : NAMES) {
            String value = params.get(name);
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    /** A readable description for the audit log: {@code q="x" model=m}, or {@code all conversations}. */
    public String describe() {
        if (params.isEmpty()) {
            return "all conversations";
        }
        StringJoiner text = new StringJoiner(" ");
        for (String name : NAMES) {
            String value = params.get(name);
            if (value != null) {
                text.add(name + "=" + (name.equals("q") ? '"' + value + '"' : value));
            }
        }
        return text.toString();
    }

    /** A tag as stored: lower case, letters, digits and {@code _ . : -}, up to 50 characters. */
    public static String tag(String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        if (!TAG.matcher(lower).matches()) {
            throw new BadParameterException("tag", "tag '" + value + "' must be 1 to 50 letters, digits or _ . : -,"
                    + " starting with a letter or digit");
        }
        return lower;
    }

    private static <T> T value(Map<String, String> given, String name, Function<String, T> parser) {
        String value = given.get(name);
        return value == null ? null : parser.apply(value);
    }

    private static String limited(String name, String value, int max) {
        if (value.length() > max) {
            throw new BadParameterException(name, name + " is longer than " + max + " characters");
        }
        return value;
    }

    private static Long apiKey(String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new BadParameterException("apiKey", "apiKey must be the positive id of an API key, not '" + value + "'");
    }

    private static Boolean flagged(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> Boolean.TRUE;
            case "false", "no" -> Boolean.FALSE;
            default -> throw new BadParameterException("flagged", "flagged must be true or false, not '" + value + "'");
        };
    }

    private static String finishReason(String value) {
        if (!FINISH_REASON.matcher(value).matches()) {
            throw new BadParameterException("finishReason",
                    "finishReason must be a lower-case reason such as stop or length, not '" + value + "'");
        }
        return value;
    }

    private static MessageStatus status(String value) {
        try {
            return MessageStatus.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("status", "status must be complete, streaming, stopped, error or"
                    + " interrupted, not '" + value + "'");
        }
    }

    /**
     * A date ({@code 2026-01-31}, a whole UTC day: from its start, or to its end when {@code upper}) or a
     * date-time ({@code 2026-01-31T08:00}, UTC unless it has an offset; an upper bound is exclusive).
     */
    private static Instant instant(String name, String value, boolean upper) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, name + " must be a date (2026-01-31) or a date-time"
                    + " (2026-01-31T08:00, UTC unless an offset is given), not '" + value + "'");
        }
    }
}

package ai.puyu.admin.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the dashboard shows over a window of whole UTC days (the last one up to now).
 *
 * @param from   the window's start (midnight UTC)
 * @param to     the window's end (now)
 * @param days   one entry per day, oldest first, days without activity included
 * @param totals the same figures over the whole window
 */
public record Dashboard(Instant from, Instant to, List<Day> days, Day totals) {

    public Dashboard {
        days = List.copyOf(days);
    }

    /**
     * The figures of one day (or of the window, with date null).
     *
     * @param date             the UTC day, null for the window's totals
     * @param conversations    conversations started
     * @param replies          assistant replies started
     * @param promptTokens     prompt tokens of those replies
     * @param completionTokens tokens they generated
     * @param cachedTokens     prompt tokens reused from the prefix cache
     * @param errors           replies that failed (status error)
     * @param interrupted      replies cut off by a restart (status interrupted)
     * @param cacheHitRate     cachedTokens / promptTokens, null without prompt tokens
     * @param timeToFirstTokenMs percentiles of the time to first token, in milliseconds
     * @param tokensPerSecond  percentiles of the decode speed
     */
    public record Day(LocalDate date, long conversations, long replies, long promptTokens, long completionTokens,
                      long cachedTokens, long errors, long interrupted, Double cacheHitRate,
                      Percentiles timeToFirstTokenMs, Percentiles tokensPerSecond) {
    }
}

package ai.puyu.admin.dashboard;

import ai.puyu.admin.BadParameterException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes the {@link Dashboard}: counts and token sums per UTC day in SQL (the day is
 * {@code FLOOR(EXTRACT(EPOCH FROM t) / 86400)}, which H2 and PostgreSQL both compute in UTC whatever the session
 * time zone), percentiles of time to first token and decode speed in Java over the window's replies (percentile
 * functions are not portable between the two databases; only two numbers per reply are read).
 */
@Service
public class DashboardService {

    /** The longest window, in days. */
    public static final int MAX_DAYS = 366;

    private static final String DAY = "FLOOR(EXTRACT(EPOCH FROM %s) / 86400)";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public DashboardService(NamedParameterJdbcTemplate jdbc, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The last {@code days} UTC days, today included. */
    @Transactional(readOnly = true)
    public Dashboard lastDays(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new BadParameterException("days", "days must be between 1 and " + MAX_DAYS + ", not " + days);
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Object> params = Map.of("from", from.atOffset(ZoneOffset.UTC));

        Map<Long, Long> conversations = new HashMap<>();
        jdbc.query("SELECT d, COUNT(*) AS n FROM (SELECT " + DAY.formatted("c.created_at") + " AS d FROM conversation c"
                + " WHERE c.created_at >= :from) t GROUP BY d", params,
                rs -> {
                    conversations.put(rs.getLong("d"), rs.getLong("n"));
                });

        Map<Long, long[]> replies = new HashMap<>();
        jdbc.query("SELECT d, COUNT(*) AS n, SUM(pt) AS pt, SUM(ct) AS ct, SUM(cached) AS cached,"
                + " SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors,"
                + " SUM(CASE WHEN status = 'interrupted' THEN 1 ELSE 0 END) AS interrupted"
                + " FROM (SELECT " + DAY.formatted("m.created_at") + " AS d, m.prompt_tokens AS pt,"
                + " m.completion_tokens AS ct, m.cached_tokens AS cached, m.status AS status FROM message m"
                + " WHERE m.role = 'assistant' AND m.created_at >= :from) t GROUP BY d", params,
                rs -> {
                    replies.put(rs.getLong("d"), new long[] {rs.getLong("n"), rs.getLong("pt"), rs.getLong("ct"),
                            rs.getLong("cached"), rs.getLong("errors"), rs.getLong("interrupted")});
                });

        Samples ttft = new Samples(days);
        Samples speed = new Samples(days);
        long firstDay = first.toEpochDay();
        jdbc.query("SELECT " + DAY.formatted("m.created_at") + " AS d, m.time_to_first_token_ms AS ttft,"
                + " m.decode_tokens_per_second AS tps FROM message m WHERE m.role = 'assistant'"
                + " AND m.created_at >= :from AND (m.time_to_first_token_ms IS NOT NULL"
                + " OR m.decode_tokens_per_second IS NOT NULL)", params,
                rs -> {
                    int index = (int) (rs.getLong("d") - firstDay);
                    double t = rs.getDouble("ttft");
                    if (!rs.wasNull()) {
                        ttft.add(index, t);
                    }
                    double s = rs.getDouble("tps");
                    if (!rs.wasNull()) {
                        speed.add(index, s);
                    }
                });

        List<Dashboard.Day> list = new ArrayList<>(days);
        long[] sum = new long[7];
        for (int i = 0; i < days; i++) {
            long epochDay = firstDay + i;
            long c = conversations.getOrDefault(epochDay, 0L);
            long[] r = replies.getOrDefault(epochDay, new long[6]);
            sum[0] += c;
            for (int k = 0; k < 6; k++) {
                sum[k + 1] += r[k];
            }
            list.add(new Dashboard.Day(LocalDate.ofEpochDay(epochDay), c, r[0], r[1], r[2], r[3], r[4], r[5],
                    rate(r[3], r[1]), ttft.percentiles(i), speed.percentiles(i)));
        }
        Dashboard.Day totals = new Dashboard.Day(null, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6],
                rate(sum[4], sum[2]), ttft.all(), speed.all());
        return new Dashboard(from, now, list, totals);
    }

    private static Double rate(long cached, long prompt) {
        return prompt == 0 ? null : (double) cached / prompt;
    }

    /** Measurements per day of the window, in growable primitive arrays. */
    private static final class Samples {
        private final double[][] values;
        private final int[] sizes;

        Samples(int days) {
            values = new double[days][];
            sizes = new int[days];
        }

        void add(int day, double value) {
            if (day < 0 || day >= values.length) {
                return;
            }
            if (values[day] == null) {
                values[day] = new double[16];
            } else if (sizes[day] == values[day].length) {
                values[day] = Arrays.copyOf(values[day], values[day].length * 2);
            }
            values[day][sizes[day]++] = value;
        }

        Percentiles percentiles(int day) {
            return values[day] == null ? Percentiles.NONE : Percentiles.of(values[day].clone(), sizes[day]);
        }

        Percentiles all() {
            int n = Arrays.stream(sizes).sum();
            double[] merged = new double[n];
            int at = 0;
            for (int d = 0; d < values.length; d++) {
                if (values[d] != null) {
                    System.arraycopy(values[d], 0, merged, at, sizes[d]);
                    at += sizes[d];
                }
            }
            return Percentiles.of(merged, n);
        }
    }
}

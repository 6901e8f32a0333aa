package ai.puyu.admin.dashboard;

import java.util.Arrays;

/**
 * Percentiles of a set of measurements by the nearest-rank method (the smallest value with at least p% of the
 * values at or below it); null values when there are no measurements.
 *
 * @param count how many measurements
 * @param p50   the median
 * @param p90   the 90th percentile
 * @param p99   the 99th percentile
 */
public record Percentiles(int count, Double p50, Double p90, Double p99) {

    /** No measurements. */
    public static final Percentiles NONE = new Percentiles(0, null, null, null);

    /** The percentiles of the first {@code n} values of {@code values} (sorted in place). */
    public static Percentiles of(double[] values, int n) {
        if (n == 0) {
            return NONE;
        }
        Arrays.sort(values, 0, n);
        return new Percentiles(n, rank(values, n, 50), rank(values, n, 90), rank(values, n, 99));
    }

    /** The nearest-rank {@code p}th percentile of the sorted first {@code n} values. */
    static double rank(double[] sorted, int n, int p) {
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(rank, 1) - 1];
    }
}

package ai.puyu.engine.sampling;

import java.util.List;

/**
 * Watches streamed text for stop strings. {@link #push} returns the text that is safe to show: text that
 * might still be the beginning of a stop string is held back until the next delta decides. When a stop
 * string appears, the text before it is released, the rest is dropped and {@link #stopped()} turns true.
 */
public final class StopStrings {

    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    public StopStrings(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /** Adds generated text; returns the part of the text that can be emitted now. */
    public String push(String delta) {
        if (stopped) {
            return "";
        }
        pending.append(delta);
        int first = -1;
        for (String s : stops) {
            int at = pending.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String out = pending.substring(0, first);
            pending.setLength(0);
            return out;
        }
        int hold = 0;
        String text = pending.toString();
        for (String s : stops) {
            for (int k = Math.min(s.length() - 1, text.length()); k > hold; k--) {
                if (text.regionMatches(text.length() - k, s, 0, k)) {
                    hold = k;
                    break;
                }
            }
        }
        String out = pending.substring(0, pending.length() - hold);
        pending.delete(0, pending.length() - hold);
        return out;
    }

    /** Releases the held-back text at the end of generation (empty once stopped). */
    public String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    public boolean stopped() {
        return stopped;
    }
}

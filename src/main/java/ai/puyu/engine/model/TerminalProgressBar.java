package ai.puyu.engine.model;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn with carriage returns, at most every 100 ms. */
final class TerminalProgressBar implements LoadProgress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean finished;

    TerminalProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public synchronized void update(long done, long total, String tensor) {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        boolean complete = done >= total;
        if (!complete && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = (now - start) / 1e9;
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s/%s %.1fs\033[K", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, bytes(done), bytes(total), seconds));
        if (complete) {
            out.println();
            finished = true;
        }
        out.flush();
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
}

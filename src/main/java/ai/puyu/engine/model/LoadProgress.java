package ai.puyu.engine.model;

import java.io.PrintStream;
import java.util.function.Consumer;

/** Told as a checkpoint is loaded (or written): bytes done of the total, and the tensor just handled. */
@FunctionalInterface
public interface LoadProgress {

    /** Reports nothing. */
    LoadProgress NONE = (done, total, tensor) -> { };

    void update(long bytesDone, long bytesTotal, String tensor);

    /** A progress bar redrawn in place on {@code out} (a terminal), finished with a newline at 100%. */
    static LoadProgress terminal(PrintStream out, String label) {
        return new TerminalProgressBar(out, label);
    }

    /** One line to {@code log} per 10% step (for server logs). */
    static LoadProgress lines(Consumer<String> log, String label) {
        int[] lastDecile = {-1};
        return (done, total, tensor) -> {
            int decile = total <= 0 ? 10 : (int) Math.min(10, done * 10 / total);
            if (decile > lastDecile[0]) {
                lastDecile[0] = decile;
                log.accept(String.format("%s: %3d%% (%s of %s, %s)", label, decile * 10,
                        TerminalProgressBar.bytes(done), TerminalProgressBar.bytes(total), tensor));
            }
        };
    }
}

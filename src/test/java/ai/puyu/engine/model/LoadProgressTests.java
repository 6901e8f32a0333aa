package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadProgressTests {

    @Test
    void logsOneLinePerTenPercentStep() {
        List<String> lines = new ArrayList<>();
        LoadProgress progress = LoadProgress.lines(lines::add, "loading m");
        for (long done = 1; done <= 1000; done++) {
            progress.update(done << 20, 1000L << 20, "t" + done);
        }
        assertThat(lines).hasSize(11);
        assertThat(lines.getFirst()).isEqualTo("loading m:   0% (1.0 MiB of 1000.0 MiB, t1)");
        assertThat(lines.get(5)).startsWith("loading m:  50% (500.0 MiB of 1000.0 MiB, t500)");
        assertThat(lines.getLast()).isEqualTo("loading m: 100% (1000.0 MiB of 1000.0 MiB, t1000)");
    }

    @Test
    void terminalBarRedrawsInPlaceAndEndsWithANewlineWhenComplete() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoadProgress bar = LoadProgress.terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), "load");
        bar.update(1L << 30, 4L << 30, "a");
        bar.update(4L << 30, 4L << 30, "b");
        bar.update(4L << 30, 4L << 30, "b");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\rload [########......................]  25% 1.00 GiB/4.00 GiB");
        assertThat(out).contains("\rload [##############################] 100% 4.00 GiB/4.00 GiB");
        assertThat(out).endsWith(System.lineSeparator());
        assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(2);
    }
}

package ai.puyu.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stop strings cut streamed text exactly at the stop, even when it arrives split over several deltas. */
class StopStringsTests {

    @Test
    void cutsTheTextAtTheStopString() {
        StopStrings s = new StopStrings(List.of("END"));
        assertThat(s.push("hello EN")).isEqualTo("hello ");
        assertThat(s.stopped()).isFalse();
        assertThat(s.push("D and more")).isEmpty();
        assertThat(s.stopped()).isTrue();
        assertThat(s.push("later")).isEmpty();
        assertThat(s.flush()).isEmpty();
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStop() {
        StopStrings s = new StopStrings(List.of("\nUser:", "###"));
        StringBuilder out = new StringBuilder();
        out.append(s.push("a\nUs"));
        assertThat(out.toString()).isEqualTo("a");
        out.append(s.push("e it #"));
        out.append(s.push("# x"));
        out.append(s.flush());
        assertThat(out.toString()).isEqualTo("a\nUse it ## x");
        assertThat(s.stopped()).isFalse();
    }

    @Test
    void theEarliestStopWins() {
        StopStrings s = new StopStrings(List.of("cd", "b"));
        assertThat(s.push("abcd")).isEqualTo("a");
        assertThat(s.stopped()).isTrue();
    }
}

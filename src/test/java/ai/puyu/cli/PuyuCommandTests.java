package ai.puyu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class PuyuCommandTests {

    @Test
    void errorLineIsTheInnermostCauseMessage() {
        var inner = new IllegalStateException("model.safetensors: tensor output.weight is missing");
        var wrapped = new RuntimeException("Error creating bean with name 'loadedModel' ...",
                new UncheckedIOException("wrapper", new IOException("io", inner)));
        assertThat(PuyuCommand.rootMessage(wrapped)).isEqualTo("model.safetensors: tensor output.weight is missing");
    }

    @Test
    void unknownCommandExitsNonZeroWithoutStartingTheServer() {
        int code = PuyuCommand.run("no-such-command");
        assertThat(code).isNotZero().isNotEqualTo(PuyuCommand.KEEP_RUNNING);
    }
}

package ai.puyu.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.PuyuApplication;
import ai.puyu.engine.model.CheckpointException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

class CheckpointFailureAnalyzerTests {

    @TempDir
    Path tmp;

    @Test
    void reportsTheCheckpointProblemAsTheFailureDescription() {
        var failure = new BeanCreationException("loadedModel", "wrapped",
                new CheckpointException("model.safetensors: tensor output.weight is missing"));
        FailureAnalysis analysis = new CheckpointFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription())
                .isEqualTo("The model checkpoint cannot be loaded: model.safetensors: tensor output.weight is missing");
        assertThat(analysis.getAction()).contains("PUYU_MODEL");
    }

    @Test
    void aMissingCheckpointDirectoryStopsStartupWithACheckpointException() {
        Path missing = tmp.resolve("no-such-model");
        assertThatThrownBy(() -> new SpringApplicationBuilder(PuyuApplication.class)
                .run("--server.port=0", "--puyu.data-dir=" + tmp, "--puyu.model-path=" + missing).close())
                .rootCause().isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint directory " + missing + " does not exist or is not a directory");
    }
}

package ai.puyu.system;

import ai.puyu.engine.model.CheckpointException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a checkpoint that cannot be loaded into one clear startup failure message, without a stack trace. */
class CheckpointFailureAnalyzer extends AbstractFailureAnalyzer<CheckpointException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CheckpointException cause) {
        return new FailureAnalysis("The model checkpoint cannot be loaded: " + cause.getMessage(),
                "Point PUYU_MODEL (or --model) at a Hugging Face InternLM2 checkpoint directory,"
                        + " or leave it unset to serve the generated demo model.", cause);
    }
}

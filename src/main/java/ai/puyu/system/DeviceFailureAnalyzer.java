package ai.puyu.system;

import ai.puyu.engine.cuda.CudaUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a backend that cannot start (CUDA asked for and unusable) into one clear startup failure message. */
class DeviceFailureAnalyzer extends AbstractFailureAnalyzer<CudaUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CudaUnavailableException cause) {
        return new FailureAnalysis("The CUDA backend cannot start: " + cause.getMessage(),
                "Set PUYU_DEVICE=cpu (or auto, which falls back to the CPU), or fix the GPU setup the message names.",
                cause);
    }
}

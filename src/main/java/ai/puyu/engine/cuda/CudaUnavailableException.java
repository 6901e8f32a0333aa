package ai.puyu.engine.cuda;

/** The CUDA backend was asked for (or is needed) and cannot run here; the message says why. */
public final class CudaUnavailableException extends IllegalStateException {

    public CudaUnavailableException(String message) {
        super(message);
    }
}

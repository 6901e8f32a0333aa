package ai.puyu.engine.cuda;

/** Finds out whether CUDA can be used here; never throws. */
@FunctionalInterface
public interface CudaProbe {

    CudaAvailability probe();
}

package ai.puyu.engine.cuda;

import org.junit.jupiter.api.Assumptions;

/** Skips a GPU test with the stated reason "no CUDA device: (probe reason)" where there is none. */
final class GpuAssumptions {

    private GpuAssumptions() {
    }

    static void assumeCuda() {
        CudaAvailability a = CudaDriver.INSTANCE.probe();
        Assumptions.assumeTrue(a.available(), () -> "no CUDA device: " + a.reason());
    }

    /** Largest |a - b| over the largest |b| (the CPU twin's scale). */
    static double relativeError(float[] actual, float[] expected) {
        double maxDiff = 0;
        double maxRef = 1e-30;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / maxRef;
    }
}

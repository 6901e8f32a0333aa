package ai.puyu.engine.cuda;

/**
 * One CUDA device as the driver reports it.
 *
 * @param ordinal     device number for cuDeviceGet
 * @param name        e.g. "NVIDIA H100 80GB HBM3"
 * @param totalMemory bytes of device memory
 * @param major       compute capability major (8 = Ampere, 9 = Hopper)
 * @param minor       compute capability minor
 */
public record CudaDevice(int ordinal, String name, long totalMemory, int major, int minor) {

    /** The kernels use bf16 tensor cores (WMMA): compute capability 8.0 or newer. */
    public boolean supported() {
        return major >= 8;
    }

    @Override
    public String toString() {
        return name + " (sm_" + major + minor + ", " + CudaException.gib(totalMemory) + ")";
    }
}

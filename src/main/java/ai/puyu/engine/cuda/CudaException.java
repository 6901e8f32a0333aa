package ai.puyu.engine.cuda;

import jcuda.driver.CUresult;

/**
 * A CUDA driver call that failed, named with the call and the CUresult, e.g.
 * {@code cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY while allocating KV cache (2.0 GiB)}. It fails the request
 * that caused it, not the process.
 */
public final class CudaException extends RuntimeException {

    private final String call;
    private final int result;

    public CudaException(String call, int result, String context) {
        super(message(call, result, context));
        this.call = call;
        this.result = result;
    }

    /** The driver function that failed, e.g. {@code cuLaunchKernel}. */
    public String call() {
        return call;
    }

    /** The CUresult code. */
    public int result() {
        return result;
    }

    /** Throws a {@link CudaException} unless {@code result} is CUDA_SUCCESS. */
    public static void check(int result, String call, String context) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(call, result, context);
        }
    }

    /** Throws a {@link CudaException} unless {@code result} is CUDA_SUCCESS. */
    public static void check(int result, String call) {
        check(result, call, null);
    }

    static String message(String call, int result, String context) {
        String name = CUresult.stringFor(result);
        if (name == null || name.startsWith("INVALID CUresult")) {
            name = "CUresult " + result;
        }
        return call + " failed: " + name + (context == null || context.isEmpty() ? "" : " while " + context);
    }

    /** Bytes as GiB with one decimal, for messages. */
    public static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}

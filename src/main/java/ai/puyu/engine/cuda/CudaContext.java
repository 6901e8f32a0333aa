package ai.puyu.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * One device's primary context with Puyu's kernel module loaded, and checked helpers for device memory.
 * Every driver call goes through {@link CudaException#check}. The context is made current on the calling
 * thread by {@link #makeCurrent()} (the engine loop calls it before each step).
 */
public final class CudaContext implements AutoCloseable {

    /** The committed fatbin (sm_80, sm_90 SASS and compute_90 PTX), built by ops/cuda/build.sh. */
    public static final String FATBIN = "/cuda/puyu_kernels.fatbin";
    private static final long UPLOAD_CHUNK = 256L << 20;

    private final CudaDevice device;
    private final CUdevice handle = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private boolean closed;

    /** Opens device {@code ordinal}; the caller has probed that CUDA is available. */
    public CudaContext(int ordinal) {
        CudaAvailability a = CudaDriver.INSTANCE.probe();
        if (!a.available()) {
            throw new IllegalStateException("CUDA is unavailable: " + a.reason());
        }
        this.device = CudaDriver.describe(ordinal);
        CudaException.check(JCudaDriver.cuDeviceGet(handle, ordinal), "cuDeviceGet");
        CudaException.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, handle), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        CudaException.check(JCudaDriver.cuModuleLoadData(module, readResource(FATBIN)), "cuModuleLoadData",
                "loading " + FATBIN + " on " + device);
    }

    public CudaDevice device() {
        return device;
    }

    CUmodule module() {
        return module;
    }

    public void makeCurrent() {
        CudaException.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Bytes of device memory free now (cuMemGetInfo). */
    public long freeMemory() {
        long[] free = new long[1];
        long[] total = new long[1];
        makeCurrent();
        CudaException.check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return free[0];
    }

    /** Allocates device memory; {@code what} names it in the error (e.g. "KV cache"). */
    public CUdeviceptr alloc(long bytes, String what) {
        CUdeviceptr p = new CUdeviceptr();
        CudaException.check(JCudaDriver.cuMemAlloc(p, Math.max(bytes, 1)), "cuMemAlloc",
                "allocating " + what + " (" + CudaException.gib(bytes) + ")");
        return p;
    }

    public void free(CUdeviceptr p) {
        if (p != null) {
            CudaException.check(JCudaDriver.cuMemFree(p), "cuMemFree");
        }
    }

    /** Copies off-heap bytes (e.g. a memory-mapped tensor) to the device, in chunks. */
    public void upload(CUdeviceptr dst, MemorySegment src) {
        long size = src.byteSize();
        for (long off = 0; off < size; off += UPLOAD_CHUNK) {
            long len = Math.min(UPLOAD_CHUNK, size - off);
            ByteBuffer b = src.asSlice(off, len).asByteBuffer();
            CudaException.check(JCudaDriver.cuMemcpyHtoD(dst.withByteOffset(off), Pointer.to(b), len), "cuMemcpyHtoD");
        }
    }

    public void upload(CUdeviceptr dst, float[] src, int count) {
        CudaException.check(JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(src), (long) count * Float.BYTES), "cuMemcpyHtoD");
    }

    public void upload(CUdeviceptr dst, int[] src, int count) {
        CudaException.check(JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(src), (long) count * Integer.BYTES), "cuMemcpyHtoD");
    }

    public void download(float[] dst, CUdeviceptr src, int count) {
        CudaException.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), src, (long) count * Float.BYTES), "cuMemcpyDtoH");
    }

    public void download(int[] dst, CUdeviceptr src, int count) {
        CudaException.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), src, (long) count * Integer.BYTES), "cuMemcpyDtoH");
    }

    /** Waits for the device; a kernel's asynchronous failure surfaces here. */
    public void synchronize(String what) {
        CudaException.check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize", what);
    }

    static byte[] readResource(String name) {
        try (InputStream in = CudaContext.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("CUDA kernels " + name + " missing from the classpath (run ops/cuda/build.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CUDA kernels " + name + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            JCudaDriver.cuModuleUnload(module);
            JCudaDriver.cuDevicePrimaryCtxRelease(handle);
        }
    }
}

package ai.puyu.engine.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The real {@link CudaProbe}: loads JCuda's driver binding lazily (the first probe), calls cuInit and lists the
 * devices. Whatever goes wrong (JCuda's native library failing to load, no libcuda.so.1, a cuInit error, no
 * device, only devices older than sm_80) becomes an "unavailable" answer with the reason; nothing is thrown.
 * The answer is computed once per process.
 */
public final class CudaDriver implements CudaProbe {

    /** The process-wide probe. */
    public static final CudaDriver INSTANCE = new CudaDriver();

    private volatile CudaAvailability answer;

    private CudaDriver() {
    }

    @Override
    public CudaAvailability probe() {
        CudaAvailability a = answer;
        if (a == null) {
            synchronized (this) {
                if (answer == null) {
                    answer = safeProbe();
                }
                a = answer;
            }
        }
        return a;
    }

    private static CudaAvailability safeProbe() {
        try {
            return initAndList();
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, jcuda.CudaException...
            return CudaAvailability.unavailable(loadFailure(t));
        }
    }

    /** The reason for a failure to load or call the driver binding, in one line. */
    static String loadFailure(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = String.valueOf(root.getMessage()).replace('\n', ' ');
        if (msg.contains("libcuda")) {
            return "no NVIDIA driver: libcuda.so.1 could not be loaded (" + msg + ")";
        }
        return "JCuda's native driver library could not be loaded: " + root.getClass().getSimpleName() + ": " + msg;
    }

    private static CudaAvailability initAndList() {
        JCudaDriver.setExceptionsEnabled(false);
        int r = JCudaDriver.cuInit(0);
        if (r != CUresult.CUDA_SUCCESS) {
            return CudaAvailability.unavailable("cuInit failed: " + CUresult.stringFor(r));
        }
        int[] count = new int[1];
        r = JCudaDriver.cuDeviceGetCount(count);
        if (r != CUresult.CUDA_SUCCESS) {
            return CudaAvailability.unavailable("cuDeviceGetCount failed: " + CUresult.stringFor(r));
        }
        if (count[0] == 0) {
            return CudaAvailability.unavailable("the CUDA driver reports no devices");
        }
        List<CudaDevice> devices = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            devices.add(describe(i));
        }
        List<CudaDevice> usable = devices.stream().filter(CudaDevice::supported).toList();
        if (usable.isEmpty()) {
            return CudaAvailability.unavailable("no device of compute capability 8.0 or newer (found " + devices + ")");
        }
        return new CudaAvailability(true, "found " + usable, usable);
    }

    /** Name, memory and compute capability of device {@code ordinal}. */
    static CudaDevice describe(int ordinal) {
        CUdevice dev = new CUdevice();
        CudaException.check(JCudaDriver.cuDeviceGet(dev, ordinal), "cuDeviceGet");
        byte[] name = new byte[256];
        CudaException.check(JCudaDriver.cuDeviceGetName(name, name.length, dev), "cuDeviceGetName");
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        long[] mem = new long[1];
        CudaException.check(JCudaDriver.cuDeviceTotalMem(mem, dev), "cuDeviceTotalMem");
        int[] major = new int[1];
        int[] minor = new int[1];
        CudaException.check(JCudaDriver.cuDeviceGetAttribute(major,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev), "cuDeviceGetAttribute");
        CudaException.check(JCudaDriver.cuDeviceGetAttribute(minor,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev), "cuDeviceGetAttribute");
        return new CudaDevice(ordinal, new String(name, 0, len, java.nio.charset.StandardCharsets.US_ASCII),
                mem[0], major[0], minor[0]);
    }
}

package ai.puyu.engine.cuda;

import java.util.List;

/**
 * What a {@link CudaProbe} found: usable devices, or the reason there are none.
 *
 * @param available true when the driver loaded and at least one supported device exists
 * @param reason    a one-line explanation for the log (why CUDA is or is not usable)
 * @param devices   the devices found // empty when unavailable
 */
public record CudaAvailability(boolean available, String reason, List<CudaDevice> devices) {

    public CudaAvailability {
        devices = List.copyOf(devices);
    }

    public static CudaAvailability unavailable(String reason) {
        return new CudaAvailability(false, reason, List.of());
    }
}

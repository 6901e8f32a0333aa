package ai.puyu.engine.cuda;

import java.util.Locale;

/**
 * Resolves {@code puyu.engine.device} ({@code auto | cpu | cuda}) into the backend to start, with the reason to
 * log. {@code auto} takes CUDA when the probe finds a usable device and falls back to the CPU otherwise;
 * {@code cuda} with no usable device is a startup error; {@code cpu} never probes.
 *
 * @param device the chosen backend
 * @param reason why, for the startup log
 */
public record DeviceSelection(Device device, String reason) {

    /** The backends. */
    public enum Device { CPU, CUDA }

    /**
     * @throws IllegalArgumentException for a setting other than auto, cpu or cuda
     * @throws CudaUnavailableException when cuda is requested and the probe finds no usable device
     */
    public static DeviceSelection resolve(String setting, CudaProbe probe) {
        String s = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "cpu":
                return new DeviceSelection(Device.CPU, "puyu.engine.device=cpu");
            case "cuda": {
                CudaAvailability a = probe.probe();
                if (!a.available()) {
                    throw new CudaUnavailableException("puyu.engine.device=cuda but CUDA is unavailable: " + a.reason());
                }
                return new DeviceSelection(Device.CUDA, "puyu.engine.device=cuda: " + a.reason());
            }
            case "auto": {
                CudaAvailability a = probe.probe();
                return a.available()
                        ? new DeviceSelection(Device.CUDA, "puyu.engine.device=auto chose CUDA: " + a.reason())
                        : new DeviceSelection(Device.CPU, "puyu.engine.device=auto fell back to the CPU: " + a.reason());
            }
            default:
                throw new IllegalArgumentException("puyu.engine.device must be auto, cpu or cuda, not '" + setting + "'");
        }
    }
}

package ai.puyu.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeviceSelectionTests {

    private static final CudaProbe ABSENT = () -> CudaAvailability.unavailable("no NVIDIA driver: libcuda.so.1 missing");
    private static final CudaProbe PRESENT = () -> new CudaAvailability(true, "found [H100]",
            List.of(new CudaDevice(0, "H100", 80L << 30, 9, 0)));

    @Test
    void autoFallsBackToCpuWithTheProbeReason() {
        DeviceSelection s = DeviceSelection.resolve("auto", ABSENT);
        assertThat(s.device()).isEqualTo(DeviceSelection.Device.CPU);
        assertThat(s.reason()).contains("fell back to the CPU").contains("libcuda.so.1 missing");
    }

    @Test
    void autoChoosesCudaWhenADeviceIsFound() {
        DeviceSelection s = DeviceSelection.resolve("AUTO", PRESENT);
        assertThat(s.device()).isEqualTo(DeviceSelection.Device.CUDA);
        assertThat(s.reason()).contains("found [H100]");
    }

    @Test
    void blankSettingMeansAuto() {
        assertThat(DeviceSelection.resolve(" ", PRESENT).device()).isEqualTo(DeviceSelection.Device.CUDA);
        assertThat(DeviceSelection.resolve(null, ABSENT).device()).isEqualTo(DeviceSelection.Device.CPU);
    }

    @Test
    void cudaRequestedButUnavailableIsAStartupError() {
        assertThatThrownBy(() -> DeviceSelection.resolve("cuda", ABSENT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("puyu.engine.device=cuda but CUDA is unavailable: no NVIDIA driver: libcuda.so.1 missing");
        assertThat(DeviceSelection.resolve("cuda", PRESENT).device()).isEqualTo(DeviceSelection.Device.CUDA);
    }

    @Test
    void cpuNeverProbes() {
        AtomicInteger calls = new AtomicInteger();
        DeviceSelection s = DeviceSelection.resolve("cpu", () -> {
            calls.incrementAndGet();
            return PRESENT.probe();
        });
        assertThat(s.device()).isEqualTo(DeviceSelection.Device.CPU);
        assertThat(calls).hasValue(0);
    }

    @Test
    void unknownSettingIsRejectedByName() {
        assertThatThrownBy(() -> DeviceSelection.resolve("gpu", PRESENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("puyu.engine.device must be auto, cpu or cuda, not 'gpu'");
    }
}

package ai.puyu.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.PuyuApplication;
import ai.puyu.engine.cuda.CudaAvailability;
import ai.puyu.engine.cuda.CudaDevice;
import ai.puyu.engine.cuda.CudaDriver;
import ai.puyu.engine.cuda.CudaProbe;
import ai.puyu.engine.cuda.CudaUnavailableException;
import ai.puyu.engine.kv.KvDType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** How {@code puyu.engine.device} and {@code puyu.engine.quant} choose the backend at startup. */
class DeviceWiringTests {

    private static final CudaProbe ABSENT = () -> CudaAvailability.unavailable("no NVIDIA driver: libcuda.so.1 missing");
    private static final CudaProbe PRESENT = () -> new CudaAvailability(true, "found [H100]",
            List.of(new CudaDevice(0, "H100", 80L << 30, 9, 0)));

    @TempDir
    Path tmp;

    private static PuyuProperties.Engine engine(PuyuProperties.Device device, String quant) {
        return engine(device, quant, "f32");
    }

    private static PuyuProperties.Engine engine(PuyuProperties.Device device, String quant, String kvDtype) {
        return new PuyuProperties.Engine(device, 0, quant, 16, 64, 0, null, true, kvDtype);
    }

    @Test
    void anInt8KvCacheRunsOnTheCpuUnderAutoIsRefusedUnderCudaAndReachesTheEngineConfig() {
        assertThat(ModelWiring.backend(engine(PuyuProperties.Device.AUTO, "none", "int8"), PRESENT)).isEqualTo("cpu");
        assertThatThrownBy(() -> ModelWiring.backend(engine(PuyuProperties.Device.CUDA, "none", "int8"), PRESENT))
                .isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining("kv-cache-dtype=int8 runs on the CPU only");
        assertThat(EngineWiring.engineConfig(engine(PuyuProperties.Device.CPU, "none", "int8")).kvCacheDtype())
                .isEqualTo(KvDType.INT8);
        assertThat(EngineWiring.engineConfig(engine(PuyuProperties.Device.CPU, "none")).kvCacheDtype())
                .isEqualTo(KvDType.F32);
    }

    @Test
    void autoTakesCudaWhenTheProbeFindsADeviceAndTheCpuOtherwise() {
        assertThat(ModelWiring.backend(engine(PuyuProperties.Device.AUTO, "none"), PRESENT)).isEqualTo("cuda");
        assertThat(ModelWiring.backend(engine(PuyuProperties.Device.AUTO, "q8"), PRESENT)).isEqualTo("cuda");
        assertThat(ModelWiring.backend(engine(PuyuProperties.Device.AUTO, "none"), ABSENT)).isEqualTo("cpu");
    }

    @Test
    void cpuNeverUsesTheGpu() {
        assertThat(ModelWiring.backend(engine(PuyuProperties.Device.CPU, "none"), PRESENT)).isEqualTo("cpu");
    }

    @Test
    void q4WeightsRunOnTheCpuUnderAutoAndAreRefusedUnderCuda() {
        assertThat(ModelWiring.backend(engine(PuyuProperties.Device.AUTO, "q4"), PRESENT)).isEqualTo("cpu");
        assertThatThrownBy(() -> ModelWiring.backend(engine(PuyuProperties.Device.CUDA, "q4"), PRESENT))
                .isInstanceOf(CudaUnavailableException.class)
                .hasMessageContaining("q4 runs on the CPU only");
    }

    @Test
    void cudaWithoutAUsableDeviceIsOneClearStartupFailure() {
        var failure = new BeanCreationException("loadedModel", "wrapped",
                new CudaUnavailableException("puyu.engine.device=cuda but CUDA is unavailable: no NVIDIA driver"));
        FailureAnalysis analysis = new DeviceFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription())
                .isEqualTo("The CUDA backend cannot start: puyu.engine.device=cuda but CUDA is unavailable: no NVIDIA driver");
        assertThat(analysis.getAction()).contains("PUYU_DEVICE=cpu");
    }

    @Test
    void startingWithDeviceCudaOnAMachineWithoutAGpuFailsWithTheProbeReason() {
        CudaAvailability here = CudaDriver.INSTANCE.probe();
        org.junit.jupiter.api.Assumptions.assumeFalse(here.available(), "this machine has a usable GPU");
        assertThatThrownBy(() -> new SpringApplicationBuilder(PuyuApplication.class)
                .run("--server.port=0", "--puyu.data-dir=" + tmp, "--puyu.engine.device=cuda").close())
                .rootCause().isInstanceOf(CudaUnavailableException.class)
                .hasMessage("puyu.engine.device=cuda but CUDA is unavailable: " + here.reason());
    }
}

package ai.puyu.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The probe answers on any machine, with or without a GPU, and never throws. */
class CudaDriverTests {

    @Test
    void probeAnswersWithAReasonAndDoesNotThrow() {
        assertThatCode(CudaDriver.INSTANCE::probe).doesNotThrowAnyException();
        CudaAvailability a = CudaDriver.INSTANCE.probe();
        assertThat(a.reason()).isNotBlank().doesNotContain("\n");
        if (a.available()) {
            assertThat(a.devices()).isNotEmpty().allMatch(CudaDevice::supported);
        } else {
            assertThat(a.devices()).isEmpty();
        }
        assertThat(CudaDriver.INSTANCE.probe()).isSameAs(a);
    }

    @Test
    void reportsUnavailableWhereThereIsNoDriver() {
        boolean driverInstalled = java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1"))
                || java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib64/libcuda.so.1"))
                || System.getenv("LD_LIBRARY_PATH") != null && System.getenv("LD_LIBRARY_PATH").contains("cuda");
        org.junit.jupiter.api.Assumptions.assumeFalse(driverInstalled, "this machine has an NVIDIA driver");
        CudaAvailability a = CudaDriver.INSTANCE.probe();
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).containsAnyOf("libcuda", "JCuda", "cuInit", "no devices");
    }

    @Test
    void loadFailureNamesTheMissingDriverLibrary() {
        Throwable t = new ExceptionInInitializerError(
                new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file: No such file or directory"));
        assertThat(CudaDriver.loadFailure(t)).startsWith("no NVIDIA driver: libcuda.so.1 could not be loaded (");
        assertThat(CudaDriver.loadFailure(new UnsatisfiedLinkError("JCudaDriver-12.6.0-linux-x86_64 not found")))
                .isEqualTo("JCuda's native driver library could not be loaded: UnsatisfiedLinkError: "
                        + "JCudaDriver-12.6.0-linux-x86_64 not found");
    }
}

package ai.puyu.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

class CudaExceptionTests {

    @Test
    void namesTheCallTheResultAndTheContext() {
        CudaException e = new CudaException("cuMemAlloc", CUresult.CUDA_ERROR_OUT_OF_MEMORY,
                "allocating KV cache (" + CudaException.gib(2L << 30) + ")");
        assertThat(e).hasMessage("cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY while allocating KV cache (2.0 GiB)");
        assertThat(e.call()).isEqualTo("cuMemAlloc");
        assertThat(e.result()).isEqualTo(2);
    }

    @Test
    void checkPassesSuccessAndThrowsOnAnError() {
        assertThatCode(() -> CudaException.check(CUresult.CUDA_SUCCESS, "cuInit")).doesNotThrowAnyException();
        assertThatThrownBy(() -> CudaException.check(CUresult.CUDA_ERROR_LAUNCH_FAILED, "cuCtxSynchronize"))
                .isInstanceOf(CudaException.class)
                .hasMessage("cuCtxSynchronize failed: CUDA_ERROR_LAUNCH_FAILED");
    }

    @Test
    void unknownCodesAreShownAsNumbers() {
        assertThat(new CudaException("cuLaunchKernel", 123456, null))
                .hasMessage("cuLaunchKernel failed: CUresult 123456");
    }
}

package ai.puyu.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed fatbin and PTX were built from the current kernel source, and that source still compiles. */
class CudaArtifactsTests {

    private static final Path SOURCE = Path.of("src/main/cuda/puyu_kernels.cu");
    private static final Path RESOURCES = Path.of("src/main/resources/cuda");

    @Test
    void committedArtifactsMatchTheSourceHash() throws Exception {
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SOURCE)));
        String recorded = Files.readString(RESOURCES.resolve("puyu_kernels.sha256")).trim();
        assertThat(recorded).as("src/main/resources/cuda is stale: run ops/cuda/build.sh").isEqualTo(actual);
    }

    @Test
    void fatbinIsOnTheClasspathAndSmall() throws IOException {
        byte[] fatbin = CudaContext.readResource(CudaContext.FATBIN);
        assertThat(fatbin.length).isBetween(10_000, 8 << 20);
        String ptx = Files.readString(RESOURCES.resolve("puyu_kernels.ptx"));
        for (String kernel : new String[] {"puyu_embed", "puyu_rmsnorm", "puyu_gemv16", "puyu_gemv_q8", "puyu_gemm_bf16",
                "puyu_gemm_f16", "puyu_gemm_f32", "puyu_rope", "puyu_kv_store", "puyu_attention", "puyu_silu_mul",
                "puyu_add", "puyu_argmax", "puyu_topk", "puyu_gather_rows"}) {
            assertThat(ptx).contains(".entry " + kernel + "(");
        }
    }

    @Test
    void sourceRecompilesWithNvcc(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(onPath("nvcc"), "nvcc is not on PATH: the committed artifacts are used as they are");
        Process p = new ProcessBuilder("bash", "ops/cuda/build.sh", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(Files.size(out.resolve("puyu_kernels.fatbin"))).isBetween(10_000L, 8L << 20);
        assertThat(Files.readString(out.resolve("puyu_kernels.sha256")))
                .isEqualTo(Files.readString(RESOURCES.resolve("puyu_kernels.sha256")));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}

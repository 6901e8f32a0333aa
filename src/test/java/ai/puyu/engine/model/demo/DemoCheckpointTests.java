package ai.puyu.engine.model.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.puyu.engine.model.Checkpoint;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCheckpointTests {

    @TempDir
    Path tmp;

    private Path write(String name, long seed, DType dtype) throws IOException {
        Path dir = tmp.resolve(name);
        DemoCheckpoint.write(dir, new DemoCheckpoint.Options("tiny", seed, dtype, null), LoadProgress.NONE);
        return dir;
    }

    @Test
    void sameSeedGivesIdenticalFilesAndAnotherSeedDifferentWeights() throws IOException {
        byte[] a = Files.readAllBytes(write("a", 1, DType.BF16).resolve("model.safetensors"));
        byte[] b = Files.readAllBytes(write("b", 1, DType.BF16).resolve("model.safetensors"));
        byte[] c = Files.readAllBytes(write("c", 2, DType.BF16).resolve("model.safetensors"));
        assertThat(a).isEqualTo(b);
        assertThat(c).hasSameSizeAs(a).isNotEqualTo(a);
    }

    @Test
    void matricesHaveStandardDeviationNear002AndNormsNearOne() throws IOException {
        try (Checkpoint c = Checkpoint.open(write("f32", 3, DType.F32))) {
            double[] m = moments(c.weights().layers().getFirst().w1());
            assertThat(m[0]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.001));
            assertThat(m[1]).isCloseTo(0.02, org.assertj.core.data.Offset.offset(0.001));
            double[] n = moments(c.weights().norm());
            assertThat(n[0]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(n[1]).isBetween(0.01, 0.05);
        }
    }

    @Test
    void bf16AndF16HoldTheF32ValuesRounded() throws IOException {
        try (Checkpoint f32 = Checkpoint.open(write("x32", 5, DType.F32));
             Checkpoint bf = Checkpoint.open(write("xbf", 5, DType.BF16));
             Checkpoint h = Checkpoint.open(write("xh", 5, DType.F16))) {
            Tensor t32 = f32.weights().output();
            Tensor tbf = bf.weights().output();
            Tensor th = h.weights().output();
            assertThat(bf.dtype()).isEqualTo(DType.BF16);
            assertThat(h.checkpointConfig().torchDtype()).isEqualTo("float16");
            var f = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            var s = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 1000; i++) {
                float v = t32.data().getAtIndex(f, i);
                float vb = Float.intBitsToFloat(tbf.data().getAtIndex(s, i) << 16);
                float vh = Float.float16ToFloat(th.data().getAtIndex(s, i));
                assertThat(vb).isCloseTo(v, org.assertj.core.data.Offset.offset(Math.abs(v) / 128 + 1e-9f));
                assertThat(vh).isCloseTo(v, org.assertj.core.data.Offset.offset(Math.abs(v) / 1024 + 1e-7f));
            }
        }
    }

    @Test
    void refusesToWriteIntoANonEmptyDirectory() throws IOException {
        Path dir = write("full", 1, DType.BF16);
        assertThatThrownBy(() -> DemoCheckpoint.write(dir, new DemoCheckpoint.Options("tiny", 1, DType.BF16, null),
                LoadProgress.NONE)).hasMessage(dir + " already exists and is not empty");
    }

    @Test
    void copiesAGivenTokenizerAndTakesItsVocabulary() throws IOException {
        Path real = Path.of("/work/shared/internlm2/tokenizer.model");
        assumeTrue(Files.exists(real), "the real InternLM2 tokenizer is not available");
        Path dir = tmp.resolve("real-tok");
        DemoCheckpoint.write(dir, new DemoCheckpoint.Options("tiny", 1, DType.BF16, real), LoadProgress.NONE);
        assertThat(Files.mismatch(real, dir.resolve("tokenizer.model"))).isEqualTo(-1);
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(c.config().vocabSize()).isEqualTo(92544);
            assertThat(c.generation().stopTokenIds()).containsExactly(2, 92542);
            var json = tools.jackson.databind.json.JsonMapper.shared()
                    .readTree(Files.readString(c.tokenizerConfig().orElseThrow()));
            assertThat(json.get("added_tokens_decoder").get("92543").get("content").asString())
                    .isEqualTo("<|im_start|>");
            assertThat(json.get("added_tokens_decoder").get("92538").get("content").asString())
                    .isEqualTo("<|plugin|>");
        }
    }

    private static double[] moments(Tensor t) {
        var f = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        long n = t.elementCount();
        double sum = 0;
        double sq = 0;
        for (long i = 0; i < n; i++) {
            double v = t.data().getAtIndex(f, i);
            sum += v;
            sq += v * v;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(sq / n - mean * mean)};
    }
}

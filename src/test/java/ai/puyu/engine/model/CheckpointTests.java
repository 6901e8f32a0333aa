package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.engine.format.SafetensorsEntry;
import ai.puyu.engine.format.SafetensorsFile;
import ai.puyu.engine.format.SafetensorsWriter;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.tensor.DType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTests {

    @TempDir
    Path tmp;

    private Path tiny() throws IOException {
        Path dir = tmp.resolve("tiny");
        DemoCheckpoint.write(dir, new DemoCheckpoint.Options("tiny", 7, DType.BF16, null), LoadProgress.NONE);
        return dir;
    }

    /** A tiny checkpoint split into shards of at most 200 KB (several shards). */
    private Path sharded() throws IOException {
        Path dir = tmp.resolve("sharded");
        DemoCheckpoint.write(dir, new DemoCheckpoint.Options("tiny", 7, DType.BF16, null, 200_000), LoadProgress.NONE);
        return dir;
    }

    /** Rewrites model.safetensors with the specs {@code edit} returns (data all zero). */
    private static void rewrite(Path dir, UnaryOperator<List<SafetensorsWriter.Spec>> edit) throws IOException {
        Path file = dir.resolve("model.safetensors");
        List<SafetensorsWriter.Spec> specs = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            for (SafetensorsEntry e : SafetensorsFile.open(file, arena).entries().values()) {
                specs.add(new SafetensorsWriter.Spec(e.name(), e.dtype(), e.shape()));
            }
        }
        SafetensorsWriter.write(file, edit.apply(specs), Map.of(), (spec, sink) -> {
            for (long left = spec.byteSize(); left > 0; left -= 4096) {
                sink.put(ByteBuffer.allocate((int) Math.min(4096, left)));
            }
        }, null);
    }

    private static List<SafetensorsWriter.Spec> replace(List<SafetensorsWriter.Spec> specs, String name,
                                                        SafetensorsWriter.Spec with) {
        List<SafetensorsWriter.Spec> out = new ArrayList<>();
        for (SafetensorsWriter.Spec s : specs) {
            if (!s.name().equals(name)) {
                out.add(s);
            } else if (with != null) {
                out.add(with);
            }
        }
        return out;
    }

    @Test
    void opensTheTinyDemoCheckpointWithEveryTensorCheckedAndMapped() throws IOException {
        List<long[]> updates = new ArrayList<>();
        try (Checkpoint c = Checkpoint.open(tiny(), (done, total, t) -> updates.add(new long[] {done, total}))) {
            ModelConfig cfg = c.config();
            assertThat(cfg).isEqualTo(ModelConfig.preset("tiny", 1024));
            assertThat(c.demo()).isTrue();
            assertThat(c.dtype()).isEqualTo(DType.BF16);
            assertThat(c.checkpointConfig().torchDtype()).isEqualTo("bfloat16");
            assertThat(c.generation().stopTokenIds()).containsExactly(2, 1022);
            assertThat(c.tokenizerModel()).isRegularFile();
            assertThat(c.tokenizerConfig()).isPresent();
            assertThat(c.name()).isEqualTo("tiny");
            assertThat(c.parameterCount()).isEqualTo(cfg.parameterCount());
            assertThat(c.weights().layers()).hasSize(2);
            assertThat(c.weights().layers().get(1).wqkv().shape()).containsExactly(256, 128); // (4 + 2*2) * 32
            assertThat(c.weights().output().shape()).containsExactly(1024, 128);
            assertThat(c.weights().tokEmbeddings().data().isMapped()).isTrue();
        }
        long total = updates.getLast()[1];
        assertThat(total).isEqualTo(ModelConfig.preset("tiny", 1024).parameterCount() * 2);
        assertThat(updates.getLast()[0]).isEqualTo(total);
        assertThat(updates).isSortedAccordingTo((a, b) -> Long.compare(a[0], b[0]));
    }

    @Test
    void opensAShardedCheckpointWithTheSameWeightsAsTheSingleFile() throws IOException {
        Path sharded = sharded();
        try (Stream<Path> files = Files.list(sharded)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")))
                    .hasSizeGreaterThan(2).allMatch(n -> n.matches("model-\\d{5}-of-\\d{5}\\.safetensors"));
        }
        try (Checkpoint one = Checkpoint.open(tiny()); Checkpoint many = Checkpoint.open(sharded)) {
            assertThat(many.weightFiles()).hasSizeGreaterThan(2);
            assertThat(many.weights().layers().get(1).w2().data().mismatch(one.weights().layers().get(1).w2().data()))
                    .isEqualTo(-1);
            assertThat(many.weights().output().data().mismatch(one.weights().output().data())).isEqualTo(-1);
        }
    }

    @Test
    void namesTheFileAndTensorWhenATensorIsMissing() throws IOException {
        Path dir = tiny();
        rewrite(dir, specs -> replace(specs, "model.layers.1.ffn_norm.weight", null));
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessage("model.safetensors: tensor model.layers.1.ffn_norm.weight is missing");
    }

    @Test
    void pointsAtTheMisnamedTensor() throws IOException {
        Path dir = tiny();
        rewrite(dir, specs -> replace(specs, "model.layers.0.attention.wo.weight",
                new SafetensorsWriter.Spec("model.layers.0.attention.o_proj.weight", DType.BF16, 128, 128)));
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessage("model.safetensors: tensor model.layers.0.attention.wo.weight is missing"
                        + " (unexpected tensors present: model.layers.0.attention.o_proj.weight)");
    }

    @Test
    void namesTheShapeFoundAndExpected() throws IOException {
        Path dir = tiny();
        rewrite(dir, specs -> replace(specs, "model.layers.1.attention.wo.weight",
                new SafetensorsWriter.Spec("model.layers.1.attention.wo.weight", DType.BF16, 128, 64)));
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessage("model.safetensors: tensor model.layers.1.attention.wo.weight has shape [128, 64],"
                        + " expected [128, 128]");
    }

    @Test
    void refusesUnsupportedDtypesNamingThem() throws IOException {
        Path dir = tiny();
        rewrite(dir, specs -> replace(specs, "model.norm.weight",
                new SafetensorsWriter.Spec("model.norm.weight", "F64", new long[] {128})));
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessage("model.safetensors: tensor model.norm.weight has unsupported dtype F64"
                        + " (supported: BF16, F16, F32)");
        rewrite(dir, specs -> replace(replace(specs, "model.norm.weight",
                new SafetensorsWriter.Spec("model.norm.weight", DType.BF16, 128)), "output.weight",
                new SafetensorsWriter.Spec("output.weight", "I8", new long[] {1024, 128})));
        assertThatThrownBy(() -> Checkpoint.open(dir)).hasMessageContaining("tensor output.weight has unsupported dtype I8");
    }

    @Test
    void namesTheTruncatedShard() throws IOException {
        Path dir = sharded();
        Path last = lastShard(dir);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 1);
        }
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(last.getFileName() + ": tensor output.weight: the file is truncated");
    }

    @Test
    void namesTheFileWithACorruptHeader() throws IOException {
        Path dir = tiny();
        try (FileChannel ch = FileChannel.open(dir.resolve("model.safetensors"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("garbage!".getBytes(StandardCharsets.US_ASCII)), 8);
        }
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("model.safetensors: corrupt safetensors header");
    }

    @Test
    void namesAShardTheIndexNamesButTheDirectoryLacks() throws IOException {
        Path dir = sharded();
        Path last = lastShard(dir);
        Files.delete(last);
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(last.getFileName() + ": missing from " + dir)
                .hasMessageEndingWith("(model.safetensors.index.json maps tensor output.weight to it)");
    }

    @Test
    void refusesOtherArchitectures() throws IOException {
        Path dir = tiny();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("InternLM2ForCausalLM", "LlamaForCausalLM"));
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointException.class)
                .hasMessage("config.json: architecture LlamaForCausalLM is not supported"
                        + " (Puyu runs InternLM2ForCausalLM, model_type internlm2)");
    }

    @Test
    void namesAMissingConfigKey() throws IOException {
        Path dir = tiny();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"hidden_size\"", "\"hidden_width\""));
        assertThatThrownBy(() -> Checkpoint.open(dir)).hasMessage("config.json: missing key hidden_size");
    }

    @Test
    void acceptsASingleEosIdInTheGenerationConfig() throws IOException {
        Path dir = tiny();
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 2, \"top_p\": 0.8}");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertThat(c.generation().stopTokenIds()).containsExactly(2);
            assertThat(c.generation().topP()).isEqualTo(0.8);
            assertThat(c.generation().temperature()).isNull();
        }
    }

    @Test
    void refusesADirectoryWithoutWeights() throws IOException {
        Path dir = tiny();
        Files.delete(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> Checkpoint.open(dir))
                .hasMessage(dir + ": no model.safetensors and no model.safetensors.index.json");
        assertThatThrownBy(() -> Checkpoint.open(tmp.resolve("nowhere")))
                .hasMessage("checkpoint directory " + tmp.resolve("nowhere") + " does not exist or is not a directory");
    }

    private static Path lastShard(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("model-.*\\.safetensors")).sorted()
                    .toList().getLast();
        }
    }
}

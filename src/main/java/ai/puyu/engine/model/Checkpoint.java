package ai.puyu.engine.model;

import ai.puyu.engine.format.SafetensorsEntry;
import ai.puyu.engine.format.SafetensorsException;
import ai.puyu.engine.format.SafetensorsFile;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.Tensor;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An InternLM2 checkpoint directory in the Hugging Face layout, opened and checked: its config,
 * generation defaults, tokenizer files, and weights memory-mapped read-only (never on the heap).
 * The weights stay valid until {@link #close()}.
 */
public final class Checkpoint implements AutoCloseable {

    private final Path directory;
    private final CheckpointConfig checkpointConfig;
    private final GenerationConfig generation;
    private final Path tokenizerModel;
    private final Path tokenizerConfig;
    private final ModelWeights weights;
    private final List<Path> weightFiles;
    private final Arena arena;

    private Checkpoint(Path directory, CheckpointConfig checkpointConfig, GenerationConfig generation,
                       Path tokenizerModel, Path tokenizerConfig, ModelWeights weights, List<Path> weightFiles,
                       Arena arena) {
        this.directory = directory;
        this.checkpointConfig = checkpointConfig;
        this.generation = generation;
        this.tokenizerModel = tokenizerModel;
        this.tokenizerConfig = tokenizerConfig;
        this.weights = weights;
        this.weightFiles = weightFiles;
        this.arena = arena;
    }

    /** Opens {@code dir} without progress reports. */
    public static Checkpoint open(Path dir) {
        return open(dir, LoadProgress.NONE);
    }

    /**
     * Opens and checks the checkpoint in {@code dir}.
     *
     * @throws CheckpointException with a one-line message naming the file and tensor at fault
     */
    public static Checkpoint open(Path dir, LoadProgress progress) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint directory " + dir + " does not exist or is not a directory");
        }
        CheckpointConfig config = CheckpointConfig.read(dir.resolve("config.json"));
        GenerationConfig generation = GenerationConfig.read(dir.resolve("generation_config.json"), config.model());
        Path tokenizer = dir.resolve("tokenizer.model");
        if (!Files.isRegularFile(tokenizer)) {
            throw new CheckpointException("tokenizer.model: missing from " + dir);
        }
        Path tokenizerConfig = dir.resolve("tokenizer_config.json");
        Arena arena = Arena.ofShared();
        try {
            WeightFiles files = WeightFiles.open(dir, arena);
            ModelWeights weights = bind(config.model(), files, progress);
            List<Path> paths = files.files().stream().map(SafetensorsFile::path).toList();
            return new Checkpoint(dir, config, generation, tokenizer,
                    Files.isRegularFile(tokenizerConfig) ? tokenizerConfig : null, weights, paths, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static ModelWeights bind(ModelConfig config, WeightFiles files, LoadProgress progress) {
        List<WeightLayout.Entry> layout = WeightLayout.entries(config);
        Set<String> expectedNames = new HashSet<>();
        layout.forEach(e -> expectedNames.add(e.name()));
        long total = 0;
        for (WeightLayout.Entry e : layout) {
            SafetensorsFile f = files.fileOf(e.name());
            SafetensorsEntry entry = f == null ? null : f.entries().get(e.name());
            total += entry == null ? 0 : entry.byteSize();
        }
        Map<String, Tensor> tensors = new HashMap<>();
        long done = 0;
        for (WeightLayout.Entry e : layout) {
            Tensor t = tensor(e, files, expectedNames);
            tensors.put(e.name(), t);
            done += t.data().byteSize();
            progress.update(done, total, e.name());
        }
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            layers.add(new LayerWeights(
                    tensors.get(WeightLayout.attentionNorm(l)),
                    tensors.get(WeightLayout.wqkv(l)),
                    tensors.get(WeightLayout.wo(l)),
                    tensors.get(WeightLayout.ffnNorm(l)),
                    tensors.get(WeightLayout.w1(l)),
                    tensors.get(WeightLayout.w3(l)),
                    tensors.get(WeightLayout.w2(l))));
        }
        return new ModelWeights(tensors.get(WeightLayout.TOK_EMBEDDINGS), layers,
                tensors.get(WeightLayout.NORM), tensors.get(WeightLayout.OUTPUT));
    }

    private static Tensor tensor(WeightLayout.Entry expected, WeightFiles files, Set<String> expectedNames) {
        String name = expected.name();
        SafetensorsFile file = files.fileOf(name);
        if (file == null) {
            List<String> extra = files.unexpected(expectedNames);
            throw new CheckpointException(files.source() + ": tensor " + name + " is missing"
                    + (extra.isEmpty() ? "" : " (unexpected tensors present: "
                    + String.join(", ", extra.subList(0, Math.min(3, extra.size())))
                    + (extra.size() > 3 ? ", ..." : "") + ")"));
        }
        if (!file.contains(name)) {
            throw new CheckpointException(file.fileName() + ": tensor " + name + " is missing ("
                    + WeightFiles.INDEX + " maps it to this file)");
        }
        Tensor t;
        try {
            t = file.tensor(name);
        } catch (SafetensorsException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        if (!Arrays.equals(t.shape(), expected.shape())) {
            throw new CheckpointException(file.fileName() + ": tensor " + name + " has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expected.shape()));
        }
        return t;
    }

    /** The checkpoint directory. */
    public Path directory() {
        return directory;
    }

    /** A display name: the directory's name. */
    public String name() {
        return String.valueOf(directory.toAbsolutePath().normalize().getFileName());
    }

    public ModelConfig config() {
        return checkpointConfig.model();
    }

    /** Everything config.json says, including the dtype it declares and the demo marker. */
    public CheckpointConfig checkpointConfig() {
        return checkpointConfig;
    }

    public GenerationConfig generation() {
        return generation;
    }

    /** The SentencePiece model file. */
    public Path tokenizerModel() {
        return tokenizerModel;
    }

    /** {@code tokenizer_config.json}, when the checkpoint has one (it names the special tokens). */
    public Optional<Path> tokenizerConfig() {
        return Optional.ofNullable(tokenizerConfig);
    }

    /** The weights, memory-mapped; valid until {@link #close()}. */
    public ModelWeights weights() {
        return weights;
    }

    /** The dtype of the token embeddings (InternLM2 checkpoints store every tensor in one dtype). */
    public DType dtype() {
        return weights.tokEmbeddings().dtype();
    }

    /** True for a demo checkpoint Puyu generated (random weights). */
    public boolean demo() {
        return checkpointConfig.demo();
    }

    /** Parameters, counted from the tensors. */
    public long parameterCount() {
        long n = weights.tokEmbeddings().elementCount() + weights.norm().elementCount()
                + weights.output().elementCount();
        for (LayerWeights l : weights.layers()) {
            n += l.attentionNorm().elementCount() + l.wqkv().elementCount() + l.wo().elementCount()
                    + l.ffnNorm().elementCount() + l.w1().elementCount() + l.w3().elementCount()
                    + l.w2().elementCount();
        }
        return n;
    }

    /** The safetensors files the weights come from. */
    public List<Path> weightFiles() {
        return weightFiles;
    }

    /** Unmaps the weights; every tensor of this checkpoint becomes unusable. */
    @Override
    public void close() {
        arena.close();
    }
}

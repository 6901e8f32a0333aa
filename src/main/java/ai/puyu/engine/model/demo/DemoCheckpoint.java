package ai.puyu.engine.model.demo;

import ai.puyu.engine.format.SafetensorsWriter;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.WeightLayout;
import ai.puyu.engine.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a complete InternLM2 checkpoint in the Hugging Face layout with deterministic random
 * weights: config, generation config, tokenizer files and safetensors weights (one file for small
 * models, shards plus {@code model.safetensors.index.json} for the real sizes). Weights are streamed,
 * so memory use does not grow with the model. The files are written to a temporary sibling directory
 * that is renamed into place at the end, so an interrupted run never leaves a half-written model.
 */
public final class DemoCheckpoint {

    /** Shards stay below this size, as Hugging Face's default shard size of about 2 GB does. */
    public static final long DEFAULT_SHARD_BYTES = 2_000_000_000L;

    /**
     * What to generate.
     *
     * @param preset        tiny, 1_8b, 7b or 20b (see {@link ModelConfig#preset})
     * @param seed          seed of the random weights
     * @param dtype         storage format of the weights
     * @param tokenizer     a SentencePiece model to copy, or null to generate a demo tokenizer
     * @param maxShardBytes largest shard; models that fit in one write a single {@code model.safetensors}
     */
    public record Options(String preset, long seed, DType dtype, Path tokenizer, long maxShardBytes) {

        public Options(String preset, long seed, DType dtype, Path tokenizer) {
            this(preset, seed, dtype, tokenizer, DEFAULT_SHARD_BYTES);
        }
    }

    /** The vocabulary of a generated demo tokenizer for a preset: 1024 for tiny, InternLM2's 92544 otherwise. */
    public static int demoVocab(String preset) {
        return preset.equals("tiny") ? 1024 : 92544;
    }

    private DemoCheckpoint() {
    }

    /**
     * Writes the checkpoint to {@code out}, which must not exist or be an empty directory.
     *
     * @return the model's configuration
     */
    public static ModelConfig write(Path out, Options options, LoadProgress progress) throws IOException {
        byte[] tokenizer = null;
        int vocab = demoVocab(options.preset());
        if (options.tokenizer() != null) {
            if (!Files.isRegularFile(options.tokenizer())) {
                throw new IllegalArgumentException("tokenizer file " + options.tokenizer() + " does not exist");
            }
            tokenizer = Files.readAllBytes(options.tokenizer());
            try {
                vocab = DemoTokenizer.countPieces(tokenizer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(options.tokenizer() + ": " + e.getMessage());
            }
        }
        ModelConfig config = ModelConfig.preset(options.preset(), vocab);
        if (Files.exists(out) && !isEmptyDirectory(out)) {
            throw new IllegalArgumentException(out + " already exists and is not empty");
        }
        Path absolute = out.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + ".partial-" + ProcessHandle.current().pid());
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        try {
            if (tokenizer != null) {
                Files.write(tmp.resolve("tokenizer.model"), tokenizer);
            } else {
                DemoTokenizer.write(tmp.resolve("tokenizer.model"), vocab);
            }
            int firstSpecial = vocab - DemoTokenizer.SPECIAL_TOKENS.size();
            int imEnd = firstSpecial + DemoTokenizer.SPECIAL_TOKENS.indexOf("<|im_end|>");
            Files.writeString(tmp.resolve("config.json"), DemoJson.config(config, options.dtype()));
            Files.writeString(tmp.resolve("generation_config.json"), DemoJson.generationConfig(config, imEnd));
            Files.writeString(tmp.resolve("tokenizer_config.json"),
                    DemoJson.tokenizerConfig(firstSpecial, config.maxPositionEmbeddings()));
            Files.writeString(tmp.resolve("special_tokens_map.json"), DemoJson.specialTokensMap());
            writeWeights(tmp, config, options, progress);
            if (Files.exists(absolute)) {
                Files.delete(absolute);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
        return config;
    }

    private static void writeWeights(Path dir, ModelConfig config, Options options, LoadProgress progress)
            throws IOException {
        List<SafetensorsWriter.Spec> specs = new ArrayList<>();
        for (WeightLayout.Entry e : WeightLayout.entries(config)) {
            specs.add(new SafetensorsWriter.Spec(e.name(), options.dtype(), e.shape()));
        }
        List<List<SafetensorsWriter.Spec>> shards = new ArrayList<>();
        long total = 0;
        long current = 0;
        for (SafetensorsWriter.Spec s : specs) {
            if (shards.isEmpty() || (current > 0 && current + s.byteSize() > options.maxShardBytes())) {
                shards.add(new ArrayList<>());
                current = 0;
            }
            shards.getLast().add(s);
            current += s.byteSize();
            total += s.byteSize();
        }
        DemoWeights source = new DemoWeights(options.seed());
        Map<String, String> metadata = Map.of("format", "pt");
        long grandTotal = total;
        if (shards.size() == 1) {
            SafetensorsWriter.write(dir.resolve("model.safetensors"), specs, metadata, source,
                    (done, t, name) -> progress.update(done, grandTotal, name));
            return;
        }
        List<String> tensorNames = new ArrayList<>();
        List<String> fileNames = new ArrayList<>();
        long before = 0;
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
            long offset = before;
            before += SafetensorsWriter.write(dir.resolve(file), shards.get(i), metadata, source,
                    (done, t, name) -> progress.update(offset + done, grandTotal, name));
            for (SafetensorsWriter.Spec s : shards.get(i)) {
                tensorNames.add(s.name());
                fileNames.add(file);
            }
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), DemoJson.index(total, tensorNames, fileNames));
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package ai.puyu.engine.tokenizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The committed reference corpus (ops/reference/tokenizer/make_corpus.py) and the real tokenizer file. */
final class ReferenceCorpus {

    static final Path REAL_MODEL = Path.of("../shared/internlm2/tokenizer.model");

    /** One corpus line: the text, its mode, and sentencepiece's ids and decode. */
    record Line(String mode, String model, String text, int[] ids, String decode) {
    }

    private ReferenceCorpus() {
    }

    /** Skips the calling test (with the reason) when the real tokenizer is not checked out beside the repo. */
    static void assumeRealModel() {
        assumeTrue(Files.isRegularFile(REAL_MODEL),
                "the real InternLM2 tokenizer " + REAL_MODEL.toAbsolutePath().normalize()
                        + " is absent (it lives in ../shared, next to the repository); CI has it");
    }

    static Path resource(String name) {
        return Path.of("src/test/resources/tokenizer", name);
    }

    static List<Line> load() {
        JsonMapper json = JsonMapper.builder().build();
        List<Line> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(resource("corpus.jsonl"))) {
            for (String s : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (s.isEmpty()) {
                    continue;
                }
                JsonNode n = json.readTree(s);
                JsonNode idsNode = n.get("ids");
                int[] ids = new int[idsNode.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = idsNode.get(i).asInt();
                }
                lines.add(new Line(n.get("mode").asString(), n.get("model").asString(), n.get("text").asString(), ids,
                        n.get("decode").asString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}

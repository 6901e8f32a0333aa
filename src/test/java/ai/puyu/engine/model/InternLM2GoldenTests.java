package ai.puyu.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.WeightMatrices;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java forward pass against goldens that the independent NumPy reference
 * (ops/reference/internlm2_reference.py, float64) computed for the tiny demo model in f32
 * ({@code ./puyu demo-model --preset tiny --dtype f32 --seed 1}), regenerated here with the same seed.
 * Relative error of a logits vector a against the reference b: max_i |a_i - b_i| / max_i |b_i|.
 */
class InternLM2GoldenTests {

    private static final double MAX_RELATIVE_ERROR = 1e-4;

    @TempDir
    static Path dir;
    private static Checkpoint checkpoint;
    private static JsonNode golden;
    private static JsonNode ntkGolden;

    @BeforeAll
    static void setUp() throws Exception {
        Path model = dir.resolve("tiny");
        DemoCheckpoint.write(model, new DemoCheckpoint.Options("tiny", 1, DType.F32, null), LoadProgress.NONE);
        checkpoint = Checkpoint.open(model);
        golden = read("/golden/internlm2-tiny-f32-seed1.json");
        ntkGolden = read("/golden/internlm2-tiny-f32-seed1-ntk16.json");
    }

    private static double worst;

    @AfterAll
    static void close() {
        checkpoint.close();
        System.out.printf("InternLM2GoldenTests: largest relative logit error against the reference %.3g%n", worst);
    }

    private static JsonNode read(String resource) throws Exception {
        try (InputStream in = InternLM2GoldenTests.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }

    private static InternLM2Model model(ModelConfig config, Matmul matmul) {
        return new InternLM2Model(config, checkpoint.weights(), WeightMatrices::of, VectorKernels.INSTANCE, matmul);
    }

    private static ModelConfig withMaxPositions(ModelConfig c, int mpe) {
        return new ModelConfig(c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(), c.intermediateSize(),
                c.vocabSize(), c.ropeTheta(), mpe, c.rmsNormEps(), c.ropeScalingType(), c.ropeScalingFactor(),
                c.bosTokenId(), c.eosTokenId(), c.padTokenId());
    }

    static float[] floats(String b64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    private static int[] ints(JsonNode array) {
        int[] r = new int[array.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = array.get(i).asInt();
        }
        return r;
    }

    /** max|a - b| / max|b| over one logits row. */
    static double relativeError(float[] a, int aOffset, float[] b, int bOffset, int n) {
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < n; i++) {
            diff = Math.max(diff, Math.abs((double) a[aOffset + i] - b[bOffset + i]));
            ref = Math.max(ref, Math.abs(b[bOffset + i]));
        }
        worst = Math.max(worst, diff / ref);
        return diff / ref;
    }

    private static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Greedy decoding: the prompt fed in chunks of the given sizes (the rest, if any, in one), then one token
     * per step; returns the logits of every step (the first from the prompt's last position).
     */
    private static List<float[]> greedy(InternLM2Model m, int[] prompt, int steps, int... chunks) {
        try (KvCache cache = m.newKvCache(1 << 22)) {
            BlockTable table = cache.newSequence();
            float[] logits = null;
            int pos = 0;
            for (int c : chunks) {
                logits = m.forward(List.of(InternLM2Chunk.of(table, Arrays.copyOfRange(prompt, pos, pos + c))))[0];
                pos += c;
            }
            if (pos < prompt.length) {
                logits = m.forward(List.of(InternLM2Chunk.of(table, Arrays.copyOfRange(prompt, pos, prompt.length))))[0];
            }
            List<float[]> out = new ArrayList<>();
            out.add(logits);
            for (int s = 1; s < steps; s++) {
                logits = m.forward(List.of(InternLM2Chunk.of(table, argmax(logits))))[0];
                out.add(logits);
            }
            return out;
        }
    }

    private static int[] tokens(List<float[]> steps) {
        return steps.stream().mapToInt(InternLM2GoldenTests::argmax).toArray();
    }

    private static void assertMatchesGolden(InternLM2Model m, JsonNode g) {
        int v = m.config().vocabSize();
        int[] sampleIds = ints(g.get("sample_ids"));
        for (JsonNode p : g.get("prompts")) {
            int[] prompt = ints(p.get("prompt_ids"));
            // every prompt position, in one prefill
            try (KvCache cache = m.newKvCache(1 << 22)) {
                float[] all = m.forward(List.of(new InternLM2Chunk(cache.newSequence(), prompt, InternLM2Chunk.Logits.ALL)))[0];
                float[] ref = floats(p.get("prompt_logits_f32_b64").asString());
                int from = p.get("prompt_logits_from").asInt();
                assertThat(all).hasSize(prompt.length * v);
                assertThat(ref).hasSize((prompt.length - from) * v);
                for (int pos = from; pos < prompt.length; pos++) {
                    assertThat(relativeError(all, pos * v, ref, (pos - from) * v, v)).as("prompt position %d", pos)
                            .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
                }
            }
            JsonNode steps = p.get("steps");
            List<float[]> ours = greedy(m, prompt, steps.size());
            assertThat(tokens(ours)).as("greedy tokens").containsExactly(ints(p.get("greedy")));
            for (int s = 0; s < steps.size(); s++) {
                JsonNode step = steps.get(s);
                float[] l = ours.get(s);
                if (step.has("logits_f32_b64")) {
                    assertThat(relativeError(l, 0, floats(step.get("logits_f32_b64").asString()), 0, v))
                            .as("step %d", s).isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
                }
                double maxAbs = step.get("max_abs").asDouble();
                float[] sampled = floats(step.get("sampled_f32_b64").asString());
                for (int k = 0; k < sampleIds.length; k++) {
                    double diff = Math.abs(l[sampleIds[k]] - sampled[k]);
                    assertThat(diff / maxAbs).as("step %d id %d", s, sampleIds[k]).isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
                }
            }
        }
    }

    @Test
    void logitsAndSixtyFourGreedyTokensMatchTheNumpyReference() {
        try (Matmul matmul = new Matmul(2)) {
            assertMatchesGolden(model(checkpoint.config(), matmul), golden);
        }
    }

    @Test
    void dynamicNtkPastMaxPositionsMatchesTheNumpyReference() {
        assertThat(ntkGolden.get("max_position_embeddings").asInt()).isEqualTo(16);
        try (Matmul matmul = new Matmul(2)) {
            assertMatchesGolden(model(withMaxPositions(checkpoint.config(), 16), matmul), ntkGolden);
        }
    }

    @Test
    void sequencesDecodedTogetherInOneBatchGiveTheReferenceTokens() {
        JsonNode prompts = golden.get("prompts");
        int count = prompts.size();
        try (Matmul matmul = new Matmul(2); KvCache cache = model(checkpoint.config(), matmul).newKvCache(1 << 22)) {
            InternLM2Model m = model(checkpoint.config(), matmul);
            List<BlockTable> tables = new ArrayList<>();
            List<InternLM2Chunk> prefill = new ArrayList<>();
            for (JsonNode p : prompts) {
                BlockTable t = cache.newSequence();
                tables.add(t);
                prefill.add(InternLM2Chunk.of(t, ints(p.get("prompt_ids"))));
            }
            float[][] logits = m.forward(prefill); // all prompts in one step
            int[][] tokens = new int[count][64];
            for (int step = 0; step < 64; step++) {
                List<InternLM2Chunk> decode = new ArrayList<>();
                for (int s = 0; s < count; s++) {
                    tokens[s][step] = argmax(logits[s]);
                    decode.add(InternLM2Chunk.of(tables.get(s), tokens[s][step]));
                }
                logits = m.forward(decode); // one decode step for all sequences
            }
            for (int s = 0; s < count; s++) {
                assertThat(tokens[s]).as("sequence %d", s).containsExactly(ints(prompts.get(s).get("greedy")));
            }
        }
    }

    @Test
    void greedyTokensDoNotDependOnThreadsOrHowThePromptIsSplit() {
        JsonNode p = golden.get("prompts").get(0);
        int[] prompt = ints(p.get("prompt_ids"));
        int[] expected = ints(p.get("greedy"));
        int[] ones = new int[prompt.length];
        Arrays.fill(ones, 1);
        try (Matmul one = new Matmul(1); Matmul two = new Matmul(2)) {
            InternLM2Model single = model(checkpoint.config(), one);
            InternLM2Model dual = model(checkpoint.config(), two);
            assertThat(tokens(greedy(single, prompt, 64))).as("1 thread, prefill then decode").containsExactly(expected);
            assertThat(tokens(greedy(dual, prompt, 64))).as("2 threads, prefill then decode").containsExactly(expected);
            assertThat(tokens(greedy(dual, prompt, 64, ones))).as("one token at a time").containsExactly(expected);
            assertThat(tokens(greedy(single, prompt, 64, 5, 7))).as("chunked prefill").containsExactly(expected);
        }
    }
}

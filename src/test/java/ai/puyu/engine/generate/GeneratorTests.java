package ai.puyu.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.cpu.Matmul;
import ai.puyu.engine.cpu.VectorKernels;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.RandomWeights;
import ai.puyu.engine.sampling.SamplingParams;
import ai.puyu.engine.tensor.ScalarMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generation loop: greedy tokens, stop tokens, stop strings, the token limit and continuing a sequence. */
class GeneratorTests {

    /** Two threads, so that the products and the attention heads run split. */
    private static final Matmul MATMUL = new Matmul(2);
    private static final int[] PROMPT = {1, 20, 30, 40, 50};
    private final ModelConfig config = RandomWeights.smallConfig(2048);
    private final InternLM2Model model = new InternLM2Model(config, RandomWeights.create(config, 3),
            ScalarMatrix::new, VectorKernels.INSTANCE, MATMUL);

    /** Each id decodes to "[id]". */
    private static TextDecoder brackets() {
        return new TextDecoder() {
            @Override
            public String push(int id) {
                return "[" + id + "]";
            }

            @Override
            public String flush() {
                return "";
            }
        };
    }

    /** Greedy tokens by hand: full recomputation, argmax of the last row, no generator involved. */
    private int[] greedyByHand(int steps) {
        int[] seq = PROMPT.clone();
        for (int s = 0; s < steps; s++) {
            try (KvCache cache = model.newKvCache(1 << 20)) {
                float[] l = model.forward(List.of(InternLM2Chunk.of(cache.newSequence(), seq)))[0];
                int best = 0;
                for (int i = 1; i < l.length; i++) {
                    if (l[i] > l[best]) {
                        best = i;
                    }
                }
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = best;
            }
        }
        return Arrays.copyOfRange(seq, PROMPT.length, seq.length);
    }

    private Generation run(SamplingParams p, List<String> text, List<Integer> ids) {
        try (KvCache cache = model.newKvCache(1 << 20)) {
            return new Generator(model).generate(cache.newSequence(), PROMPT, PROMPT, p, brackets(), text::add, ids::add);
        }
    }

    @Test
    void greedyGenerationMatchesArgmaxOverFullRecomputation() {
        List<String> text = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        Generation g = run(SamplingParams.greedy(12), text, ids);
        int[] expected = greedyByHand(12);
        assertThat(g.tokens()).containsExactly(expected);
        assertThat(ids).containsExactly(Arrays.stream(expected).boxed().toArray(Integer[]::new));
        assertThat(g.finishReason()).isEqualTo("length");
        assertThat(String.join("", text)).isEqualTo(g.text()).startsWith("[" + expected[0] + "]");
        assertThat(g.decodeSteps()).isEqualTo(11);
    }

    @Test
    void stopsOnAStopTokenWithoutEmittingIt() {
        int[] expected = greedyByHand(6);
        Generation g = run(SamplingParams.greedy(20, expected[3]), new ArrayList<>(), new ArrayList<>());
        int firstStop = 0;
        while (expected[firstStop] != expected[3]) {
            firstStop++;
        }
        assertThat(g.tokens()).containsExactly(Arrays.copyOf(expected, firstStop));
        assertThat(g.finishReason()).isEqualTo("stop");
    }

    @Test
    void cutsTheTextAtAStopString() {
        int[] expected = greedyByHand(6);
        String stop = "[" + expected[2] + "]";
        List<String> text = new ArrayList<>();
        Generation g = run(SamplingParams.greedy(20).withStopStrings(List.of(stop)), text, new ArrayList<>());
        assertThat(g.finishReason()).isEqualTo("stop");
        String full = "[" + expected[0] + "][" + expected[1] + "]" + stop;
        assertThat(g.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(String.join("", text)).isEqualTo(g.text());
    }

    @Test
    void continuingASequenceEqualsGeneratingFromTheWholePrompt() {
        int[] expected = greedyByHand(8);
        try (KvCache cache = model.newKvCache(1 << 20)) {
            BlockTable table = cache.newSequence();
            Generator gen = new Generator(model);
            Generation first = gen.generate(table, PROMPT, PROMPT, SamplingParams.greedy(3), brackets(), t -> { }, t -> { });
            // the cache holds the prompt and the first 2 tokens (the 3rd was sampled but not fed)
            assertThat(table.length()).isEqualTo(PROMPT.length + 2);
            int[] next = {first.tokens()[2]};
            Generation second = gen.generate(table, next, next, SamplingParams.greedy(5), brackets(), t -> { }, t -> { });
            assertThat(second.tokens()).containsExactly(Arrays.copyOfRange(expected, 3, 8));
        }
    }
}

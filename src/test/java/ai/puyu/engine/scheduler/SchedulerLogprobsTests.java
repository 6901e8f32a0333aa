package ai.puyu.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.puyu.engine.EngineConfig;
import ai.puyu.engine.cpu.CpuBackend;
import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.sampling.Logprobs;
import ai.puyu.engine.sampling.SamplingParams;
import ai.puyu.engine.tensor.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log-probabilities through the scheduler on the tiny demo model: they cost the sampling nothing (same tokens
 * with them on or off) and they are the log-softmax of the model's raw logits at each position, whatever the
 * sampling parameters, as recomputed here from a batch-1 forward pass in double precision.
 */
class SchedulerLogprobsTests {

    @TempDir
    static Path dir;
    private static LocalModel lm;

    @BeforeAll
    static void writeModel() throws Exception {
        Path m = dir.resolve("tiny");
        DemoCheckpoint.write(m, new DemoCheckpoint.Options("tiny", 11, DType.F32, null), LoadProgress.NONE);
        lm = LocalModel.open(m, "none", 2, LoadProgress.NONE);
    }

    @AfterAll
    static void close() {
        lm.close();
    }

    private static int[] prompt(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        return IntStream.range(0, length).map(i -> r.nextInt(3, 1000)).toArray();
    }

    /** Runs one request alone to the end; returns its token events. */
    private static List<TokenEvent.Token> run(int[] prompt, SamplingParams params, int topLogprobs) {
        CpuBackend backend = new CpuBackend(lm.model());
        ModelConfig c = lm.model().config();
        try (KvCache cache = backend.newKvCache(64 * KvCache.bytesPerBlock(c.numLayers(), c.kvDim(), 16), 16)) {
            Scheduler s = new Scheduler(backend, EngineConfig.defaults(), cache, lm::newTextDecoder);
            List<TokenEvent.Token> tokens = new ArrayList<>();
            s.submit(new GenerationRequest("lp", prompt, params, topLogprobs), e -> {
                if (e instanceof TokenEvent.Token t) {
                    tokens.add(t);
                }
            });
            for (int i = 0; s.hasWork(); i++) {
                assertThat(i).as("steps").isLessThan(10_000);
                s.step();
            }
            return tokens;
        }
    }

    /** The raw logits before each generated token, from a batch-1 forward pass over prompt then tokens. */
    private static List<float[]> referenceLogits(int[] prompt, int[] generated) {
        List<float[]> out = new ArrayList<>();
        try (KvCache c = lm.newKvCache(prompt.length + generated.length + 1)) {
            BlockTable table = c.newSequence();
            out.add(lm.model().forward(List.of(new InternLM2Chunk(table, prompt, InternLM2Chunk.Logits.LAST)))[0]);
            for (int i = 0; i + 1 < generated.length; i++) {
                out.add(lm.model().forward(List.of(InternLM2Chunk.of(table, generated[i])))[0]);
            }
        }
        return out;
    }

    private static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (float x : logits) {
            sum += Math.exp(x - max);
        }
        double logZ = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - logZ;
        }
        return out;
    }

    private static void assertRawDistribution(List<TokenEvent.Token> events, int[] prompt, int k) {
        int[] ids = events.stream().mapToInt(TokenEvent.Token::tokenId).toArray();
        List<float[]> logits = referenceLogits(prompt, ids);
        for (int i = 0; i < events.size(); i++) {
            Logprobs lp = events.get(i).logprobs();
            double[] ref = logSoftmax(logits.get(i));
            assertThat(lp.tokenId()).isEqualTo(ids[i]);
            assertThat(lp.logprob()).as("token %d", i).isCloseTo(ref[ids[i]], within(1e-4));
            int[] best = IntStream.range(0, ref.length).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(j -> -ref[j]).thenComparingInt(j -> j))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertThat(lp.topCount()).isEqualTo(k);
            for (int j = 0; j < k; j++) {
                assertThat(lp.topLogprob(j)).as("token %d, alternative %d", i, j)
                        .isCloseTo(ref[lp.topId(j)], within(1e-4)).isCloseTo(ref[best[j]], within(1e-4));
            }
        }
    }

    @Test
    void greedyTokensAreUnchangedAndTheChosenTokenIsTheBestAlternative() {
        int[] p = prompt(3, 21);
        SamplingParams greedy = SamplingParams.greedy(12);
        List<TokenEvent.Token> off = run(p, greedy, -1);
        List<TokenEvent.Token> on = run(p, greedy, 5);
        assertThat(on).extracting(TokenEvent.Token::tokenId)
                .containsExactlyElementsOf(off.stream().map(TokenEvent.Token::tokenId).toList());
        assertThat(on).extracting(TokenEvent.Token::text)
                .containsExactlyElementsOf(off.stream().map(TokenEvent.Token::text).toList());
        assertThat(off).allSatisfy(t -> assertThat(t.logprobs()).isNull());
        for (TokenEvent.Token t : on) {
            assertThat(t.logprobs().topId(0)).isEqualTo(t.tokenId());
            assertThat(t.logprobs().logprob()).isEqualTo(t.logprobs().topLogprob(0));
        }
        assertRawDistribution(on, p, 5);
    }

    @Test
    void logprobsDescribeTheRawDistributionWhateverTheSamplingAndDoNotChangeTheDraws() {
        int[] p = prompt(4, 17);
        SamplingParams hot = SamplingParams.greedy(10).withTemperature(1.7).withTopK(3).withSeed(99)
                .withPenalties(1.3, 0.5, 0.2);
        List<TokenEvent.Token> off = run(p, hot, -1);
        List<TokenEvent.Token> on = run(p, hot, 7);
        assertThat(on).extracting(TokenEvent.Token::tokenId)
                .containsExactlyElementsOf(off.stream().map(TokenEvent.Token::tokenId).toList());
        assertRawDistribution(on, p, 7);
        // the first position's distribution is the prompt's alone: the same as under greedy sampling
        Logprobs first = on.getFirst().logprobs();
        Logprobs greedyFirst = run(p, SamplingParams.greedy(1), 7).getFirst().logprobs();
        assertThat(first.topIds()).containsExactly(greedyFirst.topIds());
        assertThat(first.topLogprobs()).containsExactly(greedyFirst.topLogprobs());
    }

    @Test
    void zeroAlternativesStillReportsTheChosenToken() {
        List<TokenEvent.Token> on = run(prompt(5, 9), SamplingParams.greedy(3), 0);
        assertThat(on).hasSize(3).allSatisfy(t -> {
            assertThat(t.logprobs().topCount()).isZero();
            assertThat(t.logprobs().logprob()).isLessThanOrEqualTo(0).isGreaterThan(Double.NEGATIVE_INFINITY);
        });
    }

    @Test
    void aRequestRefusesAnAlternativeCountOutsideItsRange() {
        assertThatThrownBy(() -> new GenerationRequest("x", new int[] {1}, SamplingParams.greedy(1), -2))
                .hasMessageContaining("top logprobs");
        assertThatThrownBy(() -> new GenerationRequest("x", new int[] {1}, SamplingParams.greedy(1),
                Logprobs.MAX_TOP + 1)).hasMessageContaining("top logprobs");
    }
}

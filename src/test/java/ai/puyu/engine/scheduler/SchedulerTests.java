package ai.puyu.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.puyu.engine.Backend;
import ai.puyu.engine.Engine;
import ai.puyu.engine.EngineConfig;
import ai.puyu.engine.cpu.CpuBackend;
import ai.puyu.engine.generate.Generator;
import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.kv.KvDType;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.model.ModelConfig;
import ai.puyu.engine.model.demo.DemoCheckpoint;
import ai.puyu.engine.sampling.SamplingParams;
import ai.puyu.engine.tensor.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler on the tiny demo model (f32, greedy), driven step by step; every expected token sequence comes
 * from the batch-1 {@link Generator} on a cold cache.
 */
class SchedulerTests {

    @TempDir
    static Path dir;
    private static LocalModel lm;
    private static final int BS = 16;

    /** Records the chunks of every forward call. */
    private static final class RecordingBackend implements Backend {
        final Backend inner;
        final List<int[]> calls = new ArrayList<>(); // per call: the chunk lengths

        RecordingBackend(Backend inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public ModelConfig config() {
            return inner.config();
        }

        @Override
        public KvCache newKvCache(long budgetBytes, int blockSize) {
            return inner.newKvCache(budgetBytes, blockSize);
        }

        @Override
        public KvCache newKvCache(long budgetBytes, int blockSize, KvDType dtype) {
            return inner.newKvCache(budgetBytes, blockSize, dtype);
        }

        @Override
        public float[][] forward(List<InternLM2Chunk> batch) {
            calls.add(batch.stream().mapToInt(c -> c.tokens().length).toArray());
            return inner.forward(batch);
        }
    }

    private RecordingBackend backend;
    private KvCache cache;

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

    private Scheduler scheduler(EngineConfig config, int blocks) {
        backend = new RecordingBackend(new CpuBackend(lm.model()));
        ModelConfig c = lm.model().config();
        cache = backend.newKvCache(blocks * KvCache.bytesPerBlock(c.numLayers(), c.kvDim(), BS), BS);
        return new Scheduler(backend, config, cache, lm::newTextDecoder);
    }

    private Scheduler scheduler() {
        return scheduler(EngineConfig.defaults(), 256);
    }

    private Scheduler int8Scheduler() {
        backend = new RecordingBackend(new CpuBackend(lm.model()));
        ModelConfig c = lm.model().config();
        cache = backend.newKvCache(256 * KvCache.bytesPerBlock(c.numLayers(), c.numKvHeads(), c.headDim(), BS, KvDType.INT8),
                BS, KvDType.INT8);
        return new Scheduler(backend, EngineConfig.defaults().withKvCacheDtype(KvDType.INT8), cache, lm::newTextDecoder);
    }

    /** The int8 reference: batch 1, cold int8 cache, greedy. */
    private static int[] aloneInt8(int[] prompt, int n) {
        try (KvCache c = lm.model().newKvCache(1 << 22, BS, KvDType.INT8)) {
            return new Generator(lm.model()).generate(c.newSequence(), prompt, prompt, SamplingParams.greedy(n),
                    lm.newTextDecoder(), t -> { }, t -> { }).tokens();
        }
    }

    private static int[] prompt(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = r.nextInt(3, 1000);
        }
        return p;
    }

    private static int[] concat(int[]... parts) {
        int[] out = new int[0];
        for (int[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    /** The reference: batch 1, cold cache, greedy. */
    private static int[] alone(int[] prompt, int n) {
        try (KvCache c = lm.newKvCache(prompt.length + n + 1)) {
            return new Generator(lm.model()).generate(c.newSequence(), prompt, prompt, SamplingParams.greedy(n),
                    lm.newTextDecoder(), t -> { }, t -> { }).tokens();
        }
    }

    private static GenerationHandle submit(Scheduler s, int[] prompt, int n) {
        return s.submit(new GenerationRequest("r" + Arrays.hashCode(prompt), prompt, SamplingParams.greedy(n)), null);
    }

    private static void drain(Scheduler s) {
        for (int i = 0; s.hasWork(); i++) {
            assertThat(i).as("steps").isLessThan(10_000);
            s.step();
        }
    }

    private static GenerationResult result(GenerationHandle h) {
        assertThat(h.result()).isDone();
        return h.result().join();
    }

    @Test
    void reuseEndingMidBlockGivesTheSameTokensAsAColdPrefill() {
        // the first request leaves 47 computed positions: two full blocks and a kept tail of 15; the second shares
        // 37 tokens with it, so it takes the two blocks and the tail's first 5 positions
        Scheduler s = scheduler();
        int[] first = prompt(1, 40);
        GenerationHandle a = submit(s, first, 8);
        drain(s);
        assertThat(result(a).finished().usage().cachedTokens()).isZero();
        int[] second = concat(Arrays.copyOf(first, 37), prompt(2, 10)); // shares 37 tokens: 2 blocks + 5
        GenerationHandle b = submit(s, second, 8);
        drain(s);
        assertThat(result(a).tokens()).containsExactly(alone(first, 8));
        assertThat(result(b).tokens()).containsExactly(alone(second, 8));
        assertThat(result(b).finished().usage()).isEqualTo(new Usage(47, 37, 8));
        assertThat(s.metrics().prefixHitRate()).isEqualTo(37.0 / 87);
        assertThat(cache.pool().keptTails()).as("a's tail was taken over; b's own is kept").isEqualTo(1);
    }

    @Test
    void withAnInt8CacheReuseAndBatchingGiveTheTokensOfAColdSoloRun() {
        Scheduler s = int8Scheduler();
        assertThat(cache.dtype()).isEqualTo(KvDType.INT8);
        int[] first = prompt(1, 40);
        int[] other = prompt(9, 21);
        GenerationHandle a = submit(s, first, 8);
        GenerationHandle o = submit(s, other, 8);
        drain(s);
        int[] second = concat(Arrays.copyOf(first, 37), prompt(2, 10)); // shares 37 tokens: 2 blocks + 5
        GenerationHandle b = submit(s, second, 8);
        drain(s);
        assertThat(result(b).finished().usage().cachedTokens()).isEqualTo(37);
        assertThat(result(a).tokens()).containsExactly(aloneInt8(first, 8));
        assertThat(result(o).tokens()).containsExactly(aloneInt8(other, 8));
        assertThat(result(b).tokens()).containsExactly(aloneInt8(second, 8));
    }

    @Test
    void aSecondTurnResendingTheHistoryReusesEveryComputedPosition() {
        Scheduler s = scheduler();
        int[] turn1 = prompt(3, 35);
        GenerationHandle a = submit(s, turn1, 20);
        drain(s);
        int[] reply = result(a).tokens();
        int[] turn2 = concat(turn1, reply, prompt(4, 12));
        GenerationHandle b = submit(s, turn2, 10);
        drain(s);
        // turn 1 computed the prompt and all replies but the last: 54 positions, 3 full blocks and a kept tail of 6;
        // turn 2 takes them all and computes only the last reply token and its own 12
        int cached = turn1.length + reply.length - 1;
        assertThat(result(b).finished().usage().cachedTokens()).isEqualTo(cached).isEqualTo(54);
        assertThat(result(b).tokens()).containsExactly(alone(turn2, 10));
    }

    @Test
    void aFullyCachedPromptStillComputesItsLastToken() {
        Scheduler s = scheduler();
        int[] p = prompt(5, 32);
        GenerationHandle a = submit(s, p, 6);
        drain(s);
        GenerationHandle b = submit(s, p, 6);
        drain(s);
        assertThat(result(b).finished().usage().cachedTokens()).isEqualTo(16);
        assertThat(result(b).tokens()).containsExactly(result(a).tokens()).containsExactly(alone(p, 6));
    }

    @Test
    void differentPromptsDecodedTogetherGiveTheTokensOfEachAlone() {
        for (int n = 1; n <= 5; n++) {
            Scheduler s = scheduler();
            List<int[]> prompts = new ArrayList<>();
            List<GenerationHandle> handles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int[] p = prompt(100 + 10L * n + i, 5 + 13 * i);
                prompts.add(p);
                handles.add(submit(s, p, 12 + i));
            }
            drain(s);
            for (int i = 0; i < n; i++) {
                assertThat(result(handles.get(i)).tokens()).as("n=%d, sequence %d", n, i)
                        .containsExactly(alone(prompts.get(i), 12 + i));
            }
            int widest = backend.calls.stream().mapToInt(c -> c.length).max().orElse(0);
            assertThat(widest).as("sequences in one forward call").isEqualTo(n);
        }
    }

    @Test
    void aLongPromptIsPrefilledInChunksWhileAnotherStreamKeepsDecoding() {
        Scheduler s = scheduler(EngineConfig.defaults().withPrefillChunkTokens(16), 256);
        int[] shortPrompt = prompt(6, 6);
        GenerationHandle a = submit(s, shortPrompt, 30);
        s.step();
        s.step();
        int[] longPrompt = prompt(7, 100);
        GenerationHandle b = submit(s, longPrompt, 5);
        int callsBefore = backend.calls.size();
        drain(s);
        List<int[]> during = backend.calls.subList(callsBefore, callsBefore + 7);
        for (int[] call : during) { // 100 prompt tokens in chunks of 16: 7 steps, each also decoding a
            assertThat(call).hasSize(2);
            assertThat(call[0]).isEqualTo(1);
            assertThat(call[1]).isLessThanOrEqualTo(16);
        }
        assertThat(result(a).tokens()).containsExactly(alone(shortPrompt, 30));
        assertThat(result(b).tokens()).containsExactly(alone(longPrompt, 5));
    }

    @Test
    void aCancelledRequestLeavesAtTheNextStepAndItsBlocksStayCached() {
        Scheduler s = scheduler();
        GenerationHandle a = submit(s, prompt(8, 30), 100);
        for (int i = 0; i < 4; i++) {
            s.step();
        }
        assertThat(cache.pool().usedBlocks()).isEqualTo(3); // 33 positions
        a.cancel();
        s.step();
        GenerationResult r = result(a);
        assertThat(r.finished().reason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.tokens()).hasSize(4);
        assertThat(cache.pool().usedBlocks()).isZero();
        assertThat(cache.pool().cachedBlocks()).as("two full blocks and the tail").isEqualTo(3);
        assertThat(cache.pool().keptTails()).isEqualTo(1);
        assertThat(s.hasWork()).isFalse();
    }

    @Test
    void refusesRequestsBeyondTheQueueLimitWithARetryHint() {
        Scheduler s = scheduler(EngineConfig.defaults().withMaxQueued(2), 64);
        submit(s, prompt(9, 5), 2);
        submit(s, prompt(10, 5), 2);
        assertThatThrownBy(() -> submit(s, prompt(11, 5), 2)).isInstanceOfSatisfying(QueueFullException.class,
                e -> assertThat(e.retryAfterSeconds()).isPositive());
        drain(s);
        assertThat(submit(s, prompt(11, 5), 2)).isNotNull(); // room again once admitted
    }

    @Test
    void refusesAPromptBeyondTheContextLimitStatingBothNumbers() {
        Scheduler s = scheduler(EngineConfig.defaults().withMaxContext(64), 64);
        assertThatThrownBy(() -> submit(s, prompt(12, 70), 2)).isInstanceOf(PromptTooLongException.class)
                .hasMessageStartingWith("prompt has 70 tokens; the context limit is 64");
        assertThat(s.hasWork()).isFalse();
    }

    @Test
    void stopsWithFinishReasonLengthAtTheContextLimit() {
        Scheduler s = scheduler(EngineConfig.defaults().withMaxContext(64), 64);
        int[] p = prompt(13, 50);
        GenerationHandle h = submit(s, p, 100);
        drain(s);
        assertThat(result(h).finished().reason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result(h).tokens()).containsExactly(alone(p, 14));
    }

    @Test
    void evictionUnderATinyBudgetKeepsTokensCorrect() {
        Scheduler s = scheduler(EngineConfig.defaults(), 6);
        List<int[]> prompts = List.of(prompt(14, 40), prompt(15, 40), prompt(16, 40), prompt(14, 40));
        List<GenerationHandle> handles = new ArrayList<>();
        for (int[] p : prompts) {
            handles.add(submit(s, p, 8));
            drain(s);
        }
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(result(handles.get(i)).tokens()).containsExactly(alone(prompts.get(i), 8));
        }
        assertThat(s.metrics().evictions()).isPositive();
    }

    @Test
    void kvExhaustionPreemptsTheYoungestAndRecomputesItWithTheSameTokens() {
        Scheduler s = scheduler(EngineConfig.defaults(), 7); // 112 positions; two sequences want 160
        int[] p1 = prompt(17, 40);
        int[] p2 = prompt(18, 40);
        GenerationHandle a = submit(s, p1, 40);
        GenerationHandle b = submit(s, p2, 40);
        drain(s);
        assertThat(s.metrics().preemptions()).isPositive();
        assertThat(result(a).tokens()).containsExactly(alone(p1, 40));
        assertThat(result(b).tokens()).containsExactly(alone(p2, 40));
        assertThat(result(b).finished().reason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void aSequenceThatCannotFitAloneFailsWithAClearError() {
        Scheduler s = scheduler(EngineConfig.defaults(), 4); // 64 positions
        GenerationHandle h = submit(s, prompt(19, 40), 100);
        drain(s);
        GenerationResult r = result(h);
        assertThat(r.finished().reason()).isEqualTo(FinishReason.ERROR);
        assertThat(r.finished().error()).startsWith("KV cache exhausted");
        assertThat(r.tokens()).hasSize(64 - 40 + 1);
        assertThat(cache.pool().usedBlocks()).isZero();
    }

    @Test
    void theEngineThreadStreamsEventsAndReportsUsageAndTimings() throws Exception {
        Backend cpu = new CpuBackend(lm.model());
        try (Engine engine = Engine.start(cpu, EngineConfig.defaults().withKvCacheBytes(8L << 20), lm::newTextDecoder)) {
            int[] p = prompt(20, 20);
            List<TokenEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            GenerationHandle h = engine.submit(new GenerationRequest("x", p, SamplingParams.greedy(6)), events::add);
            GenerationResult r = h.result().get(60, TimeUnit.SECONDS);
            assertThat(r.tokens()).containsExactly(alone(p, 6));
            assertThat(events).hasSize(7);
            assertThat(events.getLast()).isInstanceOf(TokenEvent.Finished.class);
            TokenEvent.Finished f = r.finished();
            assertThat(f.reason()).isEqualTo(FinishReason.LENGTH);
            assertThat(f.usage()).isEqualTo(new Usage(20, 0, 6));
            assertThat(f.timings().timeToFirstTokenNanos()).isPositive();
            assertThat(f.timings().decodeTokens()).isEqualTo(5);
            assertThat(engine.metrics().tokensDecoded()).isEqualTo(6);
            assertThat(engine.metrics().requestsFinished()).isEqualTo(1);
            assertThat(engine.backendName()).isEqualTo("cpu");
        }
    }
}

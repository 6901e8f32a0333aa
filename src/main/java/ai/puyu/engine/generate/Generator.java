package ai.puyu.engine.generate;

import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.model.InternLM2Chunk;
import ai.puyu.engine.model.InternLM2Model;
import ai.puyu.engine.sampling.Sampler;
import ai.puyu.engine.sampling.SamplingParams;
import ai.puyu.engine.sampling.StopStrings;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Generates one sequence at a time (batch 1) for the command line: prefills the new tokens in chunks, then
 * samples and decodes one token per step until a stop token, a stop string or the token limit, streaming
 * the text. The sequence's block table keeps its keys and values, so a later call can continue it (a chat
 * turn feeds only the tokens its cache does not already hold).
 */
public final class Generator {

    /** Prompt tokens per prefill step (bounds the activation memory of long prompts). */
    public static final int PREFILL_CHUNK = 256;

    private final InternLM2Model model;

    public Generator(InternLM2Model model) {
        this.model = model;
    }

    /**
     * Feeds {@code newTokens} after what the table already holds, then generates.
     *
     * @param history  every token of the sequence so far, new ones included (for the repetition penalty)
     * @param onText   receives text as it becomes final
     * @param onToken  receives every generated id (stop token excluded)
     */
    public Generation generate(BlockTable table, int[] newTokens, int[] history, SamplingParams params,
                               TextDecoder decoder, Consumer<String> onText, Consumer<Integer> onToken) {
        if (newTokens.length == 0) {
            throw new IllegalArgumentException("nothing to generate from: no new tokens");
        }
        Sampler sampler = new Sampler(params, model.config().vocabSize(), history);
        StopStrings stops = new StopStrings(params.stopStrings());
        long start = System.nanoTime();
        float[] logits = null;
        for (int pos = 0; pos < newTokens.length; pos += PREFILL_CHUNK) {
            int end = Math.min(newTokens.length, pos + PREFILL_CHUNK);
            InternLM2Chunk.Logits wanted = end == newTokens.length ? InternLM2Chunk.Logits.LAST : InternLM2Chunk.Logits.NONE;
            logits = model.forward(List.of(new InternLM2Chunk(table, Arrays.copyOfRange(newTokens, pos, end), wanted)))[0];
        }
        int[] out = new int[Math.max(16, params.maxNewTokens())];
        int count = 0;
        int steps = 0;
        StringBuilder text = new StringBuilder();
        String finish = "length";
        long prefillEnd = 0;
        while (count < params.maxNewTokens()) {
            int token = sampler.sample(logits, 0);
            if (prefillEnd == 0) {
                prefillEnd = System.nanoTime();
            }
            if (params.isStopToken(token)) {
                finish = "stop";
                break;
            }
            out[count++] = token;
            onToken.accept(token);
            String delta = stops.push(decoder.push(token));
            if (!delta.isEmpty()) {
                text.append(delta);
                onText.accept(delta);
            }
            if (stops.stopped()) {
                finish = "stop";
                break;
            }
            if (count == params.maxNewTokens()) {
                break;
            }
            logits = model.forward(List.of(InternLM2Chunk.of(table, token)))[0];
            steps++;
        }
        if (!stops.stopped()) {
            String rest = stops.push(decoder.flush()) + stops.flush();
            if (!rest.isEmpty()) {
                text.append(rest);
                onText.accept(rest);
            }
        }
        long end = System.nanoTime();
        if (prefillEnd == 0) {
            prefillEnd = end;
        }
        return new Generation(Arrays.copyOf(out, count), text.toString(), finish, newTokens.length, steps,
                prefillEnd - start, end - prefillEnd);
    }
}

package ai.puyu.api;

import ai.puyu.chat.TokenLogprob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's {@code logprobs} objects: chat's {@code {content: [{token, logprob, bytes, top_logprobs}], refusal}} and
 * the legacy completions' {@code {tokens, token_logprobs, top_logprobs, text_offset}}. A log-probability that is
 * not finite (a masked logit's -inf) is written as -9999.0, as vLLM does: JSON has no infinity.
 */
final class OpenAiLogprobs {

    /** What stands for -inf. */
    static final double FLOOR = -9999.0;

    private OpenAiLogprobs() {
    }

    /** Chat's {@code choices[].logprobs}, or null when they were not asked for. */
    static Map<String, Object> chat(List<TokenLogprob> tokens) {
        if (tokens == null) {
            return null;
        }
        List<Map<String, Object>> content = new ArrayList<>(tokens.size());
        for (TokenLogprob t : tokens) {
            Map<String, Object> m = entry(t);
            m.put("top_logprobs", t.top().stream().map(OpenAiLogprobs::entry).toList());
            content.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("content", content);
        m.put("refusal", null);
        return m;
    }

    private static Map<String, Object> entry(TokenLogprob t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", t.token());
        m.put("logprob", number(t.logprob()));
        m.put("bytes", unsigned(t.bytes()));
        return m;
    }

    /**
     * The legacy completions' {@code choices[].logprobs}, or null when they were not asked for. {@code top_logprobs}
     * maps the best tokens' texts to their log-probabilities and always holds the chosen token too (so up to
     * {@code logprobs + 1} entries, as OpenAI documents; when two tokens share a text the better one is kept).
     * {@code text_offset} is each token's start in the generated text, in characters (code points) of the
     * tokens' bytes before it, counted from {@code firstOffset} (a stream continues from where the last chunk
     * ended: {@link #characters}).
     */
    static Map<String, Object> completion(List<TokenLogprob> tokens, int firstOffset) {
        if (tokens == null) {
            return null;
        }
        List<String> texts = new ArrayList<>(tokens.size());
        List<Double> values = new ArrayList<>(tokens.size());
        List<Map<String, Double>> tops = new ArrayList<>(tokens.size());
        List<Integer> offsets = new ArrayList<>(tokens.size());
        int offset = firstOffset;
        for (TokenLogprob t : tokens) {
            texts.add(t.token());
            values.add(number(t.logprob()));
            Map<String, Double> top = new LinkedHashMap<>();
            for (TokenLogprob alt : t.top()) {
                top.putIfAbsent(alt.token(), number(alt.logprob()));
            }
            top.putIfAbsent(t.token(), number(t.logprob()));
            tops.add(top);
            offsets.add(offset);
            offset += characters(t);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokens", texts);
        m.put("token_logprobs", values);
        m.put("top_logprobs", tops);
        m.put("text_offset", offsets);
        return m;
    }

    /** Characters (code points) the tokens' bytes add to the text: their bytes that start a character. */
    static int characters(List<TokenLogprob> tokens) {
        int n = 0;
        for (TokenLogprob t : tokens) {
            n += characters(t);
        }
        return n;
    }

    private static int characters(TokenLogprob t) {
        int n = 0;
        for (byte b : t.bytes()) {
            if ((b & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    private static double number(double logprob) {
        return Double.isFinite(logprob) ? logprob : FLOOR;
    }

    private static List<Integer> unsigned(byte[] bytes) {
        List<Integer> out = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            out.add(b & 0xff);
        }
        return out;
    }
}

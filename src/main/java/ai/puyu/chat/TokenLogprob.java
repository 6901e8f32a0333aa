package ai.puyu.chat;

import ai.puyu.engine.sampling.Logprobs;
import ai.puyu.engine.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated token's log-probability with its text, and the most likely tokens at its position, as OpenAI's
 * {@code logprobs.content[]} entries report them. The numbers describe the model's raw distribution (log-softmax
 * of the logits before penalties, temperature and top-k/top-p/min-p; see {@link Logprobs}).
 *
 * <p>{@code token} is the token's own text: a SentencePiece piece with U+2581 as a space (a leading space is
 * kept), an added token's text ({@code <|im_end|>}), a control piece's name ({@code </s>}). A byte-fallback token
 * that is not complete UTF-8 on its own is written as OpenAI does, each such byte as {@code \xNN} (lower-case
 * hex); {@code bytes} always holds the token's raw UTF-8 bytes (empty for control pieces, which add no text).
 *
 * @param token   the token's text
 * @param bytes   its raw bytes
 * @param logprob its natural-log probability, <= 0 (-inf for a masked logit)
 * @param top     the most likely tokens at this position, best first (empty for the entries of this list)
 */
public record TokenLogprob(String token, byte[] bytes, double logprob, List<TokenLogprob> top) {

    public TokenLogprob {
        bytes = bytes.clone();
        top = List.copyOf(top);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The engine's numbers with the tokenizer's texts. */
    static TokenLogprob of(Logprobs lp, Tokenizer tokenizer) {
        List<TokenLogprob> top = new ArrayList<>(lp.topCount());
        for (int i = 0; i < lp.topCount(); i++) {
            top.add(entry(lp.topId(i), lp.topLogprob(i), tokenizer, List.of()));
        }
        return entry(lp.tokenId(), lp.logprob(), tokenizer, top);
    }

    private static TokenLogprob entry(int id, double logprob, Tokenizer tokenizer, List<TokenLogprob> top) {
        byte[] bytes = tokenizer.tokenBytes(id);
        String token = bytes.length == 0 && tokenizer.isSpecial(id) ? tokenizer.piece(id) : text(bytes);
        return new TokenLogprob(token, bytes, logprob, top);
    }

    /** UTF-8 text, with every byte that is not part of a complete, valid character written as {@code \xNN}. */
    static String text(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            sb.append(out.flip());
            out.clear();
            if (!r.isError()) {
                break;
            }
            for (int i = 0; i < r.length(); i++) {
                sb.append(String.format("\\x%02x", in.get() & 0xff));
            }
        }
        decoder.flush(out);
        return sb.append(out.flip()).toString();
    }
}

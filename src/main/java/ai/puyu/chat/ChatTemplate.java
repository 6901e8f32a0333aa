package ai.puyu.chat;

import ai.puyu.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a conversation in InternLM2's ChatML variant, straight to token ids:
 * {@code <s><|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n}.
 *
 * <p>The template's own tokens ({@code <s>}, {@code <|im_start|>}, {@code <|im_end|>}) are emitted as ids; the
 * text between them (role, newline, content) is encoded in plain mode as one piece, as Hugging Face encodes the
 * text between special tokens, so special-token strings typed by a user stay text and can never become control
 * tokens.
 */
public final class ChatTemplate {

    /** One turn of a conversation: role "system", "user" or "assistant" (or "environment" for tool results). */
    public record Message(String role, String content) {
        public Message {
            if (role == null || role.isBlank() || role.contains("\n")) {
                throw new IllegalArgumentException("chat message role must be a non-empty single line, not '" + role + "'");
            }
            content = content == null ? "" : content;
        }
    }

    private final Tokenizer tokenizer;
    private final int bos;
    private final int imStart;
    private final int imEnd;
    private final int[] newline;

    public ChatTemplate(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.bos = tokenizer.bosId();
        this.imStart = special(tokenizer, "<|im_start|>");
        this.imEnd = special(tokenizer, "<|im_end|>");
        this.newline = tokenizer.encode("\n");
    }

    private static int special(Tokenizer tokenizer, String token) {
        return tokenizer.specialId(token).orElseThrow(() -> new IllegalArgumentException(
                "the tokenizer has no special token " + token + " (is tokenizer_config.json missing?)"));
    }

    /** The id of {@code <|im_end|>}, where an assistant turn ends. */
    public int imEndId() {
        return imEnd;
    }

    /**
     * The ids of the conversation, starting with {@code <s>}; with {@code generationPrompt}, followed by
     * {@code <|im_start|>assistant\n} so that the model writes the next assistant turn.
     */
    public int[] render(List<Message> messages, boolean generationPrompt) {
        List<int[]> parts = new ArrayList<>();
        parts.add(new int[] {bos});
        for (Message m : messages) {
            parts.add(new int[] {imStart});
            parts.add(tokenizer.encode(m.role() + "\n" + m.content()));
            parts.add(new int[] {imEnd});
            parts.add(newline);
        }
        if (generationPrompt) {
            parts.add(new int[] {imStart});
            parts.add(tokenizer.encode("assistant\n"));
        }
        int total = 0;
        for (int[] p : parts) {
            total += p.length;
        }
        int[] ids = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, ids, at, p.length);
            at += p.length;
        }
        return ids;
    }
}

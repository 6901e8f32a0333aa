package ai.puyu.chat;

import java.util.List;

/**
 * A request for one reply: either chat messages (rendered with the ChatML template) or a raw prompt (plain
 * completion), how to sample, and who asks (stored with the conversation).
 *
 * @param messages  the conversation so far, for a chat reply; empty for a plain completion
 * @param prompt    the text to continue, for a plain completion; null for a chat reply
 * @param options   sampling options
 * @param owner     who owns the stored conversation
 * @param apiKeyId  the API key that made the request, or null
 */
public record ChatRequest(List<ChatMessage> messages, String prompt, GenerationOptions options, String owner,
                          Long apiKeyId) {

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        options = options == null ? GenerationOptions.defaults() : options;
    }

    /** A chat reply to these messages. */
    public static ChatRequest chat(List<ChatMessage> messages, GenerationOptions options, String owner, Long apiKeyId) {
        return new ChatRequest(messages, null, options, owner, apiKeyId);
    }

    /** A plain continuation of this prompt. */
    public static ChatRequest completion(String prompt, GenerationOptions options, String owner, Long apiKeyId) {
        return new ChatRequest(List.of(), prompt, options, owner, apiKeyId);
    }

    public boolean plain() {
        return prompt != null;
    }
}

package ai.puyu.api;

import ai.puyu.chat.ChatEvent;
import ai.puyu.chat.ChatRequest;
import ai.puyu.chat.GenerationOptions;
import ai.puyu.chat.TokenLogprob;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What differs between {@code POST /v1/chat/completions} and {@code POST /v1/completions}: how the request names
 * its input and its log-probabilities, and the shapes of the answer. {@link OpenAiController} does the rest once.
 */
enum OpenAiEndpoint {

    /** Messages in, {@code chat.completion} / {@code chat.completion.chunk} out. */
    CHAT("chatcmpl-", "chat.completion.chunk") {
        @Override
        ChatRequest request(OpenAiRequestParser parser, JsonNode body, GenerationOptions options, String owner,
                            Long apiKeyId) {
            return ChatRequest.chat(parser.messages(body), options, owner, apiKeyId);
        }

        @Override
        Map<String, Object> whole(String id, long created, String model, ChatEvent.Done done) {
            return OpenAiShapes.chatCompletion(id, created, model, done.content(),
                    OpenAiController.finishReason(done.reason()), done.usage(), OpenAiLogprobs.chat(done.logprobs()));
        }

        @Override
        List<Map<String, Object>> head(String id, long created, String model, boolean includeUsage) {
            return List.of(OpenAiShapes.chatChunk(id, created, model, "assistant", "", null, null, includeUsage));
        }

        @Override
        Map<String, Object> chunk(String id, long created, String model, String text, List<TokenLogprob> logprobs,
                                  int textOffset, String finishReason, boolean includeUsage) {
            return OpenAiShapes.chatChunk(id, created, model, null, text, OpenAiLogprobs.chat(logprobs), finishReason,
                    includeUsage);
        }
    },

    /** A prompt in, {@code text_completion} out (whole or streamed). */
    COMPLETION("cmpl-", "text_completion") {
        @Override
        ChatRequest request(OpenAiRequestParser parser, JsonNode body, GenerationOptions options, String owner,
                            Long apiKeyId) {
            return ChatRequest.completion(parser.prompt(body), options, owner, apiKeyId);
        }

        @Override
        Map<String, Object> whole(String id, long created, String model, ChatEvent.Done done) {
            return OpenAiShapes.textCompletion(id, created, model, done.content(),
                    OpenAiLogprobs.completion(done.logprobs(), 0), OpenAiController.finishReason(done.reason()),
                    done.usage(), true);
        }

        @Override
        List<Map<String, Object>> head(String id, long created, String model, boolean includeUsage) {
            return List.of();
        }

        @Override
        Map<String, Object> chunk(String id, long created, String model, String text, List<TokenLogprob> logprobs,
                                  int textOffset, String finishReason, boolean includeUsage) {
            return OpenAiShapes.textCompletion(id, created, model, text == null ? "" : text,
                    OpenAiLogprobs.completion(logprobs, textOffset), finishReason, null, includeUsage);
        }
    };

    private final String idPrefix;
    private final String chunkObject;

    OpenAiEndpoint(String idPrefix, String chunkObject) {
        this.idPrefix = idPrefix;
        this.chunkObject = chunkObject;
    }

    /** Prefix of the response ids. */
    String idPrefix() {
        return idPrefix;
    }

    /** The {@code object} of streamed chunks (and of the usage chunk). */
    String chunkObject() {
        return chunkObject;
    }

    /** Whether {@code logprobs} is chat's boolean (with {@code top_logprobs}) rather than the legacy count. */
    boolean chat() {
        return this == CHAT;
    }

    /** The request's input (messages or prompt), read from the body. */
    abstract ChatRequest request(OpenAiRequestParser parser, JsonNode body, GenerationOptions options, String owner,
                                 Long apiKeyId);

    /** The whole (non-streamed) response. */
    abstract Map<String, Object> whole(String id, long created, String model, ChatEvent.Done done);

    /** The chunks sent before the first text. */
    abstract List<Map<String, Object>> head(String id, long created, String model, boolean includeUsage);

    /**
     * A streamed chunk: {@code text} (null in the last chunk, which has the finish reason) and the log-probabilities
     * of its tokens (null when not asked for), whose text starts {@code textOffset} characters into the reply.
     */
    abstract Map<String, Object> chunk(String id, long created, String model, String text,
                                       List<TokenLogprob> logprobs, int textOffset, String finishReason,
                                       boolean includeUsage);
}

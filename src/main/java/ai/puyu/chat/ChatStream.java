package ai.puyu.chat;

import reactor.core.publisher.Flux;

/**
 * A reply that is queued in the engine, its user messages already stored. Cancelling the subscription to
 * {@link #events} stops the generation at the next engine step and stores the partial reply as stopped.
 *
 * @param conversationId the stored conversation
 * @param messageId      the stored (streaming) reply
 * @param promptTokens   tokens of the prompt
 * @param events         the reply's deltas, then {@link ChatEvent.Done}; an error ends it when generation fails
 */
public record ChatStream(long conversationId, long messageId, int promptTokens, Flux<ChatEvent> events) {
}

package ai.puyu.engine.scheduler;

/** What a generation's stream carries: one {@link Token} per generated token, then one {@link Finished}. */
public sealed interface TokenEvent permits TokenEvent.Token, TokenEvent.Finished {

    /**
     * A generated token.
     *
     * @param tokenId the id
     * @param text    the text that became final with it (empty while UTF-8 is incomplete or a stop string may start)
     */
    record Token(int tokenId, String text) implements TokenEvent {
    }

    /**
     * The end of the stream.
     *
     * @param reason  why it ended
     * @param text    text held back until the end (usually empty)
     * @param error   the message when the reason is ERROR, else null
     * @param usage   token counts
     * @param timings queue time, time to first token, decode speed
     */
    record Finished(FinishReason reason, String text, String error, Usage usage, Timings timings) implements TokenEvent {
    }
}

package ai.puyu.engine.scheduler;

/** A whole generation once finished: every token, the text and the final event. */
public record GenerationResult(int[] tokens, String text, TokenEvent.Finished finished) {
}

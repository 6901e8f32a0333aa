package ai.puyu.engine.scheduler;

/** Refusal, before any work, of a prompt that does not fit the context limit. */
public final class PromptTooLongException extends IllegalArgumentException {

    private final int promptTokens;
    private final int contextLimit;

    public PromptTooLongException(int promptTokens, int contextLimit) {
        super("prompt has " + promptTokens + " tokens; the context limit is " + contextLimit
                + " (prompt and reply together)");
        this.promptTokens = promptTokens;
        this.contextLimit = contextLimit;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int contextLimit() {
        return contextLimit;
    }
}

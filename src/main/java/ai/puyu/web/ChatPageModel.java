package ai.puyu.web;

/**
 * What the chat page shows of the server and what its controls start at.
 *
 * @param modelName           the model's name (the checkpoint directory's name)
 * @param size                the parameter count, human-readable ({@code 1.9B}, {@code 0.4M})
 * @param weights             the weights' format as served ({@code BF16}, or {@code Q8 (from BF16)})
 * @param backend             where the forward pass runs, human-readable ({@code CPU, 2 threads})
 * @param demo                true for the generated demo model with random weights
 * @param realModelHint       the one-line command that serves a real checkpoint instead
 * @param maxContext          prompt plus reply tokens per request
 * @param maxNewTokens        the largest Max Length the slider offers
 * @param defaultMaxNewTokens where the Max Length slider starts
 * @param defaultTopP         where the Top P slider starts
 * @param defaultTemperature  where the Temperature slider starts
 */
public record ChatPageModel(String modelName, String size, String weights, String backend, boolean demo,
                            String realModelHint, int maxContext, int maxNewTokens, int defaultMaxNewTokens,
                            double defaultTopP, double defaultTemperature) {

    /** Top P the slider starts at, as InternLM's demo does. */
    public static final double TOP_P = 0.8;
    /** Temperature the slider starts at, as InternLM's demo does. */
    public static final double TEMPERATURE = 0.7;
    /** Max Length the slider starts at, unless the context is smaller. */
    public static final int MAX_NEW_TOKENS = 1024;
}

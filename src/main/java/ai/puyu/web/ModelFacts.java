package ai.puyu.web;

import ai.puyu.engine.Engine;
import ai.puyu.system.LoadedModel;
import ai.puyu.system.PuyuProperties;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Builds the chat page's {@link ChatPageModel} from the loaded model, the engine and the settings, once. */
@Component
class ModelFacts {

    private final ChatPageModel page;

    ModelFacts(LoadedModel model, Engine engine, PuyuProperties properties) {
        int context = engine.maxContext();
        int maxNew = Math.max(1, context - 1);
        this.page = new ChatPageModel(model.name(), size(model.parameters()), weights(model, properties),
                backend(engine.backendName(), properties.engine().effectiveThreads()), model.demo(),
                LoadedModel.REAL_MODEL_HINT, context, maxNew, Math.min(ChatPageModel.MAX_NEW_TOKENS, maxNew),
                ChatPageModel.TOP_P, ChatPageModel.TEMPERATURE);
    }

    ChatPageModel page() {
        return page;
    }

    /** {@code 1.9B}, {@code 7.7B}, {@code 0.9M}: one decimal, in the largest unit under the count. */
    static String size(long parameters) {
        if (parameters >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", parameters / 1e9);
        }
        if (parameters >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1fM", parameters / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fK", parameters / 1e3);
    }

    static String weights(LoadedModel model, PuyuProperties properties) {
        String stored = model.dtype().name();
        String quant = properties.engine().quant();
        return quant == null || quant.equals("none") ? stored
                : quant.toUpperCase(Locale.ROOT) + " (quantized from " + stored + ")";
    }

    static String backend(String name, int threads) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cpu" -> "CPU, " + threads + (threads == 1 ? " thread" : " threads");
            case "cuda" -> "GPU (CUDA)";
            default -> name;
        };
    }
}

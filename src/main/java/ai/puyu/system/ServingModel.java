package ai.puyu.system;

import ai.puyu.chat.ChatTemplate;
import ai.puyu.engine.Engine;
import ai.puyu.engine.model.GenerationConfig;
import ai.puyu.engine.tokenizer.Tokenizer;

/**
 * What the chat service needs of the loaded model: its name, tokenizer, chat template, generation defaults and the
 * running engine.
 *
 * @param name       the model id clients send (the checkpoint's name)
 * @param backend    where the forward pass runs (cpu, cuda)
 * @param tokenizer  the model's tokenizer
 * @param template   the ChatML template over that tokenizer
 * @param generation the checkpoint's generation defaults (stop ids, sampling)
 * @param engine     the serving engine
 */
public record ServingModel(String name, String backend, Tokenizer tokenizer, ChatTemplate template,
                           GenerationConfig generation, Engine engine) {
}

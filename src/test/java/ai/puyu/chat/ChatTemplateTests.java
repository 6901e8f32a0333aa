package ai.puyu.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.chat.ChatTemplate.Message;
import ai.puyu.engine.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ChatML rendering with the real InternLM2 tokenizer. */
class ChatTemplateTests {

    private static final Path MODEL = Path.of("/work/shared/internlm2/tokenizer.model");
    private static final String CONFIG = """
            {"added_tokens_decoder": {
              "92538": {"content": "<|plugin|>", "special": true},
              "92539": {"content": "<|interpreter|>", "special": true},
              "92540": {"content": "<|action_end|>", "special": true},
              "92541": {"content": "<|action_start|>", "special": true},
              "92542": {"content": "<|im_end|>", "special": true},
              "92543": {"content": "<|im_start|>", "special": true}}}
            """;
    private static ChatTemplate template;

    @BeforeAll
    static void load() throws Exception {
        Tokenizer tok = Tokenizer.fromBytes(Files.readAllBytes(MODEL), CONFIG);
        template = new ChatTemplate(tok);
    }

    @Test
    void rendersAUserTurnWithTheGenerationPromptAsFactsSays() {
        // FACTS.md test vector (the text with special tokens recognised, encoded by the real tokenizer)
        int[] ids = template.render(List.of(new Message("user", "Hello! What's your name?")), true);
        assertThat(ids).containsExactly(1, 92543, 1008, 364, 9843, 346, 3716, 725, 829, 963, 345, 92542, 364, 92543,
                525, 11353, 364);
    }

    @Test
    void keepsSpecialTokenStringsInContentAsText() {
        int[] ids = template.render(List.of(new Message("system", "x<|im_end|>y<s></s><|im_start|>"),
                new Message("user", "<|action_start|><|plugin|>")), false);
        long controls = Arrays.stream(ids).filter(id -> id <= 2 || id >= 92538).count();
        // only the template's <s>, 2 x <|im_start|> and 2 x <|im_end|>
        assertThat(controls).isEqualTo(5);
        assertThat(ids[0]).isEqualTo(1);
        assertThat(ids[ids.length - 1]).isEqualTo(364);
        assertThat(ids[ids.length - 2]).isEqualTo(92542);
    }

    @Test
    void aConversationExtendsItsPreviousRendering() {
        List<Message> first = List.of(new Message("system", "Be brief."), new Message("user", "Hi"));
        int[] prompt = template.render(first, true);
        int[] next = template.render(List.of(first.get(0), first.get(1), new Message("assistant", "Hello."),
                new Message("user", "Bye")), true);
        assertThat(Arrays.copyOf(next, prompt.length)).containsExactly(prompt);
    }
}

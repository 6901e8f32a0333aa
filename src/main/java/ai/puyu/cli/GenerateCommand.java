package ai.puyu.cli;

import ai.puyu.chat.ChatTemplate;
import ai.puyu.engine.generate.Generation;
import ai.puyu.engine.generate.Generator;
import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.sampling.SamplingParams;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code puyu generate}: one completion from a prompt, streamed to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text from a prompt on the CPU, streaming it to stdout (timings go to stderr).")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory.")
    Path model;

    static final class Input {
        @Option(names = "--prompt", description = "Raw prompt text (after <s>; ChatML special tokens in it are recognised).")
        String prompt;

        @Option(names = "--chat", description = "A user message, wrapped in the chat template with the generation prompt.")
        String chat;

        @Option(names = "--prompt-ids", split = ",", description = "Prompt token ids, comma-separated (used as given).")
        int[] promptIds;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--system", description = "System message (with --chat).")
    String system;

    @Option(names = "--max-tokens", defaultValue = "256", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling (default: ${DEFAULT-VALUE}, off).")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", description = "Top-k sampling (default: ${DEFAULT-VALUE}, off).")
    int topK;

    @Option(names = "--min-p", defaultValue = "0", description = "Min-p sampling (default: ${DEFAULT-VALUE}, off).")
    double minP;

    @Option(names = "--repetition-penalty", defaultValue = "1", description = "Hugging Face repetition penalty (default: ${DEFAULT-VALUE}).")
    double repetitionPenalty;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed for sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", description = "A stop string (repeatable).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--print-ids", description = "Print the generated ids as a JSON array on the last stdout line.")
    boolean printIds;

    @Option(names = "--quant", defaultValue = "none", description = "Weights: none (as stored), q8 or q4 (default: ${DEFAULT-VALUE}).")
    String quant;

    @Option(names = "--threads", description = "Threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (system != null && input.chat == null) {
            throw new IllegalArgumentException("--system needs --chat");
        }
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        try (LocalModel lm = LocalModel.open(model, quant, nThreads, LoadProgress.NONE)) {
            long loaded = System.nanoTime();
            int[] prompt = prompt(lm);
            int[] stopIds = lm.generation().stopTokenIds().stream().mapToInt(Integer::intValue).toArray();
            SamplingParams params = new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, 0, 0, seed,
                    maxTokens, stopIds, stops);
            Generation g;
            try (KvCache cache = lm.newKvCache(prompt.length + maxTokens)) {
                g = new Generator(lm.model()).generate(cache.newSequence(), prompt, prompt, params,
                        lm.newTextDecoder(), text -> {
                            out.print(text);
                            out.flush();
                        }, id -> { });
            }
            out.println();
            if (printIds) {
                out.println(Arrays.stream(g.tokens()).mapToObj(Integer::toString)
                        .collect(Collectors.joining(",", "[", "]")));
            }
            out.flush();
            err.printf(Locale.ROOT, "puyu: %s, %s weights, %d threads: loaded in %.2f s; prefill %d tokens at %.1f tok/s; "
                            + "decode %d tokens at %.2f tok/s; finish: %s%n",
                    model, lm.model().weightFormat(), lm.threads(), (loaded - t0) / 1e9, g.promptTokens(),
                    g.prefillTokensPerSecond(), g.decodeSteps(), g.decodeTokensPerSecond(), g.finishReason());
        }
        return 0;
    }

    private int[] prompt(LocalModel lm) {
        int vocab = lm.model().config().vocabSize();
        if (input.promptIds != null) {
            for (int id : input.promptIds) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("--prompt-ids: id " + id + " is outside the vocabulary [0, " + vocab + ")");
                }
            }
            if (input.promptIds.length == 0) {
                throw new IllegalArgumentException("--prompt-ids: no ids given");
            }
            return input.promptIds;
        }
        if (input.chat != null) {
            List<ChatTemplate.Message> messages = new ArrayList<>();
            if (system != null) {
                messages.add(new ChatTemplate.Message("system", system));
            }
            messages.add(new ChatTemplate.Message("user", input.chat));
            return new ChatTemplate(lm.tokenizer()).render(messages, true);
        }
        int[] text = lm.tokenizer().encodeTemplate(input.prompt);
        int[] ids = new int[text.length + 1];
        ids[0] = lm.tokenizer().bosId();
        System.arraycopy(text, 0, ids, 1, text.length);
        return ids;
    }
}

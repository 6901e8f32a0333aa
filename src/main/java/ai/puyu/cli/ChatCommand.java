package ai.puyu.cli;

import ai.puyu.chat.ChatTemplate;
import ai.puyu.chat.ChatTemplate.Message;
import ai.puyu.engine.generate.CachedSequence;
import ai.puyu.engine.generate.Generation;
import ai.puyu.engine.generate.Generator;
import ai.puyu.engine.generate.LocalModel;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.LoadProgress;
import ai.puyu.engine.sampling.SamplingParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code puyu chat}: an interactive chat in the terminal. The conversation's keys and values stay in the KV
 * cache between turns, so each turn only prefills what is new.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat with a model in the terminal (one line per message; /reset clears the history, /exit quits).")
public final class ChatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory.")
    Path model;

    @Option(names = "--system", description = "System message.")
    String system;

    @Option(names = "--max-tokens", defaultValue = "512", description = "Most tokens per reply (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--context", defaultValue = "4096", description = "KV cache positions (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--temperature", defaultValue = "0.7", description = "(default: ${DEFAULT-VALUE}; 0 is greedy)")
    double temperature;

    @Option(names = "--top-p", defaultValue = "0.8", description = "(default: ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1.005", description = "(default: ${DEFAULT-VALUE})")
    double repetitionPenalty;

    @Option(names = "--seed", defaultValue = "0", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quant", defaultValue = "none", description = "none, q8 or q4 (default: ${DEFAULT-VALUE})")
    String quant;

    @Option(names = "--threads", description = "Threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try (LocalModel lm = LocalModel.open(model, quant, nThreads, LoadProgress.NONE);
             KvCache cache = lm.newKvCache(context)) {
            ChatTemplate template = new ChatTemplate(lm.tokenizer());
            Generator generator = new Generator(lm.model());
            int[] stopIds = lm.generation().stopTokenIds().stream().mapToInt(Integer::intValue).toArray();
            List<Message> history = new ArrayList<>();
            if (system != null) {
                history.add(new Message("system", system));
            }
            CachedSequence sequence = new CachedSequence(cache.newSequence());
            BufferedReader in = new BufferedReader(new InputStreamReader(PuyuCommand.stdin, StandardCharsets.UTF_8));
            err.println("puyu chat: " + model + " (" + lm.model().weightFormat() + "). /reset clears the history, /exit quits.");
            int turn = 0;
            while (true) {
                err.print("> ");
                err.flush();
                String line = in.readLine();
                if (line == null || line.strip().equals("/exit")) {
                    break;
                }
                if (line.strip().equals("/reset")) {
                    history.subList(system != null ? 1 : 0, history.size()).clear();
                    sequence.reset();
                    err.println("(history cleared)");
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                history.add(new Message("user", line));
                int[] ids = template.render(history, true);
                if (ids.length + maxTokens > context) {
                    history.removeLast();
                    err.println("(the conversation would exceed --context " + context + " positions: /reset it)");
                    continue;
                }
                int[] fresh = sequence.prepare(ids); // only what the cache does not already hold
                SamplingParams params = new SamplingParams(temperature, 0, topP, 0, repetitionPenalty, 0, 0,
                        seed + turn++, maxTokens, stopIds, List.of());
                Generation g = generator.generate(sequence.table(), fresh, ids, params, lm.newTextDecoder(), text -> {
                    out.print(text);
                    out.flush();
                }, id -> { });
                out.println();
                out.flush();
                sequence.generated(ids, g.tokens());
                history.add(new Message("assistant", g.text()));
                err.printf(Locale.ROOT, "(%d new prompt tokens, %d reused; %.1f tok/s prefill, %.2f tok/s decode)%n",
                        fresh.length, sequence.reused(), g.prefillTokensPerSecond(), g.decodeTokensPerSecond());
            }
        }
        return 0;
    }
}

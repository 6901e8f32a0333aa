package ai.puyu.cli;

import ai.puyu.engine.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code puyu tokenize}: one JSON string per stdin line in, one JSON array of token ids per line out. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Encode text: reads one JSON string per line on stdin, writes one JSON array of ids per line.")
public final class TokenizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TokenizerOptions tokenizerOptions;

    @Option(names = "--bos", description = "Prepend the BOS id (<s>).")
    boolean bos;

    @Option(names = "--parse-special", description = "Template mode: special-token strings such as <|im_start|> become their ids.")
    boolean parseSpecial;

    @Option(names = "--bench", description = "Benchmark: encode the stdin lines repeatedly for about 5 s on one thread; print MB/s on stderr.")
    boolean bench;

    @Override
    public Integer call() throws Exception {
        Tokenizer tok = tokenizerOptions.load();
        if (bos && tok.bosId() < 0) {
            throw new IllegalArgumentException(tokenizerOptions.tokenizer + ": --bos given but the tokenizer has no BOS piece");
        }
        JsonMapper json = JsonMapper.builder().build();
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in = new BufferedReader(new InputStreamReader(PuyuCommand.stdin, StandardCharsets.UTF_8));
        List<String> texts = bench ? new ArrayList<>() : null;
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String text = parseString(json, line, lineNo);
            if (bench) {
                texts.add(text);
                continue;
            }
            int[] ids = parseSpecial ? tok.encodeTemplate(text) : tok.encode(text);
            StringBuilder sb = new StringBuilder(ids.length * 6 + 8).append('[');
            if (bos) {
                sb.append(tok.bosId());
            }
            for (int i = 0; i < ids.length; i++) {
                if (i > 0 || bos) {
                    sb.append(", ");
                }
                sb.append(ids[i]);
            }
            out.println(sb.append(']'));
        }
        out.flush();
        if (bench) {
            TokenizeBench.run(tok, texts, parseSpecial, spec.commandLine().getErr());
        }
        return 0;
    }

    private static String parseString(JsonMapper json, String line, int lineNo) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("stdin line " + lineNo + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isString()) {
            throw new IllegalArgumentException("stdin line " + lineNo + ": expected a JSON string, got "
                    + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        return node.asString();
    }
}

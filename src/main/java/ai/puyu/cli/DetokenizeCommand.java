package ai.puyu.cli;

import ai.puyu.engine.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code puyu detokenize}: one JSON array of ids per stdin line in, one JSON string per line out. Output
 * strings escape non-ASCII characters ({@code \u4f60}) so they survive any terminal encoding.
 */
@Command(name = "detokenize", mixinStandardHelpOptions = true,
        description = "Decode ids: reads one JSON array of ids per line on stdin, writes one JSON string per line.")
public final class DetokenizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TokenizerOptions tokenizerOptions;

    @Override
    public Integer call() throws Exception {
        Tokenizer tok = tokenizerOptions.load();
        JsonMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in = new BufferedReader(new InputStreamReader(PuyuCommand.stdin, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            int[] ids = parseIds(json, line, lineNo, tok.vocabSize());
            out.println(json.writeValueAsString(tok.decode(ids)));
        }
        out.flush();
        return 0;
    }

    private static int[] parseIds(JsonMapper json, String line, int lineNo, int vocab) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("stdin line " + lineNo + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("stdin line " + lineNo + ": expected a JSON array of token ids");
        }
        int[] ids = new int[node.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new IllegalArgumentException("stdin line " + lineNo + ": element " + i + " (" + v + ") is not a token id");
            }
            int id = v.asInt();
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("stdin line " + lineNo + ": token id " + id
                        + " is out of range (vocabulary has " + vocab + " pieces)");
            }
            ids[i] = id;
        }
        return ids;
    }
}

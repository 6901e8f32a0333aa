package ai.puyu.cli;

import ai.puyu.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that name a tokenizer ({@code --tokenizer FILE [--config FILE]}), shared by tokenize and detokenize. */
final class TokenizerOptions {

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "SentencePiece tokenizer.model")
    Path tokenizer;

    @Option(names = "--config", paramLabel = "FILE",
            description = "tokenizer_config.json with added_tokens_decoder (default: InternLM2's special tokens)")
    Path config;

    Tokenizer load() throws IOException {
        return Tokenizer.load(tokenizer, config);
    }
}

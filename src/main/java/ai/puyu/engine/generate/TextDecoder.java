package ai.puyu.engine.generate;

import ai.puyu.engine.tokenizer.IncrementalDecoder;
import ai.puyu.engine.tokenizer.Tokenizer;

/** Turns a stream of token ids into text, releasing only complete UTF-8 (a tokenizer's incremental decoder). */
public interface TextDecoder {

    /** Text that became complete with this token (possibly empty). */
    String push(int id);

    /** Whatever is still held back at the end. */
    String flush();

    /** A fresh decoder over the tokenizer's incremental, UTF-8-safe decoding. */
    static TextDecoder of(Tokenizer tokenizer) {
        IncrementalDecoder d = tokenizer.newDecoder();
        return new TextDecoder() {
            @Override
            public String push(int id) {
                return d.push(id);
            }

            @Override
            public String flush() {
                return d.flush();
            }
        };
    }
}

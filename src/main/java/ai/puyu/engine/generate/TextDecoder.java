package ai.puyu.engine.generate;

/** Turns a stream of token ids into text, releasing only complete UTF-8 (a tokenizer's incremental decoder). */
public interface TextDecoder {

    /** Text that became complete with this token (possibly empty). */
    String push(int id);

    /** Whatever is still held back at the end. */
    String flush();
}

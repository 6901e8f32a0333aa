package ai.puyu.engine.model;

import ai.puyu.engine.kv.BlockTable;

/**
 * One sequence's share of a forward step: its new tokens (a prompt chunk for prefill, one token for decode),
 * which go at positions {@code table.length()} onwards.
 *
 * @param table     the sequence's block table; its length is the position of tokens[0], and grows by
 *                  tokens.length when the step is done
 * @param tokens    the new token ids
 * @param allLogits true for logits at every new position, false for the last one only
 */
public record InternLM2Chunk(BlockTable table, int[] tokens, boolean allLogits) {

    public InternLM2Chunk {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a forward chunk needs at least one token");
        }
    }

    /** A chunk that only needs the logits of its last token. */
    public static InternLM2Chunk of(BlockTable table, int... tokens) {
        return new InternLM2Chunk(table, tokens, false);
    }

    /** Rows of logits this chunk receives. */
    public int logitRows() {
        return allLogits ? tokens.length : 1;
    }
}

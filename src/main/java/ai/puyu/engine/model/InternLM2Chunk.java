package ai.puyu.engine.model;

import ai.puyu.engine.kv.BlockTable;

/**
 * One sequence's share of a forward step: its new tokens (a prompt chunk for prefill, one token for decode),
 * which go at positions {@code table.length()} onwards.
 *
 * @param table  the sequence's block table; its length is the position of tokens[0], and grows by
 *               tokens.length when the step is done
 * @param tokens the new token ids
 * @param logits which positions need logits
 */
public record InternLM2Chunk(BlockTable table, int[] tokens, Logits logits) {

    /** Which of a chunk's positions get logits. */
    public enum Logits {
        /** None (a prefill chunk that is not the last of its prompt). */
        NONE,
        /** The last position only (the usual case: the next token's distribution). */
        LAST,
        /** Every position (tests, scoring). */
        ALL
    }

    public InternLM2Chunk {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a forward chunk needs at least one token");
        }
    }

    /** A chunk that only needs the logits of its last token. */
    public static InternLM2Chunk of(BlockTable table, int... tokens) {
        return new InternLM2Chunk(table, tokens, Logits.LAST);
    }

    /** Rows of logits this chunk receives. */
    public int logitRows() {
        return switch (logits) {
            case NONE -> 0;
            case LAST -> 1;
            case ALL -> tokens.length;
        };
    }
}

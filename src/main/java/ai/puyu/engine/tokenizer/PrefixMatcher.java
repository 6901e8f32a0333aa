package ai.puyu.engine.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Longest-prefix matching of a fixed set of byte strings (SentencePiece's user-defined symbols), as a
 * byte trie stored in flat arrays (first-child / next-sibling).
 */
final class PrefixMatcher {

    private final boolean[] startsAny = new boolean[256];
    private byte[] label = new byte[64];      // [nodes] byte on the edge into the node
    private int[] firstChild = new int[64];   // [nodes] -1 when none
    private int[] nextSibling = new int[64];  // [nodes] -1 when none
    private boolean[] terminal = new boolean[64];
    private int nodes = 1;                    // node 0 is the root
    private final boolean empty;

    PrefixMatcher(List<byte[]> words) {
        firstChild[0] = -1;
        nextSibling[0] = -1;
        for (byte[] w : words) {
            if (w.length == 0) {
                continue;
            }
            startsAny[w[0] & 0xFF] = true;
            int node = 0;
            for (byte b : w) {
                node = child(node, b, true);
            }
            terminal[node] = true;
        }
        empty = nodes == 1;
    }

    boolean isEmpty() {
        return empty;
    }

    /** Length of the longest word that is a prefix of b[off, end), or 0 when none is. */
    int longestMatch(byte[] b, int off, int end) {
        if (empty || !startsAny[b[off] & 0xFF]) {
            return 0;
        }
        int node = 0;
        int best = 0;
        for (int i = off; i < end; i++) {
            node = child(node, b[i], false);
            if (node < 0) {
                break;
            }
            if (terminal[node]) {
                best = i + 1 - off;
            }
        }
        return best;
    }

    private int child(int node, byte b, boolean create) {
        for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
            if (label[c] == b) {
                return c;
            }
        }
        if (!create) {
            return -1;
        }
        if (nodes == label.length) {
            int n = nodes * 2;
            label = Arrays.copyOf(label, n);
            firstChild = Arrays.copyOf(firstChild, n);
            nextSibling = Arrays.copyOf(nextSibling, n);
            terminal = Arrays.copyOf(terminal, n);
        }
        int c = nodes++;
        label[c] = b;
        firstChild[c] = -1;
        nextSibling[c] = firstChild[node];
        firstChild[node] = c;
        return c;
    }
}

package ai.puyu.engine.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * SentencePiece's BPE segmentation ({@code bpe_model.cc}, sentencepiece 0.1.97) over normalized UTF-8
 * bytes: the input is split into characters (user-defined symbols matched whole and frozen), then the
 * adjacent pair whose concatenation is a known piece with the highest score is merged repeatedly (ties:
 * leftmost first), using a linked symbol list and a binary heap of candidate pairs. Merges into UNUSED
 * pieces are undone afterwards ("resegmentation"); unknown symbols fall back to byte pieces.
 * Instances are immutable; each call allocates its own work arrays.
 */
final class BpeEncoder {

    private final Vocabulary vocab;

    BpeEncoder(Vocabulary vocab) {
        this.vocab = vocab;
    }

    /** Appends the ids for normalized bytes {@code s[0, n)} to {@code out}. */
    void encode(byte[] s, int n, IntList out) {
        if (n == 0) {
            return;
        }
        Work w = new Work(n);
        // Split into characters; user-defined symbols are matched whole (longest) and frozen.
        int count = 0;
        for (int pos = 0; pos < n; ) {
            int len = vocab.userSymbols.longestMatch(s, pos, n);
            boolean freeze = len > 0;
            if (!freeze) {
                len = Math.min(n - pos, Utf8.oneCharLen(s[pos]));
            }
            w.start[count] = pos;
            w.len[count] = len;
            w.freeze[count] = freeze;
            w.prev[count] = count - 1;
            pos += len;
            w.next[count] = pos < n ? count + 1 : -1;
            w.id[count] = -2; // not looked up yet
            count++;
        }
        for (int i = 1; i < count; i++) {
            maybeAddPair(w, s, i - 1, i);
        }
        // Main loop: merge the best pair until none is left.
        while (w.heapSize > 0) {
            int left = w.hLeft[0];
            int right = w.hRight[0];
            int size = w.hSize[0];
            int merged = w.hId[0];
            w.pop();
            if (w.len[left] == 0 || w.len[right] == 0 || w.len[left] + w.len[right] != size) {
                continue; // stale pair
            }
            w.len[left] = size;
            w.id[left] = merged;
            int after = w.next[right];
            w.next[left] = after;
            if (after >= 0) {
                w.prev[after] = left;
            }
            w.len[right] = 0;
            maybeAddPair(w, s, w.prev[left], left);
            maybeAddPair(w, s, left, after);
        }
        boolean prevUnk = false;
        for (int i = 0; i != -1; i = w.next[i]) {
            prevUnk = resegment(w, s, w.start[i], w.len[i], w.id[i], out, prevUnk);
        }
    }

    private void maybeAddPair(Work w, byte[] s, int left, int right) {
        if (left < 0 || right < 0 || w.freeze[left] || w.freeze[right]) {
            return;
        }
        int size = w.len[left] + w.len[right];
        int id = vocab.mergeable.get(s, w.start[left], size);
        if (id < 0) {
            return;
        }
        w.push(vocab.scores[id], left, right, size, id);
        if (vocab.hasUnused && vocab.isUnused(id)) {
            w.revMerge().put(id, new int[] {w.start[left], w.len[left], w.start[right], w.len[right]});
        }
    }

    /** Emits the ids for one final symbol; returns whether it was unknown. */
    private boolean resegment(Work w, byte[] s, int start, int len, int knownMergedId, IntList out, boolean prevUnk) {
        int id = knownMergedId >= 0 ? vocab.finalIdOfMergeable[knownMergedId] : vocab.pieceToId(s, start, len);
        if (vocab.hasUnused && id >= 0 && vocab.isUnused(id)) {
            int[] parts = w.revMerge == null ? null : w.revMerge.get(id);
            if (parts != null) {
                prevUnk = resegment(w, s, parts[0], parts[1], -1, out, prevUnk);
                return resegment(w, s, parts[2], parts[3], -1, out, prevUnk);
            }
        }
        boolean unk = id == vocab.unkId;
        if (unk && vocab.byteFallback) {
            for (int i = start; i < start + len; i++) {
                out.add(vocab.byteIds[s[i] & 0xFF]);
            }
        } else if (!(unk && prevUnk)) {
            out.add(id); // a run of unknown symbols becomes one <unk>, as sentencepiece merges them
        }
        return unk;
    }

    /** Per-call work arrays: the symbol list and the pair heap. */
    private static final class Work {
        final int[] start;      // [symbols] byte offset
        final int[] len;        // [symbols] byte length, 0 once merged away
        final int[] prev;       // [symbols]
        final int[] next;       // [symbols]
        final int[] id;         // [symbols] mergeable id after a merge, -2 before
        final boolean[] freeze; // [symbols]
        float[] hScore;         // [heap]
        int[] hLeft;            // [heap]
        int[] hRight;           // [heap]
        int[] hSize;            // [heap]
        int[] hId;              // [heap]
        int heapSize;
        Map<Integer, int[]> revMerge;

        Work(int n) {
            start = new int[n];
            len = new int[n];
            prev = new int[n];
            next = new int[n];
            id = new int[n];
            freeze = new boolean[n];
            int cap = Math.max(16, n);
            hScore = new float[cap];
            hLeft = new int[cap];
            hRight = new int[cap];
            hSize = new int[cap];
            hId = new int[cap];
        }

        Map<Integer, int[]> revMerge() {
            if (revMerge == null) {
                revMerge = new HashMap<>();
            }
            return revMerge;
        }

        /** True when entry a must be popped before entry b (higher score, then smaller left). */
        private boolean before(int a, int b) {
            return hScore[a] > hScore[b] || (hScore[a] == hScore[b] && hLeft[a] < hLeft[b]);
        }

        void push(float score, int left, int right, int size, int pieceId) {
            if (heapSize == hScore.length) {
                int cap = heapSize * 2;
                hScore = java.util.Arrays.copyOf(hScore, cap);
                hLeft = java.util.Arrays.copyOf(hLeft, cap);
                hRight = java.util.Arrays.copyOf(hRight, cap);
                hSize = java.util.Arrays.copyOf(hSize, cap);
                hId = java.util.Arrays.copyOf(hId, cap);
            }
            int i = heapSize++;
            set(i, score, left, right, size, pieceId);
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(i, parent)) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        void pop() {
            heapSize--;
            if (heapSize == 0) {
                return;
            }
            set(0, hScore[heapSize], hLeft[heapSize], hRight[heapSize], hSize[heapSize], hId[heapSize]);
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= heapSize) {
                    break;
                }
                int best = l;
                int r = l + 1;
                if (r < heapSize && before(r, l)) {
                    best = r;
                }
                if (!before(best, i)) {
                    break;
                }
                swap(i, best);
                i = best;
            }
        }

        private void set(int i, float score, int left, int right, int size, int pieceId) {
            hScore[i] = score;
            hLeft[i] = left;
            hRight[i] = right;
            hSize[i] = size;
            hId[i] = pieceId;
        }

        private void swap(int a, int b) {
            float f = hScore[a];
            hScore[a] = hScore[b];
            hScore[b] = f;
            int t = hLeft[a];
            hLeft[a] = hLeft[b];
            hLeft[b] = t;
            t = hRight[a];
            hRight[a] = hRight[b];
            hRight[b] = t;
            t = hSize[a];
            hSize[a] = hSize[b];
            hSize[b] = t;
            t = hId[a];
            hId[a] = hId[b];
            hId[b] = t;
        }
    }
}

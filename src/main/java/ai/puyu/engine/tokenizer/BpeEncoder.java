package ai.puyu.engine.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * SentencePiece's BPE segmentation ({@code bpe_model.cc}, sentencepiece 0.1.97) over normalized UTF-8
 * bytes: the input is split into characters (user-defined symbols matched whole and frozen), then the
 * adjacent pair whose concatenation is a known piece with the highest score is merged repeatedly (ties:
 * leftmost first), using a linked symbol list and a binary heap of candidate pairs. Merges into UNUSED
 * pieces are undone afterwards ("resegmentation"); unknown symbols fall back to byte pieces.
 * Instances are immutable; work arrays are reused per thread.
 */
final class BpeEncoder {

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    private final Vocabulary vocab;

    BpeEncoder(Vocabulary vocab) {
        this.vocab = vocab;
    }

    /** Appends the ids for normalized bytes {@code s[0, n)} to {@code out}. */
    void encode(byte[] s, int n, IntList out) {
        if (n == 0) {
            return;
        }
        Work w = WORK.get();
        w.reset(n);
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

    /** Reusable work arrays (one set per thread): the symbol list and the pair heap. */
    static final class Work {
        int[] start = new int[64];      // [symbols] byte offset
        int[] len = new int[64];        // [symbols] byte length, 0 once merged away
        int[] prev = new int[64];       // [symbols]
        int[] next = new int[64];       // [symbols]
        int[] id = new int[64];         // [symbols] mergeable id after a merge, -2 before
        boolean[] freeze = new boolean[64];
        long[] hKey = new long[64];     // [heap] score (order-preserving bits) << 32 | ~left
        int[] hLeft = new int[64];      // [heap]
        int[] hRight = new int[64];     // [heap]
        int[] hSize = new int[64];      // [heap]
        int[] hId = new int[64];        // [heap]
        byte[] text = new byte[256];    // normalized input
        int heapSize;
        Map<Integer, int[]> revMerge;

        void reset(int n) {
            if (start.length < n) {
                int cap = Math.max(n, start.length * 2);
                start = new int[cap];
                len = new int[cap];
                prev = new int[cap];
                next = new int[cap];
                id = new int[cap];
                freeze = new boolean[cap];
            }
            heapSize = 0;
            revMerge = null;
        }

        Map<Integer, int[]> revMerge() {
            if (revMerge == null) {
                revMerge = new HashMap<>();
            }
            return revMerge;
        }

        /**
         * A long whose natural order is the pop order: higher score first, then smaller left index.
         * Scores compare as floats do in C++ (-0.0 == 0.0).
         */
        private static long key(float score, int left) {
            int bits = Float.floatToRawIntBits(score + 0.0f);
            int sortable = bits < 0 ? ~bits : bits | 0x80000000;   // unsigned order == float order
            return ((long) (sortable ^ 0x80000000) << 32) | (~left & 0xFFFFFFFFL);
        }

        void push(float score, int left, int right, int size, int pieceId) {
            if (heapSize == hKey.length) {
                int cap = heapSize * 2;
                hKey = java.util.Arrays.copyOf(hKey, cap);
                hLeft = java.util.Arrays.copyOf(hLeft, cap);
                hRight = java.util.Arrays.copyOf(hRight, cap);
                hSize = java.util.Arrays.copyOf(hSize, cap);
                hId = java.util.Arrays.copyOf(hId, cap);
            }
            long k = key(score, left);
            int i = heapSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (hKey[parent] >= k) {
                    break;
                }
                move(parent, i);
                i = parent;
            }
            set(i, k, left, right, size, pieceId);
        }

        void pop() {
            heapSize--;
            int last = heapSize;
            if (last == 0) {
                return;
            }
            long k = hKey[last];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= last) {
                    break;
                }
                int best = l;
                int r = l + 1;
                if (r < last && hKey[r] > hKey[l]) {
                    best = r;
                }
                if (hKey[best] <= k) {
                    break;
                }
                move(best, i);
                i = best;
            }
            set(i, k, hLeft[last], hRight[last], hSize[last], hId[last]);
        }

        private void set(int i, long k, int left, int right, int size, int pieceId) {
            hKey[i] = k;
            hLeft[i] = left;
            hRight[i] = right;
            hSize[i] = size;
            hId[i] = pieceId;
        }

        private void move(int from, int to) {
            hKey[to] = hKey[from];
            hLeft[to] = hLeft[from];
            hRight[to] = hRight[from];
            hSize[to] = hSize[from];
            hId[to] = hId[from];
        }
    }
}

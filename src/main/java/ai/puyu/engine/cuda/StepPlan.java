package ai.puyu.engine.cuda;

import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.model.InternLM2Chunk;
import java.util.Arrays;
import java.util.List;

/**
 * The integer side of one forward step, computed on the host and uploaded in one copy: the stacked tokens, their
 * positions and sequences, the cache slot each token's keys and values go to, the sequences' block tables
 * flattened, and which rows need logits. Making the plan reserves the blocks the new positions need (as the CPU
 * forward does), so it is made before anything runs on the device.
 */
final class StepPlan {

    int n;                 // tokens in the step
    int blockSize;
    int logitRows;
    int[] starts;          // [chunks] position of each chunk's first token (its table's length before the step)
    int[] tokens;          // [n]
    int[] positions;       // [n]
    int[] seqOfRow;        // [n]
    int[] slots;           // [n] block * blockSize + position % blockSize
    int[] tableStart;      // [chunks] offset of each sequence's blocks in blockTables
    int[] blockTables;     // [sum of blocks]
    int[] logitRowIndex;   // [logitRows] rows of the step whose logits are wanted

    static StepPlan of(List<InternLM2Chunk> batch, int vocabSize) {
        StepPlan p = new StepPlan();
        int chunks = batch.size();
        p.starts = new int[chunks];
        p.tableStart = new int[chunks];
        p.blockSize = batch.getFirst().table().blockSize();
        int blocks = 0;
        for (int s = 0; s < chunks; s++) {
            InternLM2Chunk c = batch.get(s);
            for (int t : c.tokens()) {
                if (t < 0 || t >= vocabSize) {
                    throw new IllegalArgumentException("token id " + t + " is outside the vocabulary [0, " + vocabSize + ")");
                }
            }
            p.n += c.tokens().length;
            p.logitRows += c.logitRows();
        }
        for (int s = 0; s < chunks; s++) {
            BlockTable t = batch.get(s).table();
            p.starts[s] = t.length();
            t.ensureCapacity(p.starts[s] + batch.get(s).tokens().length);
            p.tableStart[s] = blocks;
            blocks += t.blockCount();
        }
        p.tokens = new int[p.n];
        p.positions = new int[p.n];
        p.seqOfRow = new int[p.n];
        p.slots = new int[p.n];
        p.blockTables = new int[blocks];
        p.logitRowIndex = new int[p.logitRows];
        int row = 0;
        int out = 0;
        for (int s = 0; s < chunks; s++) {
            InternLM2Chunk c = batch.get(s);
            BlockTable t = c.table();
            int[] ids = t.blocks();
            System.arraycopy(ids, 0, p.blockTables, p.tableStart[s], ids.length);
            int len = c.tokens().length;
            for (int i = 0; i < len; i++, row++) {
                int pos = p.starts[s] + i;
                p.tokens[row] = c.tokens()[i];
                p.positions[row] = pos;
                p.seqOfRow[row] = s;
                p.slots[row] = ids[pos / p.blockSize] * p.blockSize + pos % p.blockSize;
                if (i >= len - c.logitRows()) {
                    p.logitRowIndex[out++] = row;
                }
            }
        }
        return p;
    }

    /** All the arrays back to back, in the order {@link StepBuffers} expects. */
    int[] packed() {
        int[] all = new int[4 * n + starts.length + blockTables.length + logitRows];
        int o = 0;
        for (int[] a : new int[][] {tokens, positions, seqOfRow, slots, tableStart, blockTables, logitRowIndex}) {
            System.arraycopy(a, 0, all, o, a.length);
            o += a.length;
        }
        return all;
    }

    /** Splits the logits of all logit rows // [logitRows, V] into one array per chunk. */
    float[][] split(float[] all, List<InternLM2Chunk> batch, int vocabSize) {
        float[][] result = new float[batch.size()][];
        int r = 0;
        for (int s = 0; s < batch.size(); s++) {
            int count = batch.get(s).logitRows();
            result[s] = Arrays.copyOfRange(all, r * vocabSize, (r + count) * vocabSize);
            r += count;
        }
        return result;
    }
}

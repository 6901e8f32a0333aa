package ai.puyu.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.kv.BlockTable;
import ai.puyu.engine.kv.KvCache;
import ai.puyu.engine.model.InternLM2Chunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device step plan addresses the KV cache exactly as the CPU cache does (KvCache.offset). */
class StepPlanTests {

    @Test
    void slotsAndBlockTablesMatchTheCpuCacheOffsets() {
        int kvDim = 8;
        try (KvCache cache = new KvCache(1, kvDim, 16, KvCache.bytesPerBlock(1, kvDim, 16) * 8)) {
            BlockTable a = cache.newSequence();
            BlockTable b = cache.newSequence();
            a.ensureCapacity(14);
            a.setLength(14);                     // a continues at 14, crossing into its second block
            int[] prompt = new int[20];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = i + 3;
            }
            List<InternLM2Chunk> batch = List.of(new InternLM2Chunk(a, new int[] {5, 6, 7}, InternLM2Chunk.Logits.LAST),
                    new InternLM2Chunk(b, prompt, InternLM2Chunk.Logits.ALL));
            StepPlan p = StepPlan.of(batch, 100);
            assertThat(p.n).isEqualTo(23);
            assertThat(p.starts).containsExactly(14, 0);
            assertThat(p.logitRows).isEqualTo(21);
            assertThat(p.logitRowIndex[0]).isEqualTo(2);
            assertThat(p.logitRowIndex[1]).isEqualTo(3);
            for (int row = 0; row < p.n; row++) {
                BlockTable t = p.seqOfRow[row] == 0 ? a : b;
                long cpuOffset = cache.offset(t, p.positions[row]);
                assertThat((long) p.slots[row] * kvDim * Float.BYTES).isEqualTo(cpuOffset);
                int blockIndex = p.positions[row] / 16;
                assertThat(p.blockTables[p.tableStart[p.seqOfRow[row]] + blockIndex]).isEqualTo(t.block(blockIndex));
            }
            assertThat(p.positions).startsWith(14, 15, 16, 0, 1);
            assertThat(p.packed()).hasSize(4 * 23 + 2 + a.blockCount() + b.blockCount() + 21);
            assertThat(a.length()).as("the plan reserves blocks but does not advance the tables").isEqualTo(14);
        }
    }
}

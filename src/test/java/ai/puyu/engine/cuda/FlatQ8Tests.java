package ai.puyu.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.QuantizedWeights;
import ai.puyu.engine.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlatQ8Tests {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void flatLayoutDequantizesToTheSameValuesAsTheCpuLayout() {
        int rows = 5;
        int cols = 70; // not a multiple of the block: the tail is zero-padded
        MemorySegment data = Arena.ofAuto().allocate((long) rows * cols * 4);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < rows * cols; i++) {
            data.set(F32, i * 4L, (float) rnd.nextGaussian());
        }
        QuantizedWeights q = QuantizedWeights.q8(new Tensor("w", DType.F32, new long[] {rows, cols}, data));
        FlatQ8 flat = FlatQ8.of(q);
        int blocks = q.blocks();
        assertThat(flat.quants().byteSize()).isEqualTo((long) rows * blocks * 32);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < blocks * 32; c++) {
                int b = c / 32;
                float scale = Float.float16ToFloat(flat.scales().get(U16, ((long) r * blocks + b) * 2));
                byte v = flat.quants().get(ValueLayout.JAVA_BYTE, (long) r * blocks * 32 + c);
                if (c < cols) {
                    assertThat(v * scale).isEqualTo(q.get(r, c));
                } else {
                    assertThat(v).isZero();
                }
            }
        }
    }
}

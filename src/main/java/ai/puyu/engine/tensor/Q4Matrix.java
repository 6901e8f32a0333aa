package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.B;
import static ai.puyu.engine.tensor.Vectors.BLOCK;
import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.I;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * q4 weights (see {@link QuantizedWeights}). L bytes are sign-extended to ints in registers; the low
 * nibble becomes a signed value by shifting left 28 then arithmetically right 28, the high nibble by
 * an arithmetic right shift of 4; both are converted to floats and multiplied with the activations
 * of columns j and j + 16 of the block. Decode scales each block's sum, prefill scales the weights
 * once per tile.
 */
public final class Q4Matrix extends TiledMatrix {

    private final QuantizedWeights q;
    private final MemorySegment quants; // [rows, blocks * 16] signed nibble pairs
    private final MemorySegment scales; // [rows, blocks] f16
    private final int blocks;
    private static final int HALF = BLOCK / 2;

    public Q4Matrix(QuantizedWeights q) {
        if (!q.format().equals("q4")) {
            throw new IllegalArgumentException("not q4 weights: " + q.format());
        }
        super(q.rows(), q.cols(), q.blocks() * BLOCK);
        this.q = q;
        this.quants = q.quants();
        this.scales = q.scales();
        this.blocks = q.blocks();
    }

    /** The quantized data, shared with the scalar twin. */
    public QuantizedWeights weights() {
        return q;
    }

    @Override
    public String format() {
        return "q4";
    }

    @Override
    public long byteSize() {
        return q.byteSize();
    }

    @Override
    public void row(int r, float[] dst, int dstOffset) {
        for (int c = 0; c < cols; c++) {
            dst[dstOffset + c] = q.get(r, c);
        }
    }

    @Override
    boolean evenOdd() {
        return false;
    }

    @Override
    float tail(int r, float[] xp, int xo) {
        return 0f;
    }

    private float scale(long index) {
        return Float.float16ToFloat(scales.get(QuantizedWeights.U16, index * 2));
    }

    private static IntVector load(MemorySegment quants, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B, quants, offset, LE).convertShape(VectorOperators.B2I, I, 0);
    }

    private static FloatVector low(IntVector v) {
        return (FloatVector) v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28)
                .convert(VectorOperators.I2F, 0);
    }

    private static FloatVector high(IntVector v) {
        return (FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0);
    }

    @Override
    void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res) {
        long s0 = (long) r0 * blocks, s1 = (long) r1 * blocks, s2 = (long) r2 * blocks, s3 = (long) r3 * blocks;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < blocks; b++) {
            int c = b * BLOCK;
            FloatVector p0 = FloatVector.zero(F), p1 = p0, p2 = p0, p3 = p0;
            for (int j = 0; j < HALF; j += L) {
                FloatVector xl = FloatVector.fromArray(F, xp, xo + c + j);
                FloatVector xh = FloatVector.fromArray(F, xp, xo + c + HALF + j);
                IntVector v0 = load(quants, (s0 + b) * HALF + j);
                IntVector v1 = load(quants, (s1 + b) * HALF + j);
                IntVector v2 = load(quants, (s2 + b) * HALF + j);
                IntVector v3 = load(quants, (s3 + b) * HALF + j);
                p0 = high(v0).fma(xh, low(v0).fma(xl, p0));
                p1 = high(v1).fma(xh, low(v1).fma(xl, p1));
                p2 = high(v2).fma(xh, low(v2).fma(xl, p2));
                p3 = high(v3).fma(xh, low(v3).fma(xl, p3));
            }
            a0 = p0.fma(FloatVector.broadcast(F, scale(s0 + b)), a0);
            a1 = p1.fma(FloatVector.broadcast(F, scale(s1 + b)), a1);
            a2 = p2.fma(FloatVector.broadcast(F, scale(s2 + b)), a2);
            a3 = p3.fma(FloatVector.broadcast(F, scale(s3 + b)), a3);
        }
        res[0] = a0.reduceLanes(VectorOperators.ADD);
        res[1] = a1.reduceLanes(VectorOperators.ADD);
        res[2] = a2.reduceLanes(VectorOperators.ADD);
        res[3] = a3.reduceLanes(VectorOperators.ADD);
    }

    @Override
    void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res) {
        long s0 = (long) r0 * blocks, s1 = (long) r1 * blocks, s2 = (long) r2 * blocks, s3 = (long) r3 * blocks;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int b = 0; b < blocks; b++) {
            float d0 = scale(s0 + b), d1 = scale(s1 + b), d2 = scale(s2 + b), d3 = scale(s3 + b);
            for (int j = 0; j < HALF; j += L) {
                int c = b * BLOCK + j;
                IntVector v0 = load(quants, (s0 + b) * HALF + j);
                IntVector v1 = load(quants, (s1 + b) * HALF + j);
                IntVector v2 = load(quants, (s2 + b) * HALF + j);
                IntVector v3 = load(quants, (s3 + b) * HALF + j);
                FloatVector l0 = low(v0).mul(d0), h0 = high(v0).mul(d0);
                FloatVector l1 = low(v1).mul(d1), h1 = high(v1).mul(d1);
                FloatVector l2 = low(v2).mul(d2), h2 = high(v2).mul(d2);
                FloatVector l3 = low(v3).mul(d3), h3 = high(v3).mul(d3);
                FloatVector xl = FloatVector.fromArray(F, xp, xo0 + c);
                FloatVector xh = FloatVector.fromArray(F, xp, xo0 + c + HALF);
                a00 = h0.fma(xh, l0.fma(xl, a00));
                a10 = h1.fma(xh, l1.fma(xl, a10));
                a20 = h2.fma(xh, l2.fma(xl, a20));
                a30 = h3.fma(xh, l3.fma(xl, a30));
                xl = FloatVector.fromArray(F, xp, xo1 + c);
                xh = FloatVector.fromArray(F, xp, xo1 + c + HALF);
                a01 = h0.fma(xh, l0.fma(xl, a01));
                a11 = h1.fma(xh, l1.fma(xl, a11));
                a21 = h2.fma(xh, l2.fma(xl, a21));
                a31 = h3.fma(xh, l3.fma(xl, a31));
                xl = FloatVector.fromArray(F, xp, xo2 + c);
                xh = FloatVector.fromArray(F, xp, xo2 + c + HALF);
                a02 = h0.fma(xh, l0.fma(xl, a02));
                a12 = h1.fma(xh, l1.fma(xl, a12));
                a22 = h2.fma(xh, l2.fma(xl, a22));
                a32 = h3.fma(xh, l3.fma(xl, a32));
                xl = FloatVector.fromArray(F, xp, xo3 + c);
                xh = FloatVector.fromArray(F, xp, xo3 + c + HALF);
                a03 = h0.fma(xh, l0.fma(xl, a03));
                a13 = h1.fma(xh, l1.fma(xl, a13));
                a23 = h2.fma(xh, l2.fma(xl, a23));
                a33 = h3.fma(xh, l3.fma(xl, a33));
            }
        }
        Tiles.reduce4x4(res, a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33);
    }
}

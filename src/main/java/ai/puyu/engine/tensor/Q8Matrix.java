package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.B;
import static ai.puyu.engine.tensor.Vectors.BLOCK;
import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.L;
import static ai.puyu.engine.tensor.Vectors.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * q8 weights (see {@link QuantizedWeights}). Bytes are widened to floats in registers (L at a time);
 * decode sums each block's products and then multiplies by the block scale, the prefill tile scales
 * the converted weights once and reuses them for four tokens.
 */
public final class Q8Matrix extends TiledMatrix {

    private final QuantizedWeights q;
    private final MemorySegment quants; // [rows, blocks * 32] int8
    private final MemorySegment scales; // [rows, blocks] f16
    private final int blocks;

    public Q8Matrix(QuantizedWeights q) {
        if (!q.format().equals("q8")) {
            throw new IllegalArgumentException("not q8 weights: " + q.format());
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
        return "q8";
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

    private static FloatVector load(MemorySegment quants, long offset) {
        return Vectors.bytesToFloats(ByteVector.fromMemorySegment(B, quants, offset, LE));
    }

    @Override
    void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res) {
        long s0 = (long) r0 * blocks, s1 = (long) r1 * blocks, s2 = (long) r2 * blocks, s3 = (long) r3 * blocks;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int b = 0; b < blocks; b++) {
            int c = b * BLOCK;
            FloatVector p0 = FloatVector.zero(F), p1 = p0, p2 = p0, p3 = p0;
            for (int j = 0; j < BLOCK; j += L) {
                FloatVector x = FloatVector.fromArray(F, xp, xo + c + j);
                p0 = load(quants, (s0 + b) * BLOCK + j).fma(x, p0);
                p1 = load(quants, (s1 + b) * BLOCK + j).fma(x, p1);
                p2 = load(quants, (s2 + b) * BLOCK + j).fma(x, p2);
                p3 = load(quants, (s3 + b) * BLOCK + j).fma(x, p3);
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
            for (int j = 0; j < BLOCK; j += L) {
                int c = b * BLOCK + j;
                FloatVector w0 = load(quants, (s0 + b) * BLOCK + j).mul(d0);
                FloatVector w1 = load(quants, (s1 + b) * BLOCK + j).mul(d1);
                FloatVector w2 = load(quants, (s2 + b) * BLOCK + j).mul(d2);
                FloatVector w3 = load(quants, (s3 + b) * BLOCK + j).mul(d3);
                FloatVector x = FloatVector.fromArray(F, xp, xo0 + c);
                a00 = w0.fma(x, a00);
                a10 = w1.fma(x, a10);
                a20 = w2.fma(x, a20);
                a30 = w3.fma(x, a30);
                x = FloatVector.fromArray(F, xp, xo1 + c);
                a01 = w0.fma(x, a01);
                a11 = w1.fma(x, a11);
                a21 = w2.fma(x, a21);
                a31 = w3.fma(x, a31);
                x = FloatVector.fromArray(F, xp, xo2 + c);
                a02 = w0.fma(x, a02);
                a12 = w1.fma(x, a12);
                a22 = w2.fma(x, a22);
                a32 = w3.fma(x, a32);
                x = FloatVector.fromArray(F, xp, xo3 + c);
                a03 = w0.fma(x, a03);
                a13 = w1.fma(x, a13);
                a23 = w2.fma(x, a23);
                a33 = w3.fma(x, a33);
            }
        }
        // reduced here: passing vectors to a method C2 does not inline would box them
        res[0] = a00.reduceLanes(VectorOperators.ADD);
        res[1] = a01.reduceLanes(VectorOperators.ADD);
        res[2] = a02.reduceLanes(VectorOperators.ADD);
        res[3] = a03.reduceLanes(VectorOperators.ADD);
        res[4] = a10.reduceLanes(VectorOperators.ADD);
        res[5] = a11.reduceLanes(VectorOperators.ADD);
        res[6] = a12.reduceLanes(VectorOperators.ADD);
        res[7] = a13.reduceLanes(VectorOperators.ADD);
        res[8] = a20.reduceLanes(VectorOperators.ADD);
        res[9] = a21.reduceLanes(VectorOperators.ADD);
        res[10] = a22.reduceLanes(VectorOperators.ADD);
        res[11] = a23.reduceLanes(VectorOperators.ADD);
        res[12] = a30.reduceLanes(VectorOperators.ADD);
        res[13] = a31.reduceLanes(VectorOperators.ADD);
        res[14] = a32.reduceLanes(VectorOperators.ADD);
        res[15] = a33.reduceLanes(VectorOperators.ADD);
    }
}

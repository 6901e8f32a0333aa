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
 * q4 weights (see {@link QuantizedWeights}). For L bytes in a register, the low nibbles become signed
 * bytes by masking, flipping the sign bit of the nibble and subtracting 8; the high nibbles are masked
 * in place, which reads as 16 times their signed value, and the activations of columns 16..31 of each
 * block are prepared pre-divided by 16 (exact). Both are widened to floats and multiplied with the
 * activations of columns j and j + 16. Decode scales each block's sum, prefill scales the weights
 * once per tile. (x86 has no byte shifts; shifting nibbles in byte lanes ran ten times slower.)
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

    private static ByteVector load(MemorySegment quants, long offset) {
        return ByteVector.fromMemorySegment(B, quants, offset, LE);
    }

    @Override
    boolean q4High() {
        return true;
    }

    /** The signed low nibbles: ((b &amp; 0x0F) ^ 8) - 8, byte operations x86 has (it has no byte shifts). */
    private static FloatVector low(ByteVector v) {
        return Vectors.bytesToFloats(v.and((byte) 0x0F).lanewise(VectorOperators.XOR, (byte) 0x08).sub((byte) 0x08));
    }

    /** 16 times the signed high nibbles: b &amp; 0xF0 read as a signed byte (the activations carry the 1/16). */
    private static FloatVector high(ByteVector v) {
        return Vectors.bytesToFloats(v.and((byte) 0xF0));
    }

    @Override
    void kernel4x1(float[] xp, int xo, int r0, int r1, int r2, int r3, float[] res) {
        // two rows per call: four rows in one method exceed C2's node budget for inlining the
        // Vector API, and the vectors it fails to inline get boxed
        for (int k = 0; k < 4; k += 2) {
            res[k] = dot2(xp, xo, k == 0 ? r0 : r2, k == 0 ? r1 : r3, res, k);
        }
    }

    /** Sets res[i + 1] to the dot product of row rb and returns row ra's. */
    private float dot2(float[] xp, int xo, int ra, int rb, float[] res, int i) {
        long s0 = (long) ra * blocks, s1 = (long) rb * blocks;
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        for (int b = 0; b < blocks; b++) {
            int c = b * BLOCK;
            FloatVector p0 = FloatVector.zero(F), p1 = p0;
            for (int j = 0; j < HALF; j += L) {
                FloatVector xl = FloatVector.fromArray(F, xp, xo + c + j);
                FloatVector xh = FloatVector.fromArray(F, xp, xo + c + HALF + j);
                ByteVector v0 = load(quants, (s0 + b) * HALF + j);
                ByteVector v1 = load(quants, (s1 + b) * HALF + j);
                p0 = high(v0).fma(xh, low(v0).fma(xl, p0));
                p1 = high(v1).fma(xh, low(v1).fma(xl, p1));
            }
            a0 = p0.fma(FloatVector.broadcast(F, scale(s0 + b)), a0);
            a1 = p1.fma(FloatVector.broadcast(F, scale(s1 + b)), a1);
        }
        res[i + 1] = a1.reduceLanes(VectorOperators.ADD);
        return a0.reduceLanes(VectorOperators.ADD);
    }

    @Override
    void kernel4x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int r0, int r1, int r2, int r3, float[] res) {
        for (int k = 0; k < 4; k += 2) {
            tile2x4(xp, xo0, xo1, xo2, xo3, k == 0 ? r0 : r2, k == 0 ? r1 : r3, res, 4 * k);
        }
    }

    /** res[i + 4 k + j] = dot(row k of (ra, rb), token j): half the 4x4 tile, for C2's node budget. */
    private void tile2x4(float[] xp, int xo0, int xo1, int xo2, int xo3, int ra, int rb, float[] res, int i) {
        long s0 = (long) ra * blocks, s1 = (long) rb * blocks;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        for (int b = 0; b < blocks; b++) {
            float d0 = scale(s0 + b), d1 = scale(s1 + b);
            for (int j = 0; j < HALF; j += L) {
                int c = b * BLOCK + j;
                ByteVector v0 = load(quants, (s0 + b) * HALF + j);
                ByteVector v1 = load(quants, (s1 + b) * HALF + j);
                FloatVector l0 = low(v0).mul(d0), h0 = high(v0).mul(d0);
                FloatVector l1 = low(v1).mul(d1), h1 = high(v1).mul(d1);
                FloatVector xl = FloatVector.fromArray(F, xp, xo0 + c);
                FloatVector xh = FloatVector.fromArray(F, xp, xo0 + c + HALF);
                a00 = h0.fma(xh, l0.fma(xl, a00));
                a10 = h1.fma(xh, l1.fma(xl, a10));
                xl = FloatVector.fromArray(F, xp, xo1 + c);
                xh = FloatVector.fromArray(F, xp, xo1 + c + HALF);
                a01 = h0.fma(xh, l0.fma(xl, a01));
                a11 = h1.fma(xh, l1.fma(xl, a11));
                xl = FloatVector.fromArray(F, xp, xo2 + c);
                xh = FloatVector.fromArray(F, xp, xo2 + c + HALF);
                a02 = h0.fma(xh, l0.fma(xl, a02));
                a12 = h1.fma(xh, l1.fma(xl, a12));
                xl = FloatVector.fromArray(F, xp, xo3 + c);
                xh = FloatVector.fromArray(F, xp, xo3 + c + HALF);
                a03 = h0.fma(xh, l0.fma(xl, a03));
                a13 = h1.fma(xh, l1.fma(xl, a13));
            }
        }
        res[i] = a00.reduceLanes(VectorOperators.ADD);
        res[i + 1] = a01.reduceLanes(VectorOperators.ADD);
        res[i + 2] = a02.reduceLanes(VectorOperators.ADD);
        res[i + 3] = a03.reduceLanes(VectorOperators.ADD);
        res[i + 4] = a10.reduceLanes(VectorOperators.ADD);
        res[i + 5] = a11.reduceLanes(VectorOperators.ADD);
        res[i + 6] = a12.reduceLanes(VectorOperators.ADD);
        res[i + 7] = a13.reduceLanes(VectorOperators.ADD);
    }
}

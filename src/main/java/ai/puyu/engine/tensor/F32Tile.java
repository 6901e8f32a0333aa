package ai.puyu.engine.tensor;

import static ai.puyu.engine.tensor.Vectors.F;
import static ai.puyu.engine.tensor.Vectors.L;

import jdk.incubator.vector.FloatVector;

/**
 * The prefill micro-kernel over weights already converted to float32: a 4-row x 4-token register tile
 * (per L columns: 4 weight loads, 4 activation loads, 16 FMAs), weights from a per-thread block of
 * converted rows that stays in cache while every token of the prompt passes over it.
 */
final class F32Tile {

    private F32Tile() {
    }

    /**
     * p[res + 4 i + j] = dot(w[wo + i * ws ..], p[xoj ..]) over {@code len} columns (a multiple of L),
     * for rows i and tokens j &lt; 4; uses out[res + 16 .. res + 16 + 16 L) as scratch.
     */
    static void tile4x4(float[] w, int wo, int ws, float[] p, int xo0, int xo1, int xo2, int xo3, int len, float[] out,
            int res) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int c = 0; c < len; c += L) {
            FloatVector w0 = FloatVector.fromArray(F, w, wo + c);
            FloatVector w1 = FloatVector.fromArray(F, w, wo + ws + c);
            FloatVector w2 = FloatVector.fromArray(F, w, wo + 2 * ws + c);
            FloatVector w3 = FloatVector.fromArray(F, w, wo + 3 * ws + c);
            FloatVector x = FloatVector.fromArray(F, p, xo0 + c);
            a00 = w0.fma(x, a00);
            a10 = w1.fma(x, a10);
            a20 = w2.fma(x, a20);
            a30 = w3.fma(x, a30);
            x = FloatVector.fromArray(F, p, xo1 + c);
            a01 = w0.fma(x, a01);
            a11 = w1.fma(x, a11);
            a21 = w2.fma(x, a21);
            a31 = w3.fma(x, a31);
            x = FloatVector.fromArray(F, p, xo2 + c);
            a02 = w0.fma(x, a02);
            a12 = w1.fma(x, a12);
            a22 = w2.fma(x, a22);
            a32 = w3.fma(x, a32);
            x = FloatVector.fromArray(F, p, xo3 + c);
            a03 = w0.fma(x, a03);
            a13 = w1.fma(x, a13);
            a23 = w2.fma(x, a23);
            a33 = w3.fma(x, a33);
        }
        // lane sums in a fixed order through memory (see Vectors.sumLanes)
        int s = res + 16;
        a00.intoArray(out, s);
        a01.intoArray(out, s + L);
        a02.intoArray(out, s + 2 * L);
        a03.intoArray(out, s + 3 * L);
        a10.intoArray(out, s + 4 * L);
        a11.intoArray(out, s + 5 * L);
        a12.intoArray(out, s + 6 * L);
        a13.intoArray(out, s + 7 * L);
        a20.intoArray(out, s + 8 * L);
        a21.intoArray(out, s + 9 * L);
        a22.intoArray(out, s + 10 * L);
        a23.intoArray(out, s + 11 * L);
        a30.intoArray(out, s + 12 * L);
        a31.intoArray(out, s + 13 * L);
        a32.intoArray(out, s + 14 * L);
        a33.intoArray(out, s + 15 * L);
        Vectors.sumLanes(out, s, 16, out, res);
    }
}

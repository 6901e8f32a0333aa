package ai.puyu.engine.tensor;

/**
 * A weight matrix W [rows, cols] in some storage format (f32, bf16, f16, q8, q4), multiplied by
 * float32 activations. Implementations hold their bytes off-heap and are immutable and thread-safe.
 *
 * <p>The forward pass only talks to this interface; each storage format is one class, and each has a
 * scalar twin that the consistency tests compare against.
 */
public interface WeightMatrix {

    /** Output features (first dimension). */
    int rows();

    /** Input features (second dimension). */
    int cols();

    /** Storage format name: "f32", "bf16", "f16", "q8", "q4". */
    String format();

    /** Bytes of weights read by one full product (what decode streams from memory per matrix). */
    long byteSize();

    /**
     * For every token t &lt; n and row r in [rowStart, rowEnd):
     * {@code out[t * outStride + r] = sum_c W[r, c] * x[t * cols + c]}.
     * Single-threaded; callers split rows across threads.
     *
     * @param x         activations              // [n, cols]
     * @param n         number of tokens (rows of x)
     * @param out       results                  // [n, outStride]
     * @param outStride row length of out (usually rows())
     */
    void multiply(float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd);

    /**
     * The activations x [n, cols] in the layout this matrix's kernels read (by default x itself), so
     * that a product split over threads rearranges them once rather than once per row range. The
     * result lives in a buffer of the calling thread, valid until that thread's next prepare; other
     * threads may read it (through {@link #multiplyPrepared}) meanwhile.
     */
    default float[] prepare(float[] x, int n) {
        return x;
    }

    /** {@link #multiply} on activations already passed through {@link #prepare}. */
    default void multiplyPrepared(float[] prepared, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        multiply(prepared, n, out, outStride, rowStart, rowEnd);
    }

    /** Copies row r, converted to float32, into dst[dstOffset .. dstOffset + cols). */
    void row(int r, float[] dst, int dstOffset);
}

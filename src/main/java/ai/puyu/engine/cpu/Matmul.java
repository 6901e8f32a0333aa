package ai.puyu.engine.cpu;

import ai.puyu.engine.tensor.WeightMatrix;

/**
 * Multi-threaded products {@code out = x W^T} for any {@link WeightMatrix}: rows of W are split into
 * a few contiguous ranges per thread (multiples of 32 rows: whole blocks of the packed bf16 layout) taken dynamically,
 * small products run on the calling thread.
 */
public final class Matmul implements AutoCloseable {

    /** Products with fewer multiply-adds than this are not worth a thread hand-off. */
    static final long INLINE_MACS = 1L << 16;
    private static final int ROW_ALIGN = 32;
    private static final int CHUNKS_PER_THREAD = 4;

    private final Parallel pool;

    /** A pool of {@code threads} threads (the caller included). */
    public Matmul(int threads) {
        this.pool = new Parallel(threads);
    }

    /** A pool with one thread per available processor. */
    public Matmul() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return pool.threads();
    }

    /** The underlying pool, for other parallel loops of the forward pass. */
    public Parallel pool() {
        return pool;
    }

    /**
     * {@code out[t * rows + r] = sum_c W[r, c] * x[t * cols + c]} for t &lt; n.
     *
     * @param x   activations // [n, cols]
     * @param out results     // [n, rows]
     */
    public void multiply(WeightMatrix w, float[] x, int n, float[] out) {
        multiply(w, x, n, out, w.rows());
    }

    /** As {@link #multiply(WeightMatrix, float[], int, float[])} with out [n, outStride]. */
    public void multiply(WeightMatrix w, float[] x, int n, float[] out, int outStride) {
        int rows = w.rows();
        int threads = pool.threads();
        if (threads == 1 || (long) rows * w.cols() * n < INLINE_MACS || rows < 2 * ROW_ALIGN) {
            w.multiply(x, n, out, outStride, 0, rows);
            return;
        }
        // a few chunks per thread, taken dynamically: a thread that the OS deschedules (other work on
        // the machine) holds up the product by one chunk rather than by its whole share
        float[] p = w.prepare(x, n); // once for all threads: the kernels' activation layout
        int chunks = (int) Math.min(threads * CHUNKS_PER_THREAD, Math.max(threads, (long) rows * w.cols() * n / INLINE_MACS));
        int per = (rows + chunks - 1) / chunks;
        int perAligned = (per + ROW_ALIGN - 1) / ROW_ALIGN * ROW_ALIGN;
        pool.forEach(chunks, i -> {
            int start = Math.min(rows, i * perAligned);
            int end = Math.min(rows, start + perAligned);
            if (start < end) {
                w.multiplyPrepared(p, n, out, outStride, start, end);
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }
}

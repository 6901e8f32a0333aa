package ai.puyu.engine.tensor;

import java.lang.foreign.MemorySegment;

/** f32 and f16 weights read in place from the mapped tensor; the vector kernels cover whole groups of 2L columns. */
abstract sealed class DenseMatrix extends TiledMatrix permits F32Matrix, F16Matrix {

    protected final Tensor tensor;     // [rows, cols]
    protected final MemorySegment data;

    DenseMatrix(Tensor tensor, DType expected) {
        if (tensor.rank() != 2) {
            throw new IllegalArgumentException("tensor " + tensor + " is not a matrix");
        }
        if (tensor.dtype() != expected) {
            throw new IllegalArgumentException("tensor " + tensor + " is not " + expected);
        }
        super(tensor.rows(), tensor.cols(), tensor.cols() - tensor.cols() % (2 * Vectors.L));
        this.tensor = tensor;
        this.data = tensor.data();
    }

    @Override
    public final String format() {
        return tensor.dtype().name().toLowerCase();
    }

    @Override
    public final long byteSize() {
        return data.byteSize();
    }

    @Override
    public final void row(int r, float[] dst, int dstOffset) {
        ScalarMatrix.row(tensor, r, dst, dstOffset);
    }

    /** The columns past vecCols, which the prepared activations hold in natural order. */
    @Override
    final float tail(int r, float[] xp, int xo) {
        if (vecCols == cols) {
            return 0f;
        }
        long base = (long) r * cols;
        float sum = 0f;
        for (int c = vecCols; c < cols; c++) {
            sum += ScalarMatrix.get(tensor, base + c) * xp[xo + c];
        }
        return sum;
    }
}

package ai.puyu.engine.tensor;

/**
 * The plain scalar twin of {@link Q8Matrix} and {@link Q4Matrix}: reads each integer and scale
 * through {@link QuantizedWeights#get}, one element at a time, and sums in double.
 */
public final class ScalarQuantizedMatrix implements WeightMatrix {

    private final QuantizedWeights q;

    public ScalarQuantizedMatrix(QuantizedWeights q) {
        this.q = q;
    }

    @Override
    public int rows() {
        return q.rows();
    }

    @Override
    public int cols() {
        return q.cols();
    }

    @Override
    public String format() {
        return q.format();
    }

    @Override
    public long byteSize() {
        return q.byteSize();
    }

    @Override
    public void multiply(float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        MatrixChecks.check(this, x, n, out, outStride, rowStart, rowEnd);
        int cols = q.cols();
        for (int t = 0; t < n; t++) {
            for (int r = rowStart; r < rowEnd; r++) {
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += (double) q.get(r, c) * x[t * cols + c];
                }
                out[t * outStride + r] = (float) sum;
            }
        }
    }

    @Override
    public void row(int r, float[] dst, int dstOffset) {
        for (int c = 0; c < q.cols(); c++) {
            dst[dstOffset + c] = q.get(r, c);
        }
    }
}

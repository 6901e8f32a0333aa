package ai.puyu.engine.tensor;

/** Argument checks shared by the {@link WeightMatrix} implementations. */
final class MatrixChecks {

    private MatrixChecks() {
    }

    static void check(WeightMatrix w, float[] x, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        checkInput(w, x, n);
        checkOutput(w, n, out, outStride, rowStart, rowEnd);
    }

    static void checkInput(WeightMatrix w, float[] x, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("token count " + n + " for a " + w.rows() + "x" + w.cols() + " " + w.format() + " matrix");
        }
        if (x.length < (long) n * w.cols()) {
            throw new IllegalArgumentException("activations hold " + x.length + " floats, need " + n + "x" + w.cols());
        }
    }

    static void checkOutput(WeightMatrix w, int n, float[] out, int outStride, int rowStart, int rowEnd) {
        if (n < 0 || rowStart < 0 || rowEnd > w.rows() || rowStart > rowEnd) {
            throw new IllegalArgumentException("bad row range [" + rowStart + ", " + rowEnd + ") or token count " + n
                    + " for a " + w.rows() + "x" + w.cols() + " " + w.format() + " matrix");
        }
        if (n > 0 && (outStride < rowEnd || out.length < (long) (n - 1) * outStride + rowEnd)) {
            throw new IllegalArgumentException("output of " + out.length + " floats with stride " + outStride
                    + " is too small for " + n + " tokens of " + rowEnd + " rows");
        }
    }
}

package ai.puyu.engine.tensor;

/** Chooses the {@link WeightMatrix} implementation for a tensor and a quantization setting. */
public final class WeightMatrices {

    private WeightMatrices() {
    }

    /**
     * The vector kernel for the tensor's own format: f32 and f16 read their bytes in place, bf16 is copied once into
     * the packed layout of {@link PackedBf16Matrix}.
     */
    public static WeightMatrix of(Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("tensor " + t + " is not a matrix");
        }
        return switch (t.dtype()) {
            case F32 -> new F32Matrix(t);
            case BF16 -> new PackedBf16Matrix(t);
            case F16 -> new F16Matrix(t);
        };
    }

    /**
     * The tensor as stored ({@code none}) or quantized on load to {@code q8} or {@code q4}
     * (off-heap, freed when the matrix is no longer reachable).
     */
    public static WeightMatrix quantize(Tensor t, String quant) {
        return switch (quant == null ? "none" : quant) {
            case "none" -> of(t);
            case "q8" -> new Q8Matrix(QuantizedWeights.q8(t));
            case "q4" -> new Q4Matrix(QuantizedWeights.q4(t));
            default -> throw new IllegalArgumentException("unknown quantization '" + quant + "' (expected none, q8 or q4)");
        };
    }

    /** The scalar twin of a matrix made by this class (the reference the vector kernels are tested against). */
    public static WeightMatrix scalarTwin(WeightMatrix w, Tensor original) {
        return switch (w) {
            case Q8Matrix q -> new ScalarQuantizedMatrix(q.weights());
            case Q4Matrix q -> new ScalarQuantizedMatrix(q.weights());
            default -> new ScalarMatrix(original);
        };
    }
}

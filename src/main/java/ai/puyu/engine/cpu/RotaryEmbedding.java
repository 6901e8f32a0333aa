package ai.puyu.engine.cpu;

/**
 * The cos/sin tables of rotate-half RoPE, with InternLM2's RoPE scaling.
 *
 * <p>inv_freq[i] = base^(-2i/D) for i &lt; D/2, and the angle at position p is p * inv_freq[i], computed in
 * float64 and rounded to float32.
 *
 * <p><b>Dynamic NTK</b> ({@code rope_scaling.type = "dynamic"}): Puyu implements Hugging Face's variant
 * ({@code InternLM2DynamicNTKScalingRotaryEmbedding}) evaluated per token: the token at position p is rotated
 * with the base computed for the sequence length L = p + 1,
 * {@code base' = base * ((factor * L / mpe) - (factor - 1))^(D / (D - 2))} when L &gt; mpe, and with the
 * plain base otherwise. Its key is written to the KV cache with that rotation and keeps it (as in the
 * reference code, cached keys are never re-rotated). This is exactly what the Hugging Face code computes when
 * tokens are fed one at a time; unlike HF's prefill (which would rotate a whole prompt longer than mpe with the
 * base of its total length) it makes the result independent of how a prompt is split into chunks, which
 * prefix reuse in the KV cache relies on. Up to mpe tokens every variant (HF, this one) is plain RoPE;
 * vLLM's static variant (one base' for all positions) differs from HF even for short sequences, so Puyu does
 * not use it.
 *
 * <p>{@code "linear"} scaling divides positions by the factor. Other types are refused.
 */
public final class RotaryEmbedding {

    private final int half;
    private final double base;
    private final int maxPositions;
    private final double factor;
    private final boolean dynamic;
    private final double[] invFreq; // [D/2] for the unscaled base

    public RotaryEmbedding(int headDim, double base, int maxPositions, String scalingType, double factor) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim " + headDim + " is odd: RoPE needs pairs");
        }
        this.half = headDim / 2;
        this.base = base;
        this.maxPositions = maxPositions;
        this.factor = factor;
        if (scalingType == null || scalingType.isEmpty()) {
            this.dynamic = false;
            if (factor != 1.0) {
                throw new IllegalArgumentException("rope_scaling factor " + factor + " given without a type");
            }
        } else if (scalingType.equals("dynamic")) {
            this.dynamic = true;
        } else if (scalingType.equals("linear")) {
            this.dynamic = false;
        } else {
            throw new IllegalArgumentException("rope_scaling type '" + scalingType + "' is not supported (dynamic, linear)");
        }
        this.invFreq = inverseFrequencies(base);
    }

    /** The base used for a token at this position (base' of dynamic NTK past max_position_embeddings). */
    public double baseAt(int position) {
        long length = position + 1L;
        if (!dynamic || length <= maxPositions) {
            return base;
        }
        int d = 2 * half;
        return base * Math.pow(factor * length / maxPositions - (factor - 1), (double) d / (d - 2));
    }

    /** Writes the D/2 cosines and sines for this position into cos[o ..] and sin[o ..]. */
    public void angles(int position, float[] cos, float[] sin, int o) {
        double[] freq = invFreq;
        double p = position;
        if (dynamic && position + 1L > maxPositions) {
            freq = inverseFrequencies(baseAt(position));
        } else if (!dynamic && factor != 1.0) {
            p = position / factor;
        }
        for (int i = 0; i < half; i++) {
            double angle = p * freq[i];
            cos[o + i] = (float) Math.cos(angle);
            sin[o + i] = (float) Math.sin(angle);
        }
    }

    private double[] inverseFrequencies(double b) {
        double[] f = new double[half];
        for (int i = 0; i < half; i++) {
            f[i] = Math.pow(b, -2.0 * i / (2 * half));
        }
        return f;
    }
}

package ai.puyu.engine.cuda;

import ai.puyu.engine.model.LayerWeights;
import ai.puyu.engine.model.ModelWeights;
import ai.puyu.engine.tensor.DType;
import ai.puyu.engine.tensor.QuantizedWeights;
import ai.puyu.engine.tensor.ScalarMatrix;
import ai.puyu.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdeviceptr;

/**
 * All weights of a model in device memory, uploaded once: matrices as stored (f32, f16, bf16) or quantized to
 * q8 on the host first (same layout as {@link QuantizedWeights}); norm vectors as float32.
 */
final class DeviceWeights implements AutoCloseable {

    record Layer(CUdeviceptr attentionNorm, // [H] f32
                 DeviceMatrix wqkv,         // [nKV*(G+2)*D, H]
                 DeviceMatrix wo,           // [H, nH*D]
                 CUdeviceptr ffnNorm,       // [H] f32
                 DeviceMatrix w1,           // [I, H]
                 DeviceMatrix w3,           // [I, H]
                 DeviceMatrix w2) {         // [H, I]
    }

    private final CudaContext ctx;
    private final List<CUdeviceptr> owned = new ArrayList<>();
    final CUdeviceptr embeddings;           // [V, H] as stored
    final String embeddingFormat;
    final List<Layer> layers = new ArrayList<>();
    final CUdeviceptr norm;                 // [H] f32
    final DeviceMatrix output;              // [V, H]
    long bytes;

    /** @param quantize "q8" to quantize the matrices on upload, or null to keep the stored format */
    DeviceWeights(CudaContext ctx, ModelWeights w, String quantize) {
        this.ctx = ctx;
        try {
            Tensor e = w.tokEmbeddings();
            this.embeddingFormat = format(e.dtype());
            this.embeddings = upload(e);
            for (LayerWeights lw : w.layers()) {
                layers.add(new Layer(vector(lw.attentionNorm()), matrix(lw.wqkv(), quantize), matrix(lw.wo(), quantize),
                        vector(lw.ffnNorm()), matrix(lw.w1(), quantize), matrix(lw.w3(), quantize),
                        matrix(lw.w2(), quantize)));
            }
            this.norm = vector(w.norm());
            this.output = matrix(w.output(), quantize);
        } catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    static String format(DType t) {
        return switch (t) {
            case F32 -> "f32";
            case F16 -> "f16";
            case BF16 -> "bf16";
        };
    }

    private CUdeviceptr upload(Tensor t) {
        CUdeviceptr p = ctx.alloc(t.data().byteSize(), "weights " + t.name());
        owned.add(p);
        ctx.upload(p, t.data());
        bytes += t.data().byteSize();
        return p;
    }

    private CUdeviceptr vector(Tensor t) {
        int n = Math.toIntExact(t.elementCount());
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = ScalarMatrix.get(t, i);
        }
        CUdeviceptr p = ctx.alloc((long) n * Float.BYTES, "weights " + t.name());
        owned.add(p);
        ctx.upload(p, f, n);
        return p;
    }

    private DeviceMatrix matrix(Tensor t, String quantize) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("tensor " + t + " is not a matrix");
        }
        if ("q8".equals(quantize)) {
            QuantizedWeights q = QuantizedWeights.q8(t);
            FlatQ8 flat = FlatQ8.of(q);
            CUdeviceptr data = ctx.alloc(flat.quants().byteSize(), "weights " + t.name());
            owned.add(data);
            ctx.upload(data, flat.quants());
            CUdeviceptr scales = ctx.alloc(flat.scales().byteSize(), "weights " + t.name());
            owned.add(scales);
            ctx.upload(scales, flat.scales());
            long size = flat.quants().byteSize() + flat.scales().byteSize();
            bytes += size;
            return new DeviceMatrix("q8", q.rows(), q.cols(), data, scales, q.blocks(), size);
        }
        CUdeviceptr data = upload(t);
        return new DeviceMatrix(format(t.dtype()), t.rows(), t.cols(), data, null, 0, t.data().byteSize());
    }

    @Override
    public void close() {
        for (CUdeviceptr p : owned) {
            ctx.free(p);
        }
        owned.clear();
    }
}

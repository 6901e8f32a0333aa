package ai.puyu.engine.cuda;

import ai.puyu.engine.model.ModelConfig;
import jcuda.driver.CUdeviceptr;

/**
 * The device activations of one forward step (run state), grown to the largest step seen, and views of the
 * uploaded {@link StepPlan}.
 */
final class StepBuffers implements AutoCloseable {

    private final CudaContext ctx;
    private final ModelConfig c;
    private int capacity;       // tokens
    private int logitCapacity;  // rows
    private int intCapacity;    // ints of the plan
    private int scratchCapacity;
    CUdeviceptr x;      // [n, H] residual stream
    CUdeviceptr xb;     // [n, H] normed input of a sublayer
    CUdeviceptr qkv;    // [n, (nH + 2 nKV) D]
    CUdeviceptr att;    // [n, nH D]
    CUdeviceptr proj;   // [n, H]
    CUdeviceptr gate;   // [n, I]
    CUdeviceptr up;     // [n, I]
    CUdeviceptr logits; // [logitRows, V]
    CUdeviceptr plan;   // the packed StepPlan ints
    CUdeviceptr scratch;
    CUdeviceptr tokens, positions, seqOfRow, slots, tableStart, blockTables, logitRowIndex; // views into plan

    StepBuffers(CudaContext ctx, ModelConfig c) {
        this.ctx = ctx;
        this.c = c;
    }

    /** Grows the buffers for the plan and uploads its integers. */
    void prepare(StepPlan p) {
        if (p.n > capacity) {
            int n = Math.max(p.n, 2 * capacity);
            freeActivations();
            long h = c.hiddenSize();
            String what = "activations for " + n + " tokens";
            x = ctx.alloc(n * h * 4, what);
            xb = ctx.alloc(n * h * 4, what);
            qkv = ctx.alloc((long) n * c.qkvRows() * 4, what);
            att = ctx.alloc((long) n * c.numHeads() * c.headDim() * 4, what);
            proj = ctx.alloc(n * h * 4, what);
            gate = ctx.alloc((long) n * c.intermediateSize() * 4, what);
            up = ctx.alloc((long) n * c.intermediateSize() * 4, what);
            capacity = n;
        }
        if (p.logitRows > logitCapacity) {
            ctx.free(logits);
            logits = null;
            int rows = Math.max(p.logitRows, 2 * logitCapacity);
            logits = ctx.alloc((long) rows * c.vocabSize() * 4, "logits for " + rows + " rows");
            logitCapacity = rows;
        }
        int[] ints = p.packed();
        if (ints.length > intCapacity) {
            ctx.free(plan);
            plan = null;
            int size = Math.max(ints.length, 2 * intCapacity);
            plan = ctx.alloc((long) size * 4, "step plan");
            intCapacity = size;
        }
        ctx.upload(plan, ints, ints.length);
        long o = 0;
        tokens = plan.withByteOffset(o);
        positions = plan.withByteOffset(o += 4L * p.n);
        seqOfRow = plan.withByteOffset(o += 4L * p.n);
        slots = plan.withByteOffset(o += 4L * p.n);
        tableStart = plan.withByteOffset(o += 4L * p.n);
        blockTables = plan.withByteOffset(o += 4L * p.starts.length);
        logitRowIndex = plan.withByteOffset(o + 4L * p.blockTables.length);
    }

    /** A device int buffer of at least {@code count} ints (sampling results). */
    CUdeviceptr ints(int count) {
        if (count > scratchCapacity) {
            ctx.free(scratch);
            scratch = null;
            scratch = ctx.alloc(4L * count, "sampling scratch");
            scratchCapacity = count;
        }
        return scratch;
    }

    private void freeActivations() {
        for (CUdeviceptr p : new CUdeviceptr[] {x, xb, qkv, att, proj, gate, up}) {
            ctx.free(p);
        }
        x = xb = qkv = att = proj = gate = up = null;
        capacity = 0;
    }

    @Override
    public void close() {
        freeActivations();
        ctx.free(logits);
        ctx.free(plan);
        ctx.free(scratch);
        logits = plan = scratch = null;
    }
}

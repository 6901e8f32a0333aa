package ai.puyu.engine.cuda;

import ai.puyu.engine.kv.KvCache;
import jcuda.driver.CUdeviceptr;

/**
 * The device twin of a CPU {@link KvCache}: the same block ids, block size and layout
 * ([numBlocks, blockSize, nKV*D] float32 per layer, keys and values apart), so the scheduler's block tables
 * (and the prefix reuse that shares their blocks) address it unchanged. The CPU cache holds the block pool
 * and tables; the keys and values live here.
 */
final class DeviceKvCache implements AutoCloseable {

    private final CudaContext ctx;
    private final CUdeviceptr[] keys;   // per layer: [numBlocks, blockSize, kvDim] f32
    private final CUdeviceptr[] values; // per layer: [numBlocks, blockSize, kvDim] f32

    DeviceKvCache(CudaContext ctx, KvCache cpu) {
        this.ctx = ctx;
        int layers = cpu.numLayers();
        long layerBytes = (long) cpu.pool().capacity() * cpu.blockSize() * cpu.kvDim() * Float.BYTES;
        this.keys = new CUdeviceptr[layers];
        this.values = new CUdeviceptr[layers];
        String what = "KV cache (" + CudaException.gib(cpu.byteSize()) + " in all)";
        try {
            for (int l = 0; l < layers; l++) {
                keys[l] = ctx.alloc(layerBytes, what);
                values[l] = ctx.alloc(layerBytes, what);
            }
        } catch (CudaException e) {
            close();
            throw e;
        }
    }

    CUdeviceptr keys(int layer) {
        return keys[layer];
    }

    CUdeviceptr values(int layer) {
        return values[layer];
    }

    @Override
    public void close() {
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                ctx.free(keys[l]);
                keys[l] = null;
            }
            if (values[l] != null) {
                ctx.free(values[l]);
                values[l] = null;
            }
        }
    }
}

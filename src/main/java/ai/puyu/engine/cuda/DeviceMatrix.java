package ai.puyu.engine.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * A weight matrix W [rows, cols] in device memory, in the format it is multiplied in.
 *
 * @param format "f32", "f16", "bf16" (as stored in the checkpoint) or "q8"
 * @param data   the elements // [rows, cols]; for q8 the int8 quants [rows, blocks * 32]
 * @param scales q8 only: f16 scales // [rows, blocks]; null otherwise
 * @param blocks q8 only: 32-column blocks per row
 * @param bytes  device bytes held
 */
public record DeviceMatrix(String format, int rows, int cols, CUdeviceptr data, CUdeviceptr scales, int blocks,
                           long bytes) {
}

// Puyu's CUDA kernels for the InternLM2 forward pass: one module, loaded through JCuda's driver API
// (ai.puyu.engine.cuda.CudaKernels). Every kernel computes the same math as its CPU twin in
// ai.puyu.engine.cpu (ScalarKernels, Attention, RotaryEmbedding) and ai.puyu.engine.tensor (the weight
// formats): activations are float32, accumulation is float32, weights are read in their stored format.
//
// Layouts (all row-major):
//   activations x           [n, H] float32, one row per token of the step
//   packed qkv              [n, nKV*(G+2)*D]; for KV group g, slots 0..G-1 are query heads g*G+j,
//                           slot G the key head g, slot G+1 the value head g
//   KV cache (one layer)    keys/values [numBlocks, blockSize, nKV*D] float32 (same as engine/kv/KvCache)
//   block tables            blockTables[tableStart[seq] + i] = id of the seq's i-th block
//   q8 weights              quants [rows, blocks*32] int8, scales [rows, blocks] f16 (W = q * d)
//
// Build: ops/cuda/build.sh (fatbin for sm_80/sm_90 + compute_90 PTX, committed under
// src/main/resources/cuda/).

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <mma.h>
#include <stdint.h>

#define DTYPE_F32 0
#define DTYPE_F16 1
#define DTYPE_BF16 2

__device__ __forceinline__ float load_as_float(const void* p, long long i, int dtype) {
    if (dtype == DTYPE_F32) return ((const float*)p)[i];
    if (dtype == DTYPE_F16) return __half2float(((const __half*)p)[i]);
    return __bfloat162float(((const __nv_bfloat16*)p)[i]);
}

__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

// Sum over the block (blockDim.x a multiple of 32, at most 1024); every thread gets the result.
__device__ float block_sum(float v) {
    __shared__ float partial[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    int warps = (blockDim.x + 31) >> 5;
    float t = lane < warps ? partial[lane] : 0.f;
    return warp_sum(t);
}

// ---------------------------------------------------------------------------------------------
// Embedding gather: out[t, :] = table[tokens[t], :] as float32.   grid (n), block 256
extern "C" __global__ void puyu_embed(float* out, const void* table, const int* tokens, int h, int dtype) {
    int t = blockIdx.x;
    long long src = (long long)tokens[t] * h;
    for (int c = threadIdx.x; c < h; c += blockDim.x) {
        out[(long long)t * h + c] = load_as_float(table, src + c, dtype);
    }
}

// Copies chosen rows: out[i, :] = x[rows[i], :].   grid (m), block 256
extern "C" __global__ void puyu_gather_rows(float* out, const float* x, const int* rows, int h) {
    int i = blockIdx.x;
    const float* src = x + (long long)rows[i] * h;
    for (int c = threadIdx.x; c < h; c += blockDim.x) out[(long long)i * h + c] = src[c];
}

// ---------------------------------------------------------------------------------------------
// RMSNorm of each row: out = w * (x / sqrt(mean(x^2) + eps)), sum of squares in float32.
// grid (n), block 256
extern "C" __global__ void puyu_rmsnorm(float* out, const float* x, const float* w, int h, float eps) {
    const float* row = x + (long long)blockIdx.x * h;
    float ss = 0.f;
    for (int c = threadIdx.x; c < h; c += blockDim.x) ss += row[c] * row[c];
    ss = block_sum(ss);
    float inv = (float)(1.0 / sqrt((double)(ss / h + eps)));
    float* o = out + (long long)blockIdx.x * h;
    for (int c = threadIdx.x; c < h; c += blockDim.x) o[c] = w[c] * (row[c] * inv);
}

// ---------------------------------------------------------------------------------------------
// Matrix-vector products for decode (few tokens): out[t*outStride + r] = sum_c W[r, c] * x[t*cols + c].
// One warp per row, 8 rows per block of 256 threads; 128-bit loads of weights when cols % 8 == 0
// (16-bit formats) or cols % 4 == 0 (f32); tokens in groups of 4 share each weight load.

#define GEMV_TOKENS 4

__device__ __forceinline__ void unpack8(uint4 u, float* f, int dtype) {
    const uint32_t w[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
    for (int i = 0; i < 4; i++) {
        if (dtype == DTYPE_BF16) {
            f[2 * i] = __uint_as_float(w[i] << 16);
            f[2 * i + 1] = __uint_as_float(w[i] & 0xffff0000u);
        } else {
            __half2 h2 = *reinterpret_cast<const __half2*>(&w[i]);
            float2 f2 = __half22float2(h2);
            f[2 * i] = f2.x;
            f[2 * i + 1] = f2.y;
        }
    }
}

extern "C" __global__ void puyu_gemv16(float* out, const void* w, const float* x, int n, int rows, int cols,
                                       int outStride, int dtype) {
    int lane = threadIdx.x & 31;
    int r = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (r >= rows) return;
    const unsigned short* wr = (const unsigned short*)w + (long long)r * cols;
    bool vec = (cols & 7) == 0;
    int vecEnd = vec ? cols : 0;
    for (int t0 = 0; t0 < n; t0 += GEMV_TOKENS) {
        int nt = min(GEMV_TOKENS, n - t0);
        float acc[GEMV_TOKENS] = {0.f, 0.f, 0.f, 0.f};
        for (int c = lane * 8; c < vecEnd; c += 256) {
            float wf[8];
            unpack8(*reinterpret_cast<const uint4*>(wr + c), wf, dtype);
#pragma unroll
            for (int t = 0; t < GEMV_TOKENS; t++) {
                if (t < nt) {
                    const float4* xp = reinterpret_cast<const float4*>(x + (long long)(t0 + t) * cols + c);
                    float4 a = xp[0], b = xp[1];
                    acc[t] += wf[0] * a.x + wf[1] * a.y + wf[2] * a.z + wf[3] * a.w
                            + wf[4] * b.x + wf[5] * b.y + wf[6] * b.z + wf[7] * b.w;
                }
            }
        }
        for (int c = vecEnd + lane; c < cols; c += 32) {
            float wv = load_as_float(wr, c, dtype);
            for (int t = 0; t < nt; t++) acc[t] += wv * x[(long long)(t0 + t) * cols + c];
        }
#pragma unroll
        for (int t = 0; t < GEMV_TOKENS; t++) {
            float s = warp_sum(acc[t]);
            if (lane == 0 && t < nt) out[(long long)(t0 + t) * outStride + r] = s;
        }
    }
}

extern "C" __global__ void puyu_gemv_f32(float* out, const float* w, const float* x, int n, int rows, int cols,
                                         int outStride) {
    int lane = threadIdx.x & 31;
    int r = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (r >= rows) return;
    const float* wr = w + (long long)r * cols;
    int vecEnd = (cols & 3) == 0 ? cols : 0;
    for (int t0 = 0; t0 < n; t0 += GEMV_TOKENS) {
        int nt = min(GEMV_TOKENS, n - t0);
        float acc[GEMV_TOKENS] = {0.f, 0.f, 0.f, 0.f};
        for (int c = lane * 4; c < vecEnd; c += 128) {
            float4 wv = *reinterpret_cast<const float4*>(wr + c);
#pragma unroll
            for (int t = 0; t < GEMV_TOKENS; t++) {
                if (t < nt) {
                    float4 a = *reinterpret_cast<const float4*>(x + (long long)(t0 + t) * cols + c);
                    acc[t] += wv.x * a.x + wv.y * a.y + wv.z * a.z + wv.w * a.w;
                }
            }
        }
        for (int c = vecEnd + lane; c < cols; c += 32) {
            for (int t = 0; t < nt; t++) acc[t] += wr[c] * x[(long long)(t0 + t) * cols + c];
        }
#pragma unroll
        for (int t = 0; t < GEMV_TOKENS; t++) {
            float s = warp_sum(acc[t]);
            if (lane == 0 && t < nt) out[(long long)(t0 + t) * outStride + r] = s;
        }
    }
}

// q8: one warp per row, each lane one 32-column block at a time (two 128-bit loads of quants); the block's
// products are summed, then multiplied by its f16 scale (as Q8Matrix does on the CPU).
extern "C" __global__ void puyu_gemv_q8(float* out, const signed char* quants, const __half* scales, const float* x,
                                        int n, int rows, int cols, int blocks, int outStride) {
    int lane = threadIdx.x & 31;
    int r = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (r >= rows) return;
    const signed char* qr = quants + (long long)r * blocks * 32;
    const __half* sr = scales + (long long)r * blocks;
    for (int t0 = 0; t0 < n; t0 += GEMV_TOKENS) {
        int nt = min(GEMV_TOKENS, n - t0);
        float acc[GEMV_TOKENS] = {0.f, 0.f, 0.f, 0.f};
        for (int b = lane; b < blocks; b += 32) {
            int c0 = b * 32;
            const uint4* qp = reinterpret_cast<const uint4*>(qr + c0);
            uint4 q16[2] = {qp[0], qp[1]};
            const signed char* q = reinterpret_cast<const signed char*>(q16);
            float d = __half2float(sr[b]);
            int lim = min(32, cols - c0);
#pragma unroll
            for (int t = 0; t < GEMV_TOKENS; t++) {
                if (t < nt) {
                    const float* xp = x + (long long)(t0 + t) * cols + c0;
                    float p = 0.f;
                    if (lim == 32 && (cols & 3) == 0) {
#pragma unroll
                        for (int j = 0; j < 32; j += 4) {
                            float4 a = *reinterpret_cast<const float4*>(xp + j);
                            p += q[j] * a.x + q[j + 1] * a.y + q[j + 2] * a.z + q[j + 3] * a.w;
                        }
                    } else {
                        for (int j = 0; j < lim; j++) p += q[j] * xp[j];
                    }
                    acc[t] += p * d;
                }
            }
        }
#pragma unroll
        for (int t = 0; t < GEMV_TOKENS; t++) {
            float s = warp_sum(acc[t]);
            if (lane == 0 && t < nt) out[(long long)(t0 + t) * outStride + r] = s;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Matrix-matrix products for prefill and batched decode on tensor cores (WMMA, sm_80+):
// out[t, r] = sum_k x[t, k] * W[r, k]. x (float32) is rounded to the weight format in shared memory,
// products accumulate in float32. Block tile 64 tokens x 64 rows, k step 32; 4 warps, each 32 x 32.

#define MM_TILE 64
#define MM_K 32
#define MM_LD (MM_K + 8)

using namespace nvcuda;

template <typename T>
__device__ __forceinline__ T from_float(float f);
template <>
__device__ __forceinline__ __half from_float<__half>(float f) { return __float2half_rn(f); }
template <>
__device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float f) { return __float2bfloat16_rn(f); }

template <typename T>
__device__ void gemm_tc(float* out, const T* w, const float* x, int n, int rows, int cols, int outStride) {
    __shared__ __align__(32) T xs[MM_TILE * MM_LD];
    __shared__ __align__(32) T ws[MM_TILE * MM_LD];
    __shared__ __align__(32) float cs[4][32 * 32];
    int t0 = blockIdx.y * MM_TILE;
    int r0 = blockIdx.x * MM_TILE;
    int warp = threadIdx.x >> 5;
    int wt = (warp >> 1) * 32;   // token offset of this warp's 32 x 32 tile
    int wr = (warp & 1) * 32;    // row offset
    wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[2][2];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.f);
    T zero = from_float<T>(0.f);
    for (int k0 = 0; k0 < cols; k0 += MM_K) {
        for (int e = threadIdx.x; e < MM_TILE * MM_K; e += blockDim.x) {
            int i = e / MM_K, k = e % MM_K;
            int t = t0 + i, r = r0 + i, kk = k0 + k;
            xs[i * MM_LD + k] = (t < n && kk < cols) ? from_float<T>(x[(long long)t * cols + kk]) : zero;
            ws[i * MM_LD + k] = (r < rows && kk < cols) ? w[(long long)r * cols + kk] : zero;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < MM_K; kk += 16) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::row_major> a[2];
            wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::col_major> b[2];
#pragma unroll
            for (int i = 0; i < 2; i++) wmma::load_matrix_sync(a[i], xs + (wt + 16 * i) * MM_LD + kk, MM_LD);
#pragma unroll
            for (int j = 0; j < 2; j++) wmma::load_matrix_sync(b[j], ws + (wr + 16 * j) * MM_LD + kk, MM_LD);
#pragma unroll
            for (int i = 0; i < 2; i++)
#pragma unroll
                for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }
    float* c = cs[warp];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++) wmma::store_matrix_sync(c + 16 * i * 32 + 16 * j, acc[i][j], 32, wmma::mem_row_major);
    __syncwarp();
    int lane = threadIdx.x & 31;
    for (int e = lane; e < 32 * 32; e += 32) {
        int i = e / 32, j = e % 32;
        int t = t0 + wt + i, r = r0 + wr + j;
        if (t < n && r < rows) out[(long long)t * outStride + r] = c[e];
    }
}

// grid (ceil(rows/64), ceil(n/64)), block 128
extern "C" __global__ void puyu_gemm_bf16(float* out, const __nv_bfloat16* w, const float* x, int n, int rows, int cols,
                                          int outStride) {
    gemm_tc<__nv_bfloat16>(out, w, x, n, rows, cols, outStride);
}

extern "C" __global__ void puyu_gemm_f16(float* out, const __half* w, const float* x, int n, int rows, int cols,
                                         int outStride) {
    gemm_tc<__half>(out, w, x, n, rows, cols, outStride);
}

// float32 weights (tests, the tiny model): shared-memory tiled SIMT product, 32 x 32 tile, block (32, 8).
extern "C" __global__ void puyu_gemm_f32(float* out, const float* w, const float* x, int n, int rows, int cols,
                                         int outStride) {
    __shared__ float xs[32][33];
    __shared__ float ws[32][33];
    int t0 = blockIdx.y * 32, r0 = blockIdx.x * 32;
    int tx = threadIdx.x, ty = threadIdx.y;
    float acc[4] = {0.f, 0.f, 0.f, 0.f};
    for (int k0 = 0; k0 < cols; k0 += 32) {
        for (int i = ty; i < 32; i += 8) {
            int t = t0 + i, r = r0 + i, k = k0 + tx;
            xs[i][tx] = (t < n && k < cols) ? x[(long long)t * cols + k] : 0.f;
            ws[i][tx] = (r < rows && k < cols) ? w[(long long)r * cols + k] : 0.f;
        }
        __syncthreads();
#pragma unroll 8
        for (int k = 0; k < 32; k++) {
            float wv = ws[tx][k];
#pragma unroll
            for (int i = 0; i < 4; i++) acc[i] += xs[ty + 8 * i][k] * wv;
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
        int t = t0 + ty + 8 * i, r = r0 + tx;
        if (t < n && r < rows) out[(long long)t * outStride + r] = acc[i];
    }
}

// ---------------------------------------------------------------------------------------------
// Rotate-half RoPE on the G query heads and the key head of every KV group, in place.
// mode 0: plain; 1: dynamic NTK (InternLM2/HF, evaluated per token: the token at position p uses the base for
// length L = p + 1, base' = base * ((factor * L / mpe) - (factor - 1))^(D / (D - 2)) when L > mpe);
// 2: linear (positions divided by factor). Angles in float64 rounded to float32, as RotaryEmbedding does.
// grid (n, nKV * (G + 1)), block D/2 (rounded up to 32)
extern "C" __global__ void puyu_rope(float* qkv, const int* positions, int G, int D, int qkvRows, double base,
                                     int mpe, double factor, int mode) {
    int half = D / 2;
    int i = threadIdx.x;
    if (i >= half) return;
    int row = blockIdx.x;
    int kv = blockIdx.y / (G + 1), slot = blockIdx.y % (G + 1);
    int pos = positions[row];
    double b = base, p = pos;
    long long len = (long long)pos + 1;
    if (mode == 1 && len > mpe) {
        b = base * pow(factor * (double)len / mpe - (factor - 1), (double)D / (D - 2));
    } else if (mode == 2) {
        p = pos / factor;
    }
    double angle = p * pow(b, -2.0 * i / D);
    float c = (float)cos(angle), s = (float)sin(angle);
    float* v = qkv + (long long)row * qkvRows + (kv * (G + 2) + slot) * D;
    float a = v[i], bb = v[i + half];
    v[i] = a * c - bb * s;
    v[i + half] = bb * c + a * s;
}

// Writes each token's keys and values (slots G and G+1 of every group) into the layer's cache at its slot
// (block * blockSize + position % blockSize).   grid (n, nKV), block D (rounded up to 32)
extern "C" __global__ void puyu_kv_store(float* keys, float* values, const float* qkv, const int* slots, int G, int D,
                                         int qkvRows, int kvDim) {
    int d = threadIdx.x;
    if (d >= D) return;
    int row = blockIdx.x, kv = blockIdx.y;
    const float* src = qkv + (long long)row * qkvRows + kv * (G + 2) * D;
    long long dst = (long long)slots[row] * kvDim + (long long)kv * D + d;
    keys[dst] = src[G * D + d];
    values[dst] = src[(G + 1) * D + d];
}

// ---------------------------------------------------------------------------------------------
// Causal grouped-query attention through block tables, for decode and prefill alike: the token of row r
// (sequence seqOfRow[r], at positions[r]) attends to positions 0..positions[r] of its sequence, whose keys
// and values are already in the cache (the step's own keys included). scores = q.k * scale, softmax in
// float32 (computed online: running max and sum), out = sum softmax * v.
// grid (n, nH), block 128 (4 warps striding over positions); D <= 256.
#define ATT_WARPS 4
#define ATT_MAX_D 256

extern "C" __global__ void puyu_attention(float* out, const float* qkv, const float* keys, const float* values,
                                          const int* blockTables, const int* tableStart, const int* seqOfRow,
                                          const int* positions, int nH, int nKV, int D, int qkvRows, int blockSize,
                                          float scale) {
    __shared__ float sm[ATT_WARPS], sl[ATT_WARPS];
    __shared__ float sacc[ATT_WARPS][ATT_MAX_D];
    int row = blockIdx.x, head = blockIdx.y;
    int G = nH / nKV, g = head / G;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int kvDim = nKV * D;
    const float* q = qkv + (long long)row * qkvRows + (g * (G + 2) + head % G) * D;
    const int* table = blockTables + tableStart[seqOfRow[row]];
    int len = positions[row] + 1;
    const int E = ATT_MAX_D / 32;
    float qr[E], acc[E];
#pragma unroll
    for (int j = 0; j < E; j++) {
        int d = lane + 32 * j;
        qr[j] = d < D ? q[d] : 0.f;
        acc[j] = 0.f;
    }
    float m = -INFINITY, l = 0.f;
    for (int t = warp; t < len; t += ATT_WARPS) {
        long long base = ((long long)table[t / blockSize] * blockSize + t % blockSize) * kvDim + (long long)g * D;
        float s = 0.f;
#pragma unroll
        for (int j = 0; j < E; j++) {
            int d = lane + 32 * j;
            if (d < D) s += qr[j] * keys[base + d];
        }
        s = warp_sum(s) * scale;
        float mn = fmaxf(m, s);
        float corr = __expf(m - mn);
        float p = __expf(s - mn);
        l = l * corr + p;
#pragma unroll
        for (int j = 0; j < E; j++) {
            int d = lane + 32 * j;
            if (d < D) acc[j] = acc[j] * corr + p * values[base + d];
        }
        m = mn;
    }
    if (lane == 0) {
        sm[warp] = m;
        sl[warp] = l;
    }
#pragma unroll
    for (int j = 0; j < E; j++) {
        int d = lane + 32 * j;
        if (d < D) sacc[warp][d] = acc[j];
    }
    __syncthreads();
    float M = sm[0];
    for (int w = 1; w < ATT_WARPS; w++) M = fmaxf(M, sm[w]);
    float L = 0.f;
    float f[ATT_WARPS];
    for (int w = 0; w < ATT_WARPS; w++) {
        f[w] = sm[w] == -INFINITY ? 0.f : __expf(sm[w] - M);
        L += sl[w] * f[w];
    }
    float* o = out + (long long)row * nH * D + (long long)head * D;
    for (int d = threadIdx.x; d < D; d += blockDim.x) {
        float v = 0.f;
        for (int w = 0; w < ATT_WARPS; w++) v += sacc[w][d] * f[w];
        o[d] = v / L;
    }
}

// ---------------------------------------------------------------------------------------------
// SwiGLU: gate = silu(gate) * up = gate / (1 + exp(-gate)) * up.
extern "C" __global__ void puyu_silu_mul(float* gate, const float* up, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float g = gate[i];
        gate[i] = g / (1.f + expf(-g)) * up[i];
    }
}

// Residual add: acc += x.
extern "C" __global__ void puyu_add(float* acc, const float* x, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        acc[i] += x[i];
    }
}

// ---------------------------------------------------------------------------------------------
// Sampling helpers. Order: larger value first, equal values by smaller index (the CPU's argmax keeps the
// first maximum). NaNs are never chosen.
__device__ __forceinline__ bool better(float v, int i, float bv, int bi) {
    return v > bv || (v == bv && i < bi);
}

__device__ void block_best(float& v, int& i) {
    __shared__ float sv[32];
    __shared__ int si[32];
    for (int o = 16; o > 0; o >>= 1) {
        float ov = __shfl_xor_sync(0xffffffffu, v, o);
        int oi = __shfl_xor_sync(0xffffffffu, i, o);
        if (better(ov, oi, v, i)) {
            v = ov;
            i = oi;
        }
    }
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    __syncthreads();
    if (lane == 0) {
        sv[warp] = v;
        si[warp] = i;
    }
    __syncthreads();
    int warps = (blockDim.x + 31) >> 5;
    v = lane < warps ? sv[lane] : -INFINITY;
    i = lane < warps ? si[lane] : 0x7fffffff;
    for (int o = 16; o > 0; o >>= 1) {
        float ov = __shfl_xor_sync(0xffffffffu, v, o);
        int oi = __shfl_xor_sync(0xffffffffu, i, o);
        if (better(ov, oi, v, i)) {
            v = ov;
            i = oi;
        }
    }
}

// Index of the largest logit of each row.   grid (rows), block 1024
extern "C" __global__ void puyu_argmax(int* out, const float* logits, int v) {
    const float* row = logits + (long long)blockIdx.x * v;
    float bv = -INFINITY;
    int bi = 0x7fffffff;
    for (int c = threadIdx.x; c < v; c += blockDim.x) {
        if (better(row[c], c, bv, bi)) {
            bv = row[c];
            bi = c;
        }
    }
    block_best(bv, bi);
    if (threadIdx.x == 0) out[blockIdx.x] = bi == 0x7fffffff ? 0 : bi;
}

// The k largest logits of each row in order (k passes, each taking the best element after the previous one
// in the order above).   grid (rows), block 1024
extern "C" __global__ void puyu_topk(int* outIndex, float* outValue, const float* logits, int v, int k) {
    const float* row = logits + (long long)blockIdx.x * v;
    float pv = INFINITY;
    int pi = -1;
    for (int j = 0; j < k; j++) {
        float bv = -INFINITY;
        int bi = 0x7fffffff;
        for (int c = threadIdx.x; c < v; c += blockDim.x) {
            float x = row[c];
            bool after = x < pv || (x == pv && c > pi);
            if (after && better(x, c, bv, bi)) {
                bv = x;
                bi = c;
            }
        }
        block_best(bv, bi);
        if (threadIdx.x == 0) {
            outIndex[(long long)blockIdx.x * k + j] = bi == 0x7fffffff ? -1 : bi;
            outValue[(long long)blockIdx.x * k + j] = bv;
        }
        pv = bv;
        pi = bi;
    }
}

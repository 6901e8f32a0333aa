#!/usr/bin/env bash
# Compiles src/main/cuda/puyu_kernels.cu into the artifacts Puyu loads through JCuda's driver API:
#   src/main/resources/cuda/puyu_kernels.fatbin   SASS for sm_80 and sm_90, PTX for compute_90 (JIT on newer GPUs)
#   src/main/resources/cuda/puyu_kernels.ptx      the compute_80 PTX alone (readable; a fallback module)
#   src/main/resources/cuda/puyu_kernels.sha256   sha256 of the source they were built from
# Usage: ops/cuda/build.sh [output-dir]   (default: src/main/resources/cuda). Needs nvcc on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
src="$root/src/main/cuda/puyu_kernels.cu"
out="${1:-$root/src/main/resources/cuda}"
mkdir -p "$out"
command -v nvcc >/dev/null || { echo "build.sh: nvcc not found on PATH" >&2; exit 2; }
flags=(-O3 -std=c++17 -lineinfo -Wno-deprecated-gpu-targets)
nvcc "${flags[@]}" --fatbin \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 \
  -o "$out/puyu_kernels.fatbin" "$src"
nvcc "${flags[@]}" --ptx -arch=compute_80 -o "$out/puyu_kernels.ptx" "$src"
(cd "$root/src/main/cuda" && sha256sum puyu_kernels.cu | cut -d' ' -f1) > "$out/puyu_kernels.sha256"
ls -l "$out"/puyu_kernels.*

#!/bin/bash
# The GPU path, checked on a machine with a CUDA LibTorch but without Qt / OpenCV / FFmpeg:
# builds the compute-only CLI (PERCEIVER_WITH_MEDIA=OFF) against that LibTorch, runs every
# parity fixture on the GPU at its float32 tolerance (and reports the bf16 errors), then the
# bench on the GPU in fp32 and bf16.
#   packaging/cuda-check.sh [BUILD_DIR]     TORCH_PREFIX=... to name the LibTorch (default:
#                                          python3's torch), BENCH="--repeat 3" for bench options
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-cuda}
prefix=${TORCH_PREFIX:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERCEIVER_WITH_MEDIA=OFF \
  -DCMAKE_PREFIX_PATH="$prefix" >"$build.configure.log" 2>&1 || { tail -40 "$build.configure.log"; exit 1; }
cmake --build "$build" --target perceiver
cli=$build/app/cli/perceiver
"$cli" version
python3 "$root/packaging/cuda_parity.py" "$cli" "$root/tests/data/fixtures/parity" --device cuda
python3 "$root/packaging/cuda_parity.py" "$cli" "$root/tests/data/fixtures/parity" --device cuda --precision bf16
"$cli" bench --device cuda ${BENCH:---repeat 3}
"$cli" bench --device cuda --precision bf16 ${BENCH:---repeat 3}

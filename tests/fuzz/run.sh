#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for SECONDS each (default 600), one after the
# other (one core), from a copy of its seed corpus; prints each one's last status line.
#   tests/fuzz/run.sh BUILD_DIR [SECONDS [TARGET ...]]     (targets: safetensors torch_bin ...)
set -euo pipefail
build="${1:?usage: run.sh BUILD_DIR [SECONDS]}"
seconds="${2:-600}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work" /dev/shm/perceiver-fuzz-*' EXIT
# Seeds for the path-based loaders, generated (the checkpoint seeds are in corpus/).
mkdir -p "$work/config" "$work/flo" "$work/kitti_png"
cp "$here/../data/fixtures/configs/"*.json "$work/config/"
python3 - "$work" <<'PY'
import struct, sys, zlib
work = sys.argv[1]
with open(work + "/flo/seed.flo", "wb") as f:
    f.write(b"PIEH" + struct.pack("<ii", 3, 2) + struct.pack("<12f", *[0.5 * i for i in range(12)]))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
rows = b"".join(b"\0" + b"".join(struct.pack(">HHH", 32768 + 64 * x, 32768 - 32 * y, (x + y) % 2) for x in range(4)) for y in range(3))
with open(work + "/kitti_png/seed.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 16, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
targets=("${@:3}")
[ ${#targets[@]} -gt 0 ] || targets=(safetensors torch_bin unpickler config flo kitti_png)
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  [ -d "$here/corpus/$target" ] && cp "$here/corpus/$target"/* "$work/$target/"
  log="$work/$target.log"
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 \
    -artifact_prefix="$work/$target-" "$work/$target" > "$log" 2>&1 || { echo "fuzz_$target FAILED"; tail -40 "$log"; exit 1; }
  echo "fuzz_$target ${seconds}s: $(grep -E '^#[0-9]+' "$log" | tail -1)"
done

#!/usr/bin/env bash
# Perceiver Studio developer set-up for a fresh Debian 12 machine.
#
#   packaging/dev-setup.sh run    install what is missing, build, launch the studio
#   packaging/dev-setup.sh test   install what is missing, build, run the whole test suite, then
#                                 all of it again built with ASan + UBSan (SANITIZE=0: not)
#   packaging/dev-setup.sh build  install what is missing and build
#   packaging/dev-setup.sh package  install what is missing, build, make the .deb (build/*.deb)
#
# Environment: BUILD_DIR (default build), SAN_DIR (default BUILD_DIR-asan), JOBS (default: all
# cores), CMAKE_ARGS (extra), SANITIZE (default 1).
set -euo pipefail

cd "$(dirname "$0")/.."
mode="${1:-run}"
BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc)}"

# Debian 12 packages; libopenblas0-pthread makes LibTorch's BLAS ~10x faster than reference BLAS;
# fonts-wqy-microhei: the Chinese UI's glyphs (a stock Debian has no CJK font: boxes).
# qt6-charts-dev: the Train page's curves (its CMake config needs libqt6opengl6-dev, not a dependency).
packages=(
  cmake ninja-build g++ pkg-config dpkg-dev
  qt6-base-dev qt6-multimedia-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-l10n-tools
  libtorch-dev libopenblas0-pthread nlohmann-json3-dev zlib1g-dev libcurl4-openssl-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-videoio-dev
  libavformat-dev libavcodec-dev libswscale-dev libswresample-dev libavutil-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
  fonts-wqy-microhei
  xvfb xauth
  python3 valgrind
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The test command's sanitizer tree runs test_hostile instrumented already: the plain tree then
# leaves out its own instrumented copy of the readers (test_hostile_asan), built for plain runs.
hostile_asan=ON
if [ "$mode" = test ] && [ "${SANITIZE:-1}" != 0 ]; then hostile_asan=OFF; fi
# shellcheck disable=SC2086
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERCEIVER_HOSTILE_ASAN=$hostile_asan ${CMAKE_ARGS:-}
cmake --build "$BUILD_DIR" -j "$JOBS"

case "$mode" in
  build) ;;
  package)
    (cd "$BUILD_DIR" && cpack -G DEB)
    ls "$BUILD_DIR"/*.deb
    ;;
  test)
    (cd "$BUILD_DIR" && ctest --output-on-failure --timeout 1200 -j 2)
    # Then every suite again in a second tree built with AddressSanitizer + UndefinedBehavior-
    # Sanitizer over core, the apps and the tests (leaks too; tests/lsan.supp names the libraries
    # not ours). SANITIZE=0 skips it.
    if [ "${SANITIZE:-1}" != 0 ]; then
      SAN_DIR="${SAN_DIR:-$BUILD_DIR-asan}"
      # shellcheck disable=SC2086
      cmake -S . -B "$SAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPERCEIVER_SANITIZE=address,undefined ${CMAKE_ARGS:-}
      cmake --build "$SAN_DIR" -j "$JOBS"
      (cd "$SAN_DIR" && ctest --output-on-failure --timeout 1800 -j 2)
    fi
    ;;
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display found: starting the studio under xvfb-run (set DISPLAY to see it)."
      exec xvfb-run -a "$BUILD_DIR/app/studio/perceiver-studio"
    fi
    exec "$BUILD_DIR/app/studio/perceiver-studio"
    ;;
  *)
    echo "usage: $0 run|test|build|package" >&2
    exit 2
    ;;
esac

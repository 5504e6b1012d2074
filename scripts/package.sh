#!/usr/bin/env bash
# Builds the Debian package (`make deb`): target/debian/starling_<version>_<arch>.deb with the
# binary, the desktop entry, the icons, the man pages and the README. No model: the first start
# offers to download one.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deb >/dev/null 2>&1; then
  echo "Installing cargo-deb (builds the package from Cargo.toml's [package.metadata.deb])"
  cargo install cargo-deb --locked --quiet
fi

# A package runs on other people's CPUs: whisper.cpp is built for x86-64-v3 (AVX2, FMA, F16C;
# Intel since 2013, AMD since 2015) instead of this machine's own (-march=native), in a target
# folder of its own so the development build keeps its native one.
export CARGO_TARGET_DIR=target/package
if [ "$(uname -m)" = x86_64 ]; then
  export GGML_NATIVE=OFF GGML_AVX=ON GGML_AVX2=ON GGML_FMA=ON GGML_F16C=ON GGML_BMI2=ON
fi
cargo build --release --locked

rm -rf target/man && mkdir -p target/man
target/package/release/starling man-pages target/man
gzip -9n target/man/*.1

mkdir -p target/debian
# Stripped: the debug line tables that make backtraces readable in development are 150 MB.
cargo deb --no-build --strip --output target/debian/
ls -l target/debian/*.deb

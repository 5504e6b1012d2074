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

# whisper.cpp for x86-64-v3 in target/package (scripts/package-env.sh says why).
source scripts/package-env.sh
cargo build --release --locked

rm -rf target/man && mkdir -p target/man
target/package/release/starling man-pages target/man
gzip -9n target/man/*.1

mkdir -p target/debian
# Stripped: the debug line tables that make backtraces readable in development are 150 MB.
cargo deb --no-build --strip --output target/debian/
ls -l target/debian/*.deb

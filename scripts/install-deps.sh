#!/usr/bin/env bash
# Installs the system packages Starling needs to build and test, only those missing.
# Debian/Ubuntu; runs apt-get as root or through sudo. Safe to run repeatedly.
set -euo pipefail

PACKAGES=(
  # whisper.cpp (cmake, C++ compiler) and bindgen (clang)
  cmake clang libclang-dev pkg-config build-essential
  # audio capture and playback (cpal -> ALSA)
  libasound2-dev alsa-utils
  # the mock interviewer's voice (tts -> Speech Dispatcher; the daemon speaks with espeak-ng)
  libspeechd-dev speech-dispatcher speech-dispatcher-espeak-ng
  # Opus recordings (browsers' webm, voice notes' ogg): libopus through the opus crate
  libopus-dev
  # speech fixtures and the evaluation set; ffmpeg makes the mp3/m4a/webm/mp4 test files
  espeak-ng sox python3 ffmpeg
  # the desktop window (winit loads X11/Wayland and OpenGL at run time)
  libx11-6 libx11-xcb1 libxcursor1 libxrandr2 libxi6 libxkbcommon0 libxkbcommon-x11-0 libwayland-client0 libwayland-egl1
  libgl1 libegl1 libgl1-mesa-dri
  # running the real window headless for the smoke test and the README screenshots
  xvfb xauth imagemagick xdotool
  # rendering the HTML export in a real browser (its test and screenshot)
  chromium
  # the package's test: a fresh Debian to install it into, and a check of its desktop entry
  debootstrap desktop-file-utils
  # the Windows build (make windows): MinGW-w64's compilers, the NSIS installer maker, zip
  gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 nsis zip
  # ... and its tests under Wine (window, fonts, TLS for the download code)
  wine64 fonts-wine libxrender1 libxcomposite1 libxfixes3 libxinerama1 libxxf86vm1 libgnutls30 libdbus-1-3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed: install it from https://rustup.rs (Rust 1.95 or newer), then run make again." >&2
  exit 1
fi

# `make test` checks the format and lints: rustup toolchains may come without them.
if command -v rustup >/dev/null 2>&1 && ! { cargo fmt --version && cargo clippy --version; } >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi

#!/usr/bin/env bash
# Cross-compiles starling.exe for 64-bit Windows (`make windows`) with Debian's MinGW-w64:
# target/windows/x86_64-pc-windows-gnu/release/starling.exe, one file that needs no DLL the
# user must find (the C and C++ runtimes are linked in), with whisper.cpp built for x86-64-v3
# as in the Debian package.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$(pwd)/scripts/windows
source scripts/windows/names.sh

if command -v rustup >/dev/null 2>&1 && ! rustup target list --installed | grep -qx "$triple"; then
  rustup target add "$triple"
fi

export CARGO_TARGET_DIR=target/windows
# The posix flavour of MinGW's compilers: whisper.cpp uses std::thread and std::mutex.
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc-posix
export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++-posix
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix
# Debian's MinGW headers lack THREAD_POWER_THROTTLING_STATE, which ggml-cpu uses from Windows 8
# (0x0602) on; saying Windows 7 leaves that call out (it only hints the scheduler).
export CFLAGS_x86_64_pc_windows_gnu="-D_WIN32_WINNT=0x0601"
export CXXFLAGS_x86_64_pc_windows_gnu="-D_WIN32_WINNT=0x0601"
# whisper.cpp for x86-64-v3 (AVX2, FMA, F16C), as in the .deb: the build machine's -march=native
# would not run everywhere, and plain x86-64 is ten times slower.
export GGML_NATIVE=OFF GGML_AVX=ON GGML_AVX2=ON GGML_FMA=ON GGML_F16C=ON GGML_BMI2=ON
# ggml's libraries come out as ggml.a under MinGW; whisper-rs-sys links libggml.a. This file,
# read into whisper.cpp's CMake project, gives them the prefix (whisper-rs-sys passes CMAKE_*).
export CMAKE_PROJECT_INCLUDE="$here/ggml-lib-prefix.cmake"

# Static C++ and stack-protector runtimes: whisper-rs-sys asks for `dylib=stdc++` and libopus
# needs libssp, so the linker would take libstdc++-6.dll and libssp-0.dll. ld takes a library
# from the first folder holding any form of it, so a folder with only the static archives,
# searched first, wins; -static takes libwinpthread and libgcc the same way.
gcc_dir=$(dirname "$(x86_64-w64-mingw32-g++-posix -print-file-name=libstdc++.a)")
static_dir=$(pwd)/target/windows/static-runtime
mkdir -p "$static_dir"
cp -u "$gcc_dir/libstdc++.a" "$gcc_dir/libssp.a" "$static_dir/"

# The icon, version and manifest, as a resource object linked into the program.
res=$(pwd)/target/windows/resources
mkdir -p "$res"
convert assets/icons/starling-{256,128,64,48,32}.png "$res/starling.ico"
cp scripts/windows/starling.exe.manifest "$res/"
sed -e "s/@VERSION@/$version/g" -e "s/@VERSION_COMMAS@/${version//./,}/g" scripts/windows/starling.rc.in >"$res/starling.rc"
x86_64-w64-mingw32-windres -I "$res" -O coff -i "$res/starling.rc" -o "$res/starling-resources.o"

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-L native=$static_dir -C target-feature=+crt-static"

# What only the program's link needs goes to it alone (in RUSTFLAGS it would rebuild every
# crate): the resources, and libssp with what it calls (msvcrt, advapi32) after it.
cargo rustc --release --locked --target "$triple" --bin starling -- -C link-arg="$res/starling-resources.o" \
  -C link-arg=-static -C link-arg=-lssp -C link-arg=-lmsvcrt -C link-arg=-ladvapi32
# No DLL beyond those every Windows 10 and 11 has (no MinGW runtime the user must find).
system='advapi32 bcrypt bcryptprimitives combase dwmapi gdi32 imm32 kernel32 mmdevapi msvcrt ntdll ole32
  oleaut32 opengl32 propsys rpcrt4 shell32 uiautomationcore user32 userenv uxtheme ws2_32'
foreign=$(x86_64-w64-mingw32-objdump -p "$exe" | awk '/DLL Name:/{print tolower($3)}' | sort -u |
  grep -vE '^api-ms-win-' | grep -vxF -f <(printf '%s.dll\n' $system) || true)
if [ -n "$foreign" ]; then
  echo "windows build: starling.exe needs DLLs a Windows user may not have:" $foreign >&2
  exit 1
fi
ls -l "$exe"

#!/usr/bin/env bash
# Packages the Windows build (`make windows`, after scripts/windows/build.sh):
#   target/windows/Starling-<version>-setup.exe  an installer made with NSIS (per user, no
#       administrator rights; Start menu shortcut, an entry in Settings > Apps, an uninstaller)
#   target/windows/Starling-<version>-windows-x64.zip  the same program to run from a folder
# Neither holds a model: the first start offers to download one, as on Linux.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/windows/names.sh
[ -f "$exe" ] || { echo "windows package: no $exe; run scripts/windows/build.sh" >&2; exit 1; }
out=$(pwd)/target/windows
# Stripped: the debug line tables are most of the file.
x86_64-w64-mingw32-strip -o "$out/starling.exe" "$exe"

makensis -V2 -DVERSION="$version" -DEXE="$out/starling.exe" -DREADME="$(pwd)/README.md" \
  -DICON="$out/resources/starling.ico" -DOUTFILE="$(pwd)/$setup" scripts/windows/installer.nsi

rm -rf "$out/zip" "$zip"
mkdir -p "$out/zip/Starling"
cp "$out/starling.exe" README.md "$out/zip/Starling/"
(cd "$out/zip" && zip -qr9 "$OLDPWD/$zip" Starling)
ls -l "$setup" "$zip"

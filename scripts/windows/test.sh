#!/usr/bin/env bash
# Runs the Windows package under Wine (`make windows-test`, part of `make test`): installs it
# silently, then --version, --help of every command, `analyze` of a spoken clip with the test
# model against the Linux package build's report of the same clip, `import` and `sessions
# export` into Windows paths, the error messages for a missing or damaged model, an unreadable
# file and no microphone against Linux's, and the window (the first start, Practice, Review)
# started under Xvfb and screenshotted into target/windows/test/; then uninstalls it. Needs
# `make windows` and `make deb` (the Linux build it compares with).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
source scripts/windows/names.sh
setup=$root/$setup
linux=$root/target/package/release/starling
model=$(realpath "${STARLING_TEST_MODEL:-../shared/models/ggml-tiny.en.bin}")
[ -f "$setup" ] || { echo "windows test: no $setup; run make windows" >&2; exit 1; }
[ -x "$linux" ] || { echo "windows test: no $linux; run make deb" >&2; exit 1; }
[ -f "$model" ] || { echo "windows test: no model at $model (set STARLING_TEST_MODEL)" >&2; exit 1; }

wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
user=$(id -un)
work=$root/target/windows/test
rm -rf "$work" && mkdir -p "$work"
export WINEPREFIX=$root/target/windows/wineprefix WINEDEBUG=-all
# No Mono or Gecko install prompts when the prefix is made.
export WINEDLLOVERRIDES="mscoree=;mshtml="
# A Windows path for a Linux one: Wine maps the root folder to drive Z:.
winpath() { local p; p=$(realpath -m "$1"); echo "Z:${p//\//\\}"; }
fail() { echo "windows test FAILED: $*" >&2; exit 1; }

echo "== the installer, silently (making the Wine prefix the first time)"
"$wine" "$setup" /S
"$wineserver" -w
installed=$WINEPREFIX/drive_c/users/$user/AppData/Local/Programs/Starling
[ -f "$installed/starling.exe" ] || fail "nothing installed in $installed"
[ -f "$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Starling.lnk" ] || fail "no Start menu shortcut"
"$wine" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Starling' /v DisplayVersion | grep -q "$version" || fail "no entry in Apps"
# Wine 8 lacks bcryptprimitives.dll (Rust's random numbers): a stand-in beside the installed
# program for the tests only, taken away before the uninstaller runs.
x86_64-w64-mingw32-gcc-posix -O2 -shared -Wl,--kill-at -o "$installed/bcryptprimitives.dll" \
  scripts/windows/wine-bcryptprimitives.c -ladvapi32
win() { "$wine" "$installed/starling.exe" "$@"; }
# The data folder is the Windows one (%APPDATA%\Starling), not one set for the test.
unset STARLING_DATA_DIR STARLING_MODEL
data_unix=$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Starling/data
rm -rf "$data_unix"

echo "== starling.exe --version"
said=$(win --version | tr -d '\r')
[ "$said" = "$("$linux" --version)" ] || fail "--version says '$said', Linux '$("$linux" --version)'"
echo "$said"

echo "== --help of every command"
for command in $("$linux" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} /^$/{on=0}'); do
  [ "$command" = help ] && continue
  win "$command" --help >/dev/null || fail "starling.exe $command --help"
done

echo "== analyze of a spoken clip, Windows build under Wine and Linux build side by side"
clip=$work/clip.wav
espeak-ng -s 150 -w "$clip" "In my last role our release process took three days. I was tasked with fixing it. I wrote a script that checked every build, and we cut the time to four hours, which saved the team about ten hours a week."
cp "$model" "$work/model.bin"
start=$(date +%s.%N)
win analyze "$(winpath "$clip")" --model "$(winpath "$work/model.bin")" --json "$(winpath "$work/report-windows.json")" >"$work/analyze-windows.txt"
mid=$(date +%s.%N)
"$linux" analyze "$clip" --model "$work/model.bin" --json "$work/report-linux.json" >"$work/analyze-linux.txt"
end=$(date +%s.%N)
python3 scripts/windows/same-analysis.py "$work/report-linux.json" "$work/report-windows.json" || fail "the reports differ"
python3 -c "import sys; w, l = float(sys.argv[2]) - float(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f'analyze took {w:.1f} s under Wine, {l:.1f} s on Linux ({w / l:.2f}x)')" "$start" "$mid" "$end"

echo "== import and sessions export into Windows paths"
win import "$(winpath "$clip")" --model "$(winpath "$work/model.bin")" >"$work/import.txt" || fail "import"
ls "$data_unix"/sessions/*/answer.wav >/dev/null || fail "import kept no answer under %APPDATA%\\Starling"
grep -q 'AppData\\Roaming\\Starling\\data\\sessions\\' "$work/import.txt" || fail "import did not say where it kept the answer: $(cat "$work/import.txt")"
out="C:\\users\\$user\\Documents\\answer report.md"
win sessions export 1 --format md --out "$out" >/dev/null || fail "sessions export"
grep -q "release process" "$WINEPREFIX/drive_c/users/$user/Documents/answer report.md" || fail "the export has not the answer's words"

echo "== clear messages: missing model, damaged model, unreadable file, no microphone"
head -c 100000 /dev/urandom >"$work/damaged.bin"
printf 'not a wave file' >"$work/broken.wav"
same_error() { # name, then the arguments for both builds, {} standing for a file of $work
  local name=$1; shift
  local lin=() wi=()
  for a in "$@"; do
    if [[ $a == {}* ]]; then lin+=("$work/${a#\{\}}"); wi+=("$(winpath "$work/${a#\{\}}")"); else lin+=("$a"); wi+=("$a"); fi
  done
  local l w
  # Lines of the host's ALSA library (Linux's, and Wine's sound driver's) are not ours.
  l=$(STARLING_DATA_DIR="$work/linux-data" "$linux" "${lin[@]}" 2>&1 >/dev/null) && fail "$name: Linux succeeded"
  w=$(win "${wi[@]}" 2>&1 >/dev/null) && fail "$name: Windows succeeded"
  l=$(grep -v '^ALSA lib ' <<<"$l" || true)
  w=$(tr -d '\r' <<<"$w" | grep -v '^ALSA lib ' || true)
  # The same message, paths written the platform's way.
  local lw=${l//$work\//$(winpath "$work")\\}
  [ "$w" = "$lw" ] || fail "$name: Windows says '$w', Linux '$l'"
  echo "$name: $w"
}
same_error "missing model" analyze {}clip.wav --model {}no-such-model.bin
same_error "damaged model" analyze {}clip.wav --model {}damaged.bin
same_error "unreadable file" analyze {}broken.wav --model {}model.bin
same_error "no microphone" record --model {}model.bin --seconds 2

echo "== the window under Xvfb: the first start (no model), Practice, Review of the imported answer"
answer=$(ls "$data_unix"/sessions/*/answer.wav | head -1)
shoot() { # the screenshot's name, then starling.exe's arguments
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1280x800x24" env STARLING_WINDOW_SIZE=1280x800 bash -c '
    out=$1; shift
    "$@" &
    # Wine takes a while to show its first window on a busy machine: wait for it, then draw.
    for _ in $(seq 240); do xdotool search --name "^Starling\$" >/dev/null 2>&1 && break; sleep 0.5; done
    sleep 5
    import -window root "$out"' _ "$work/$name.png" "$wine" "$installed/starling.exe" "$@"
  "$wineserver" -k 2>/dev/null || true
}
# A fresh Wine server: after `record` found no microphone, Wine's sound driver kept the next
# program from showing its window.
"$wineserver" -k 2>/dev/null || true
shoot welcome
STARLING_MODEL=$(winpath "$work/model.bin") shoot practice
STARLING_MODEL=$(winpath "$work/model.bin") shoot review review "$(winpath "$answer")"
for shot in welcome practice review; do
  colours=$(convert "$work/$shot.png" -format %k info:)
  [ "$colours" -gt 50 ] || fail "the $shot screenshot is blank ($colours colours)"
  echo "$work/$shot.png: $colours colours"
done
echo "== the uninstaller"
rm "$installed/bcryptprimitives.dll"
"$wine" "$installed/Uninstall Starling.exe" /S
"$wineserver" -w
[ ! -e "$installed" ] || fail "the uninstaller left $installed: $(ls "$installed")"
[ ! -e "$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Starling.lnk" ] || fail "the shortcut is left"
[ -d "$data_unix/sessions" ] || fail "the uninstaller took the user's answers"
echo "windows test passed"

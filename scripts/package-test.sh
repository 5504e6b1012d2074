#!/usr/bin/env bash
# Installs the package into a fresh Debian made with debootstrap (a chroot under
# target/package/root) with apt, as a user would (`apt install ./starling_*.deb`), then runs
# it there: --version, --help of every command, `analyze` of a spoken clip with the test
# model, and checks the desktop entry, the icons and the man pages, and that removing it
# leaves nothing of ours behind. Needs root (or sudo) and the Debian mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "package test: needs root or sudo for the chroot" >&2
    [ "${CI:-}" = true ] && exit 1 || exit 0
  fi
fi
model=${STARLING_TEST_MODEL:-../shared/models/ggml-tiny.en.bin}
[ -f "$model" ] || { echo "package test: no model at $model (set STARLING_TEST_MODEL)" >&2; exit 1; }

deb=$(ls -t target/debian/starling_*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || { echo "package test: no package; run make deb" >&2; exit 1; }

# The host's own Debian release and mirror.
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
mirror=$(grep -hoE '^URIs: *http[^ ]+/debian$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | sed 's/^URIs: *//' || true)
mirror=${mirror:-http://deb.debian.org/debian}

root=$(pwd)/target/package/root
$SUDO rm -rf "$root"
echo "== debootstrap $suite from $mirror into $root"
$SUDO debootstrap --variant=minbase "$suite" "$root" "$mirror" >target/package/debootstrap.log 2>&1 || {
  tail -20 target/package/debootstrap.log >&2; exit 1; }
cleanup() { $SUDO umount "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT
$SUDO mount -t proc proc "$root/proc"
$SUDO cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { $SUDO chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt install ./$(basename "$deb")"
$SUDO cp "$deb" "$root/tmp/starling.deb"
in_root apt-get update -q >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/starling.deb >target/package/apt.log 2>&1 || {
  tail -30 target/package/apt.log >&2; exit 1; }

fail() { echo "package test FAILED: $*" >&2; exit 1; }
echo "== the installed app"
version=$(in_root starling --version)
echo "$version"
echo "$version" | grep -qE '^starling [0-9]+\.[0-9]+\.[0-9]+' || fail "--version"
missing=$(in_root ldd /usr/bin/starling | grep 'not found' || true)
[ -z "$missing" ] || fail "libraries missing: $missing"
# The window's libraries are opened at run time, so ldd cannot see them: they must be there.
for lib in libGL.so.1 libEGL.so.1 libX11.so.6 libX11-xcb.so.1 libXcursor.so.1 libXrandr.so.2 libXi.so.6 libxkbcommon.so.0 libxkbcommon-x11.so.0 libwayland-client.so.0 libwayland-egl.so.1; do
  in_root sh -c "ldconfig -p | grep -qE '^[[:space:]]+$lib '" || fail "$lib is not installed with the package"
done
for command in $(target/package/release/starling --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} /^$/{on=0}'); do
  [ "$command" = help ] && continue
  in_root starling "$command" --help >/dev/null || fail "starling $command --help"
done
test -f "$root/usr/share/applications/starling.desktop" || fail "no desktop entry"
desktop-file-validate "$root/usr/share/applications/starling.desktop" || fail "desktop entry does not validate"
for size in 32 48 64 128 256 512; do
  test -f "$root/usr/share/icons/hicolor/${size}x${size}/apps/starling.png" || fail "no ${size}px icon"
done
test -f "$root/usr/share/man/man1/starling.1.gz" || fail "no man page"
test -f "$root/usr/share/man/man1/starling-analyze.1.gz" || fail "no man page for analyze"

echo "== starling analyze on a spoken clip, in the chroot"
espeak-ng -s 150 -w target/package/clip.wav "In my last role our release process took three days. I wrote a script that checked every build, and we cut the time to four hours, which saved the team about ten hours a week."
$SUDO cp target/package/clip.wav "$root/tmp/clip.wav"
$SUDO cp "$model" "$root/tmp/model.bin"
in_root starling analyze /tmp/clip.wav --model /tmp/model.bin --json /tmp/report.json >target/package/analyze.txt
python3 - "$root/tmp/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
words = [w["text"].strip(" .,").lower() for w in report["words"]]
assert len(words) >= 30, f"only {len(words)} words"
assert "script" in words and "release" in words, words
print(f"report: {len(words)} words, schema {report.get('schema_version')}")
PY

echo "== apt remove"
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q starling >>target/package/apt.log 2>&1
[ ! -e "$root/usr/bin/starling" ] || fail "the binary is left after removal"
[ ! -e "$root/usr/share/applications/starling.desktop" ] || fail "the desktop entry is left after removal"
echo "package test passed: $(basename "$deb")"

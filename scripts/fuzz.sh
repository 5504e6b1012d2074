#!/usr/bin/env bash
# Fuzzes the parsers of outside data (WAV files, the containers symphonia reads: webm/mkv,
# mp4/m4a, ogg, mp3, flac; model headers, report and STAR model JSON and every export of a
# report, settings and library files) with cargo-fuzz on the nightly toolchain, SECONDS_EACH per target
# (default 600). Not part of `make test`: run it like a benchmark, on an idle machine.
#   TARGETS="wav model_header" SECONDS_EACH=60 bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-600}
TARGETS=${TARGETS:-wav model_header report_json report_export settings mkv mp4 ogg mp3 flac}
rustup toolchain list | grep -q nightly || { echo "cargo-fuzz needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 2; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd fuzz
# The container targets start from short recordings ffmpeg makes (not committed): a spoken
# sentence in each format, as browsers, phones and recorders write them.
seed_audio() {
  local t=$1 dir=corpus/$1 wav
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
  mkdir -p "$dir"
  wav=$(mktemp --suffix=.wav)
  espeak-ng -w "$wav" "I rolled back the release and wrote a regression test."
  case $t in
    mkv) ffmpeg -v error -y -i "$wav" -c:a libvorbis "$dir/vorbis.webm"; ffmpeg -v error -y -i "$wav" -c:a libopus "$dir/opus.webm"; ffmpeg -v error -y -i "$wav" -c:a flac "$dir/flac.mkv" ;;
    mp4) ffmpeg -v error -y -i "$wav" -c:a aac "$dir/aac.m4a" ;;
    ogg) ffmpeg -v error -y -i "$wav" -c:a libvorbis "$dir/vorbis.ogg"; ffmpeg -v error -y -i "$wav" -c:a libopus "$dir/opus.ogg" ;;
    mp3) ffmpeg -v error -y -i "$wav" -c:a libmp3lame -b:a 32k "$dir/speech.mp3" ;;
    flac) ffmpeg -v error -y -i "$wav" -c:a flac "$dir/speech.flac" ;;
  esac
  rm -f "$wav"
}
failed=""
for t in $TARGETS; do
  mkdir -p corpus/$t
  # Valid files to start from (kept in git); the corpus grows from them and is not committed.
  [ -d seeds/$t ] && cp -n seeds/$t/* corpus/$t/
  case $t in mkv|mp4|ogg|mp3|flac) seed_audio "$t" ;; esac
  # The report targets start from the golden reports of every schema version.
  case $t in report_json|report_export) cp -n ../tests/golden/*.json "corpus/$t/" ;; esac
  echo "== $t, ${SECONDS_EACH} s"
  # One job: whisper-sized inputs are not the point, and the machine has two cores.
  log=$(mktemp)
  rc=0
  # Any allocation over 2 GB is a crash: symphonia sizes buffers from lengths in the file,
  # and Starling walks webm/mkv and mp4 first so that none can ask for more than the file holds
  # (src/audio/matroska.rs, mp4.rs; what the fuzzers found is in fuzz/regressions/).
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=65536 >"$log" 2>&1 || rc=$?
  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs|ERROR|SUMMARY|crash-|panicked" "$log" || true
  if [ "$rc" -ne 0 ]; then
    # A build error or a crash: show the end of the log rather than nothing.
    tail -40 "$log"
    failed="$failed $t"
  fi
  rm -f "$log"
done
if [ -n "$failed" ]; then
  echo "fuzzing failed (a crash, or the target did not build):$failed" >&2
  exit 1
fi

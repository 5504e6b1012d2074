#!/usr/bin/env bash
# Fuzzes the parsers of outside data (WAV files, model headers, report and STAR model JSON,
# settings and library files) with cargo-fuzz on the nightly toolchain, SECONDS_EACH per target
# (default 600). Not part of `make test`: run it like a benchmark, on an idle machine.
#   TARGETS="wav model_header" SECONDS_EACH=60 bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-600}
TARGETS=${TARGETS:-wav model_header report_json settings}
rustup toolchain list | grep -q nightly || { echo "cargo-fuzz needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 2; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd fuzz
failed=""
for t in $TARGETS; do
  mkdir -p corpus/$t
  # Valid files to start from (kept in git); the corpus grows from them and is not committed.
  [ -d seeds/$t ] && cp -n seeds/$t/* corpus/$t/
  echo "== $t, ${SECONDS_EACH} s"
  # One job: whisper-sized inputs are not the point, and the machine has two cores.
  log=$(mktemp)
  rc=0
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

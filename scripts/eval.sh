#!/usr/bin/env bash
# Accuracy on the dev set (../shared/eval): synthesizes the 29 answers once, analyzes each with
# the release binary and tiny.en, and prints the scorer's figures. VARIANT=N synthesizes the
# same stories with other voices, speeds and fillers (a check that tuning did not fit one take).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${MODEL:-../shared/models/ggml-tiny.en.bin}
VARIANT=${VARIANT:-0}
if [ "$VARIANT" = 0 ]; then DEV=${DEV:-target/eval/dev}; else DEV=${DEV:-target/eval/dev-v$VARIANT}; fi
if [ ! -f "$DEV/002-29.truth.json" ]; then
  python3 ../shared/eval/gen.py ../shared/eval/stories-dev.json "$DEV" --variant "$VARIANT"
fi
rm -rf "$DEV/reports"
# Whisper's words are saved beside each clip; CACHE=1 reuses them (analysis-only changes).
cache="--transcript-cache {wav}.words.json"
if [ "${CACHE:-0}" != 1 ]; then rm -f "$DEV"/*.words.json; fi
python3 ../shared/eval/score.py "$DEV" --cmd "target/release/starling analyze {wav} --json {out} --model $MODEL $cache"

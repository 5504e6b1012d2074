#!/usr/bin/env bash
# Pipeline overhead and real-time factor on a 3-minute answer, plus peak memory of one
# `analyze` run. Figures go in the README. MODEL overrides the whisper model.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${MODEL:-../shared/models/ggml-tiny.en.bin}
bash scripts/bench-audio.sh
bin=target/release/starling
echo "== bench: whisper full() alone vs the whole pipeline (48 kHz stereo input)"
"$bin" bench target/bench/answer-3min-48k.wav --model "$MODEL" --runs "${RUNS:-3}"
echo
echo "== one analyze run, as a user runs it"
"$bin" analyze target/bench/answer-3min-48k.wav --model "$MODEL" --json target/bench/report.json --stats >/dev/null

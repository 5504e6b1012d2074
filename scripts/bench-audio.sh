#!/usr/bin/env bash
# Makes a 3-minute spoken answer for benchmarks from the dev set's synthesized stories:
# target/bench/answer-3min.wav (16 kHz mono) and answer-3min-48k.wav (48 kHz stereo twin).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
shared=../shared/eval
[ -f "$out/answer-3min-48k.wav" ] && exit 0
mkdir -p "$out/clips"
python3 "$shared/gen.py" "$shared/stories-dev.json" "$out/clips" --only 002-01,002-05,002-07 >/dev/null
sox -V1 "$out"/clips/002-01.wav "$out"/clips/002-05.wav "$out"/clips/002-07.wav "$out/joined.wav"
sox -V1 "$out/joined.wav" "$out/answer-3min.wav" trim 0 180
sox -V1 "$out/answer-3min.wav" -r 48000 -c 2 "$out/answer-3min-48k.wav"
rm -f "$out/joined.wav"

#!/usr/bin/env bash
# Delivery measures (issue 19) against truth: Praat's pitch on the clean speech, fluency from the
# generator's chunk times and the clean speech's own silences. Makes the clips once (the clean
# speech kept beside each) and prints eval/delivery_score.py's figures per set.
#
#   SETS="dev dev-flat dev-piper ..."   which sets (default: all below)
#   MODEL=path                          the whisper model (default tiny.en); transcripts cached
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${MODEL:-../shared/models/ggml-tiny.en.bin}
SETS=${SETS:-dev dev-flat dev-piper dev-snr10 dev-piper-snr10 dev2 dev2-piper}
bash scripts/install-eval-deps.sh
tag=$(basename "$MODEL" .bin); tag=${tag#ggml-}
for set in $SETS; do
  stories=dev; args=()
  case $set in dev2*) stories=dev2 ;; esac
  case $set in *-flat*) args+=(--flat) ;; esac
  case $set in *-piper*) args+=(--engine piper) ;; esac
  case $set in *-snr10*) args+=(--condition snr10) ;; esac
  dir=target/eval-delivery/$set
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "../shared/eval/stories-$stories.json")
  if [ "$(ls "$dir"/*.truth.json 2>/dev/null | wc -l)" != "$n" ]; then
    python3 eval/delivery_gen.py "../shared/eval/stories-$stories.json" "$dir" "${args[@]}"
  fi
  rm -rf "$dir/reports-delivery-$tag"
  echo "== $set, $tag"
  python3 eval/delivery_score.py "$dir" --reports "$dir/reports-delivery-$tag" \
    --cmd "target/release/starling analyze {wav} --json {out} --model $MODEL --transcript-cache {wav}.$tag.words.json" | sed -n '/^clips/,$p'
done

#!/usr/bin/env bash
# Accuracy on the dev sets (../shared/eval): synthesizes the answers once, analyzes each with the
# release binary and prints the scorer's figures.
#
#   STORIES=dev|dev2|starling  which answers: the question bank's 29 (dev), another author's 24
#                         (dev2), or our 48 in other styles (starling: eval/stories-starling.json);
#                         NAME-deviate: deviate.py's answers that miss their target, made from NAME
#                         (a rambling Situation, no Result, a one-sentence Action)
#   ENGINE=espeak|piper   robotic voices or a natural neural voice
#   CONDITION=clean|snr20|snr10|babble10|reverb|quiet|phone|hot   the room and microphone
#   WPM=N                 every answer at N words per minute (espeak; 100 is slow speech)
#   VARIANT=N             other voices, speeds and filler places for the same stories
#   MODEL=path            the whisper model (default tiny.en); reports are kept per model
#   LIMIT=N               only the first N answers (a quicker, noisier look; a folder of its own)
#   FILLERS=inline        the fillers said inline (eval/inline_gen.py: written into the sentence
#                         or joined to it with no pause), scored by kind and by how they were said
#   WHOLE=1               transcribe in whisper's 30-second windows instead of the chunks every
#                         user path cuts an answer into (to measure one against the other)
#   CACHE=1               reuse whisper's words from the last run (analysis-only changes)
#   BIN=path              the starling binary to judge (default target/release/starling)
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${MODEL:-../shared/models/ggml-tiny.en.bin}
STORIES=${STORIES:-dev}
ENGINE=${ENGINE:-espeak}
CONDITION=${CONDITION:-clean}
VARIANT=${VARIANT:-0}
WPM=${WPM:-}
name=$STORIES
[ "$ENGINE" = espeak ] || name+="-$ENGINE"
[ "$CONDITION" = clean ] || name+="-$CONDITION"
[ -z "$WPM" ] || name+="-wpm$WPM"
[ "$VARIANT" = 0 ] || name+="-v$VARIANT"
FILLERS=${FILLERS:-between}
[ "$FILLERS" = between ] || name+="-$FILLERS"
LIMIT=${LIMIT:-}
[ -z "$LIMIT" ] || name+="-first$LIMIT"
DEV=${DEV:-target/eval/$name}
# The shared dev sets, or ours (eval/stories-starling.json: answers written in other styles).
base=${STORIES%-deviate}
stories=../shared/eval/stories-$base.json
[ -f "$stories" ] || stories=eval/stories-$base.json
[ -f "$stories" ] || { echo "no stories file for STORIES=$STORIES (dev, dev2 or starling, each with -deviate)" >&2; exit 2; }
if [ "$base" != "$STORIES" ]; then
  # Every story made into one that misses its target, in turn each kind (deviate.py --every 1).
  mkdir -p target/eval
  python3 ../shared/eval/deviate.py "$stories" "target/eval/stories-$STORIES.json" --every 1 >/dev/null
  stories=target/eval/stories-$STORIES.json
fi
ids=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); n=int(sys.argv[2] or len(s)); print(",".join(x["id"] for x in s[:n]))' "$stories" "$LIMIT")
if [ ! -f "$DEV/${ids##*,}.truth.json" ]; then
  bash scripts/install-eval-deps.sh
  args=(--only "$ids" --variant "$VARIANT" --engine "$ENGINE" --condition "$CONDITION")
  [ -z "$WPM" ] || args+=(--wpm "$WPM")
  generator=../shared/eval/gen.py
  [ "$FILLERS" != inline ] || generator=eval/inline_gen.py
  python3 "$generator" "$stories" "$DEV" "${args[@]}"
fi
tag=$(basename "$MODEL" .bin); tag=${tag#ggml-}
live=
if [ "${WHOLE:-0}" = 1 ]; then tag+=-whole; live=--whole-window; fi
reports="$DEV/reports-$tag"
rm -rf "$reports"
# Whisper's words are saved beside each clip, per model; CACHE=1 reuses them.
cache="--transcript-cache {wav}.$tag.words.json"
if [ "${CACHE:-0}" != 1 ]; then rm -f "$DEV"/*."$tag".words.json; fi
echo "== $name, $tag"
python3 ../shared/eval/score.py "$DEV" --reports "$reports" \
  --cmd "${BIN:-target/release/starling} analyze {wav} --json {out} --model $MODEL $cache $live"
# Fillers by kind ("like" and "you know" as well as um/uh) and by how they were said.
python3 eval/filler_score.py "$DEV" "$reports"
# Is the advice true? Each card item and finding the truth can settle, judged against it.
python3 ../shared/eval/advice.py "$DEV" "$reports" | sed -n '/^---$/,$p'
# Every report's "next time" card follows its findings (issue 18), on these voices and rooms too.
python3 scripts/check-cards.py "$reports"

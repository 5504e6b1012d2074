#!/usr/bin/env bash
# Screenshots of every screen of the real app under Xvfb, for the README (docs/screenshots/).
# The answer is a synthesized dev-set recording fed as the microphone in real time
# (STARLING_CAPTURE_WAV), so the practice and review shots show a real live transcript and
# report. Takes about four minutes. Needs `make deps` and the dev set (`make eval` makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=$(realpath "${MODEL:-../shared/models/ggml-tiny.en.bin}")
ANSWER=$(realpath "${ANSWER:-target/eval/dev/002-06.wav}")
OUT=${OUT:-docs/screenshots}
BIN=target/release/starling
mkdir -p "$OUT"
[ -x "$BIN" ] || cargo build --release
[ -f "$ANSWER" ] || { echo "no $ANSWER: run make eval once to synthesize the dev set" >&2; exit 1; }

if [ -z "${DISPLAY_READY:-}" ]; then
  exec env DISPLAY_READY=1 xvfb-run -a -s "-screen 0 1280x800x24" env STARLING_WINDOW_SIZE=1280x800 "$0" "$@"
fi

data=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$data"' EXIT

shot() { sleep "${2:-1.5}"; import -window root "$OUT/$1.png"; echo "$OUT/$1.png"; }
key() { xdotool search --sync --name '^Starling$' windowfocus --sync key --clearmodifiers "$@"; }

# First run: no model anywhere.
STARLING_DATA_DIR="$data" STARLING_MODEL= "$BIN" & pid=$!
shot welcome 4
kill $pid; wait $pid 2>/dev/null || true

# A story, the question the answer was written for, no countdown.
cat >"$data/library.json" <<'EOF'
{"questions": [], "stories": [{"id": 1, "title": "Checkout outage during the spring launch",
 "notes": "Situation: checkout failing at launch, 3% of orders lost.\nActions: rolled back, wrote the missing regression test, added a canary stage.\nResult: errors down 40% in two days; no launch incident since.",
 "principles": ["Ownership", "Dive Deep", "Deliver Results"], "question_ids": ["bank-06"]}]}
EOF
echo '{"prep_seconds": 0, "last_question": "bank-06"}' >"$data/settings.json"

# Earlier attempts at the same question for the History screen: three dev-set answers,
# imported and then dated a week apart (the app indexes session folders it finds).
seed=$(mktemp -d)
n=0
for clip in 002-01 002-02 002-03; do
  STARLING_DATA_DIR="$seed" "$BIN" import "$(dirname "$ANSWER")/$clip.wav" --model "$MODEL" --question bank-06 >/dev/null
done
mkdir -p "$data/sessions"
for dir in "$seed"/sessions/*/; do
  n=$((n + 1))
  cp -r "$dir" "$data/sessions/$(date -d "$((28 - 7 * n)) days ago" +%Y-%m-%d_%H-%M-%S)"
done
rm -rf "$seed"

# Ctrl+1..7: Questions, Practice, Interview, Review, History, Stories, Settings.
STARLING_DATA_DIR="$data" STARLING_MODEL="$MODEL" STARLING_CAPTURE_WAV="$ANSWER" "$BIN" & pid=$!
sleep 4
shot practice 0
key ctrl+1; shot questions
key ctrl+6; shot stories
key ctrl+7; shot settings
key ctrl+2; sleep 1
key space
shot recording 40
duration=$(soxi -D "$ANSWER")
sleep "$(python3 -c "print(max(0, $duration - 40 + 1))")"
key space
shot review 12
key ctrl+5; shot history
kill $pid; wait $pid 2>/dev/null || true

# Review on a small screen (800x600), opened straight on the newest answer.
folder=$(ls -d "$data"/sessions/*/ | sort | tail -1)
xvfb-run -a -s "-screen 0 800x600x24" env STARLING_DATA_DIR="$data" STARLING_MODEL="$MODEL" STARLING_WINDOW_SIZE=800x600 \
  bash -c "\"$BIN\" review \"${folder}answer.wav\" & sleep 6; import -window root \"$OUT/review-small.png\"; kill %1"
echo "$OUT/review-small.png"

# History on the small screen with a session's details open beside the table.
xvfb-run -a -s "-screen 0 800x600x24" env STARLING_DATA_DIR="$data" STARLING_MODEL="$MODEL" STARLING_WINDOW_SIZE=800x600 \
  bash -c "\"$BIN\" & sleep 6; xdotool search --sync --name '^Starling\$' windowfocus --sync key ctrl+5; sleep 2; xdotool mousemove 200 359 click 1; sleep 2; import -window root \"$OUT/history-small.png\"; kill %1"
echo "$OUT/history-small.png"

# Every screen at the smallest and the largest window the layout is made for (the 1280x800
# shots above are the third size), opened on the newest answer's review.
mkdir -p "$OUT/sizes"
for size in ${SIZES:-800x600 1920x1080}; do
  xvfb-run -a -s "-screen 0 ${size}x24" env STARLING_DATA_DIR="$data" STARLING_MODEL="$MODEL" STARLING_WINDOW_SIZE="$size" \
    BIN="$BIN" WAV="${folder}answer.wav" PREFIX="$OUT/sizes/$size" bash -c '
      "$BIN" review "$WAV" & sleep 6
      import -window root "$PREFIX-review.png"
      for s in 1:questions 2:practice 3:interview 5:history 6:stories 7:settings; do
        xdotool search --sync --name "^Starling\$" windowfocus --sync key --clearmodifiers "ctrl+${s%%:*}"
        sleep 1.5; import -window root "$PREFIX-${s#*:}.png"
      done
      kill %1'
  ls "$OUT/sizes/$size"-*.png
done

# The light theme (Settings > Appearance), on the newest answer's review.
python3 -c 'import json,sys; p=sys.argv[1]; s=json.load(open(p)); s["theme"]="light"; json.dump(s,open(p,"w"))' "$data/settings.json"
xvfb-run -a -s "-screen 0 1280x800x24" env STARLING_DATA_DIR="$data" STARLING_MODEL="$MODEL" STARLING_WINDOW_SIZE=1280x800 \
  bash -c "\"$BIN\" review \"${folder}answer.wav\" & sleep 6; import -window root \"$OUT/review-light.png\"; kill %1"
echo "$OUT/review-light.png"

# The newest session exported as HTML, as Chromium renders it.
id=$(STARLING_DATA_DIR="$data" "$BIN" sessions list | awk 'NR == 2 { print $1 }')
STARLING_DATA_DIR="$data" "$BIN" sessions export "$id" --format html --out "$data/report.html"
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$data/chromium" \
  --screenshot="$OUT/export-html.png" --window-size=1100,1500 "file://$data/report.html" 2>/dev/null
echo "$OUT/export-html.png"

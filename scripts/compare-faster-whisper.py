#!/usr/bin/env python3
"""Time `starling analyze` against faster-whisper on the same answer, same weights, side by side.

faster-whisper (CTranslate2, int8) is the speed the field expects from local Whisper. Both run
the same model (the ggml file, converted by scripts/ggml-to-ct2.py), the same thread count,
beam 5 and word timestamps, interleaved so the machine's drift hits both alike.

Usage: scripts/compare-faster-whisper.py [WAV] [--model GGML ...] [--runs N] [--threads N]
       [--starling BIN] [--beam N]
Defaults: target/bench/answer-3min.wav, ../shared/models/ggml-tiny.en.bin, 3 runs, 2 threads.
faster-whisper is installed from PyPI into target/faster-whisper-venv on first use.

`--fw-report CT2_DIR WAV OUT THREADS BEAM` (with the venv's python) writes faster-whisper's
words as a report for ../shared/eval/score.py, to compare word error rates on the dev sets.

Times: Starling's is the whole `analyze` process (model load, whisper, every analysis, the
report); faster-whisper's is model load plus transcription with word timestamps, measured
inside Python (its interpreter start and imports are not counted).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "faster-whisper-venv")
VENV_PY = os.path.join(VENV, "bin", "python")


def fw_words(model_dir, wav, threads, beam):
    """Runs inside the venv: faster-whisper's timed words (int8, English, word timestamps)."""
    from faster_whisper import WhisperModel
    model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads)
    segments, info = model.transcribe(wav, language="en", beam_size=beam, word_timestamps=True)
    return [w for s in segments for w in (s.words or [])], info


def fw_worker(model_dir, wav, threads, beam):
    """Runs inside the venv: one timed faster-whisper transcription, printed as JSON."""
    t0 = time.perf_counter()
    import faster_whisper  # noqa: F401  (imports are not counted in the time)
    t_import = time.perf_counter()
    words, info = fw_words(model_dir, wav, threads, beam)
    t_end = time.perf_counter()
    print(json.dumps({"seconds": t_end - t_import, "imports": t_import - t0,
                      "words": len(words), "audio": info.duration}))


def fw_report(model_dir, wav, out, threads, beam):
    """Runs inside the venv: faster-whisper's words as a report `../shared/eval/score.py` reads
    (words only: its WER is comparable, its other figures are not)."""
    found, info = fw_words(model_dir, wav, threads, beam)
    words = [{"text": w.word.strip(), "start": w.start, "end": w.end} for w in found]
    with open(out, "w") as f:
        json.dump({"duration_s": info.duration, "words": words}, f)


def ensure_venv():
    if os.path.exists(VENV_PY):
        probe = subprocess.run([VENV_PY, "-c", "import faster_whisper"], capture_output=True)
        if probe.returncode == 0:
            return
    print(f"installing faster-whisper into {VENV} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([VENV_PY, "-m", "pip", "install", "-q", "faster-whisper"], check=True)


def ensure_ct2(ggml):
    name = os.path.basename(ggml).removesuffix(".bin")
    out = os.path.join(ROOT, "target", "ct2", name)
    if not os.path.exists(os.path.join(out, "model.bin")):
        subprocess.run([VENV_PY, os.path.join(ROOT, "scripts", "ggml-to-ct2.py"), ggml, out],
                       check=True)
    return out


def time_starling(binary, wav, model, threads, beam):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        t0 = time.perf_counter()
        subprocess.run([binary, "analyze", wav, "--json", report, "--model", model,
                        "--threads", str(threads), "--beam-size", str(beam)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - t0
        with open(report) as f:
            return seconds, len(json.load(f)["words"])


def time_fw(ct2_dir, wav, threads, beam):
    out = subprocess.run([VENV_PY, os.path.abspath(__file__), "--fw-worker", ct2_dir, wav,
                          str(threads), str(beam)], check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["seconds"], result["words"]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--fw-worker":
        fw_worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--fw-report":
        fw_report(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wav", nargs="?", default=os.path.join(ROOT, "target/bench/answer-3min.wav"))
    ap.add_argument("--model", nargs="+",
                    default=[os.path.join(ROOT, "../shared/models/ggml-tiny.en.bin")])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--beam", type=int, default=5)
    ap.add_argument("--starling", default=os.path.join(ROOT, "target/release/starling"))
    args = ap.parse_args()
    if not os.path.exists(args.wav):
        sys.exit(f"{args.wav}: no such file (make bench creates target/bench/answer-3min.wav)")
    ensure_venv()
    print(f"{args.wav}, {args.threads} threads, beam {args.beam}, {args.runs} runs interleaved")
    print("| model | Starling analyze | faster-whisper | ratio | words (Starling / fw) |")
    print("|---|---|---|---|---|")
    for ggml in args.model:
        ct2 = ensure_ct2(os.path.abspath(ggml))
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(time_starling(args.starling, args.wav, ggml, args.threads, args.beam))
            theirs.append(time_fw(ct2, args.wav, args.threads, args.beam))
        a = statistics.median(s for s, _ in ours)
        b = statistics.median(s for s, _ in theirs)
        print(f"| {os.path.basename(ggml)} | {a:.1f} s | {b:.1f} s | {a / b:.2f}x | "
              f"{ours[-1][1]} / {theirs[-1][1]} |", flush=True)


if __name__ == "__main__":
    main()

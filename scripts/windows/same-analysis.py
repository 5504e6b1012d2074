#!/usr/bin/env python3
"""Compares the Linux and the Windows build's report of one clip (scripts/windows/test.sh).

same-analysis.py LINUX.json WINDOWS.json

The words must be the same, word for word, and so must every other field; numbers may differ
a little, by at most 0.5% or 0.005: whisper's word probabilities come out of exp and log, which
glibc and MinGW's C runtime round differently (seen: 0.537 on Linux, 0.540 on Windows).
"""
import json
import sys

def diff(a, b, where, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{where}.{k}: only in {'Windows' if k in b else 'Linux'}")
            else:
                diff(a[k], b[k], f"{where}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items on Linux, {len(b)} on Windows")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{where}[{i}]", out)
    elif isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))) or abs(a - b) > max(5e-3, 5e-3 * abs(a)):
            out.append(f"{where}: {a} on Linux, {b} on Windows")
    elif a != b:
        out.append(f"{where}: {a!r} on Linux, {b!r} on Windows")


def main():
    linux, windows = (json.load(open(p)) for p in sys.argv[1:3])
    lw = [w["text"] for w in linux["words"]]
    ww = [w["text"] for w in windows["words"]]
    out = []
    diff(linux, windows, "report", out)
    if lw != ww:
        print(f"different words:\n  Linux:   {''.join(lw)}\n  Windows: {''.join(ww)}")
    for line in out[:20]:
        print(line)
    if out:
        print(f"{len(out)} differences")
        return 1
    print(f"same report: {len(lw)} words, {len(linux.get('findings', []))} findings")
    return 0


sys.exit(main())

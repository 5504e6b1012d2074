#!/usr/bin/env python3
"""Compares reports of one answer (scripts/eval-agree.sh).

same-report.py NAME A B           A and B must be equal, field for field
same-report.py --measures NAME A B...   pace, pauses, fillers and STAR shares of each B within 5%
                                  of A's (a long pause or filler more or less is allowed on 20)
"""
import json
import sys


def measures(r):
    p = r["pacing"]
    shares = {}
    for s in r["star"]["sections"]:
        shares[s["label"]] = shares.get(s["label"], 0) + s["share"]
    return p["wpm"], len(p["pauses"]), r["fillers"]["count"], shares


def main():
    args = sys.argv[1:]
    if args[0] == "--measures":
        name, base, others = args[1], args[2], args[3:]
        a = measures(json.load(open(base)))
        bad = []
        for path in others:
            b = measures(json.load(open(path)))
            tag = path.rsplit("/", 1)[-1]
            if abs(a[0] - b[0]) > 0.05 * a[0]:
                bad.append(f"{tag}: pace {a[0]:.1f} vs {b[0]:.1f}")
            for what, x, y in (("pauses", a[1], b[1]), ("fillers", a[2], b[2])):
                if abs(x - y) > max(1, 0.05 * x):
                    bad.append(f"{tag}: {what} {x} vs {y}")
            for label in set(a[3]) | set(b[3]):
                if abs(a[3].get(label, 0) - b[3].get(label, 0)) > 0.05:
                    bad.append(f"{tag}: {label} share {a[3].get(label, 0):.2f} vs {b[3].get(label, 0):.2f}")
            if tag.startswith("drop") and not json.load(open(path)).get("input_gaps"):
                bad.append(f"{tag}: the dropout is not told")
        print(f"{name}: {'within 5%' if not bad else 'DIFFERENT: ' + '; '.join(bad)}")
        return 1 if bad else 0
    name, a, b = args
    ra, rb = json.load(open(a)), json.load(open(b))
    diff = sorted(k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k))
    print(f"{name}: {'same report' if not diff else 'DIFFERENT in ' + ', '.join(diff)}")
    return 1 if diff else 0


sys.exit(main())

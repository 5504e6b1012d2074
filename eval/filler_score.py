#!/usr/bin/env python3
"""Filler recall and precision by kind (um/uh, "like", "you know") and, for inline_gen.py's
answers, by how the filler was said (written into the sentence or joined to it).

usage: filler_score.py TRUTH_DIR REPORTS_DIR [--tolerance S] [--missed]
A reported filler matches an unmatched planted one of the same kind whose time it falls within
(widened by the tolerance, 0.5 s as score.py's). Precision counts every reported filler of the
kind, so a "like" counted in "looks like" is a false one.
"""
import glob, json, os, sys

KINDS = {'um/uh': 'um/uh', 'um': 'um/uh', 'uh': 'um/uh', 'er': 'um/uh', 'ah': 'um/uh', 'hmm': 'um/uh', 'like': 'like', 'you know': 'you know'}


def kind(text):
    t = ' '.join(w.strip('.,!?').lower() for w in text.split())
    return KINDS.get(t)


def main():
    truth_dir, reports_dir = sys.argv[1], sys.argv[2]
    tol = float(sys.argv[sys.argv.index('--tolerance') + 1]) if '--tolerance' in sys.argv else 0.5
    found, planted, reported = {}, {}, {}
    by_mode = {}
    missed, invented = [], []
    for tp in sorted(glob.glob(os.path.join(truth_dir, '*.truth.json'))):
        ident = os.path.basename(tp)[:-len('.truth.json')]
        rp = os.path.join(reports_dir, ident + '.json')
        if not os.path.exists(rp):
            continue
        truth, rep = json.load(open(tp)), json.load(open(rp))
        items = [(kind(i.get('text', '')), i['start'], i['end']) for i in rep.get('fillers', {}).get('items', [])]
        items = [i for i in items if i[0]]
        used = set()
        for f in truth['fillers']:
            k = kind(f['text'])
            planted[k] = planted.get(k, 0) + 1
            mode = f.get('mode', 'between')
            m = by_mode.setdefault((k, mode), [0, 0])
            m[1] += 1
            hit = next((j for j, (ik, s, e) in enumerate(items)
                        if j not in used and ik == k and s <= f['end'] + tol and e >= f['start'] - tol), None)
            if hit is None:
                missed.append(f"{ident} {f['text']} {mode} {f['start']:.1f}")
                continue
            used.add(hit)
            found[k] = found.get(k, 0) + 1
            m[0] += 1
        for j, (ik, s, e) in enumerate(items):
            reported[ik] = reported.get(ik, 0) + 1
            if j not in used:
                invented.append(f"{ident} {ik} {s:.1f}")
    for k in ('um/uh', 'like', 'you know'):
        p, r, f = planted.get(k, 0), reported.get(k, 0), found.get(k, 0)
        print(f"{k:9} recall {f}/{p} = {f / p if p else 0:.2f}, precision {f}/{r} = {f / r if r else 0:.2f}")
    for (k, mode), (f, p) in sorted(by_mode.items()):
        print(f"  {k:9} {mode:8} found {f}/{p}")
    if '--missed' in sys.argv:
        print('missed:', *missed, sep='\n  ')
        print('never said:', *invented, sep='\n  ')


if __name__ == '__main__':
    main()

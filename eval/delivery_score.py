#!/usr/bin/env python3
"""Scores the delivery measures (issue 19) against truth on clips made by eval/delivery_gen.py.

Pitch truth is Praat's (praat-parselmouth, `to_pitch(0.01, 70, 400)`) on the clean speech kept
beside each clip; a sentence is monotone when its pitch stays within 2 semitones (10th to 90th
percentile). Fluency truth comes from the generator's chunk times: runs are the words between
silences of 0.25 s or more.

    eval/delivery_score.py CLIP_DIR [--reports DIR] [--cmd '...{wav}...{out}']
"""
import argparse, glob, json, os, re, subprocess, sys
import numpy as np
import parselmouth

MONOTONE_ST = 2.0
RUN_PAUSE_S = 0.25
MIN_FRAMES = 30


def norm_words(text):
    return [w for w in (re.sub(r"[^a-z0-9'%]", '', t.lower()) for t in text.split()) if w]


def praat(path):
    """Praat's pitch with the floor and ceiling fitted to the speaker (Hirst's two passes: 0.75 x the
    first quartile, 1.5 x the third), so octave jumps of a one-size range do not count as spread."""
    sound = parselmouth.Sound(path)
    hz = sound.to_pitch(0.01, 70, 400).selected_array['frequency']
    q1, q3 = np.percentile(hz[hz > 0], [25, 75])
    p = sound.to_pitch(0.01, 0.75 * q1, 1.5 * q3)
    return p.xs(), p.selected_array['frequency']


def pauses_truth(path, truth):
    """Silences of 0.25 s or more in the clean speech, inside the speech span: the gaps between
    the generator's chunks and the synthesizer's own pauses inside a chunk (at commas)."""
    import wave
    with wave.open(path) as w:
        a = np.abs(np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16))
    rate = 16000
    lo, hi = int(truth['chunks'][0]['start'] * rate), int(truth['chunks'][-1]['end'] * rate)
    quiet = a[lo:hi] < 300  # the generator's own silence threshold
    edges = np.flatnonzero(np.diff(np.concatenate(([0], quiet.astype(np.int8), [0]))))
    runs = (edges[1::2] - edges[::2]) / rate
    return [r for r in runs if r >= RUN_PAUSE_S]


def spread(times, hz, start=None, end=None, ref=None):
    sel = hz > 0
    if start is not None:
        sel &= (times >= start) & (times <= end)
    v = hz[sel]
    if len(v) < MIN_FRAMES:
        return None
    st = 12 * np.log2(v / (ref or np.median(v)))
    return float(st.std()), float(np.percentile(st, 90) - np.percentile(st, 10)), float(np.median(v))


def sentences(truth, stories):
    """The story's sentences with their times: a sentence may be split around a planted filler."""
    story = stories[truth['id']]
    speech = [c for c in truth['chunks'] if c['kind'] == 'speech']
    out, i = [], 0
    for sec in story['sections']:
        for sent in sec['sentences']:
            want, got, first = norm_words(sent), [], i
            while i < len(speech) and len(got) < len(want):
                got += norm_words(speech[i]['text'])
                i += 1
            out.append((speech[first]['start'], speech[i - 1]['end']))
    return out


def fluency_truth(truth, pauses=None):
    """From the chunk times alone, or with `pauses` measured on the clean speech."""
    items = truth['chunks']
    span = items[-1]['end'] - items[0]['start']
    if pauses is None:
        gaps = [b['start'] - a['end'] for a, b in zip(items, items[1:])]
        pauses = [g for g in gaps if g >= RUN_PAUSE_S]
    words = sum(len(norm_words(c['text'])) for c in items if c['kind'] == 'speech')
    return {'mean_length_of_run': words / (len(pauses) + 1), 'phonation_time_ratio': (span - sum(pauses)) / span,
            'pauses_per_minute': len(pauses) / (span / 60)}


def covered(spans, start, end):
    inside = sum(max(0.0, min(end, s['end']) - max(start, s['start'])) for s in spans)
    return inside >= 0.5 * (end - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('clips')
    ap.add_argument('--reports')
    ap.add_argument('--cmd', default='target/release/starling analyze {wav} --json {out}')
    ap.add_argument('--stories', default=None)
    a = ap.parse_args()
    reports = a.reports or os.path.join(a.clips, 'reports-delivery')
    os.makedirs(reports, exist_ok=True)
    stories = {}
    for f in glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'eval', 'stories-*.json')) + glob.glob('eval/stories-*.json'):
        stories.update({s['id']: s for s in json.load(open(f))})
    truth_total = 0
    fl_chunk = {k: [] for k in ('mean_length_of_run', 'phonation_time_ratio', 'pauses_per_minute')}
    rows, agree, judged, flagged, fl_err = [], 0, 0, [0, 0], {k: [] for k in ('mean_length_of_run', 'phonation_time_ratio', 'pauses_per_minute')}
    print(f"{'clip':8} {'SD ours':>8} {'Praat':>6} {'range ours':>10} {'Praat':>6} {'mono ours/Praat':>16} {'MLR ours/truth':>15} {'PTR':>11} {'p/min':>11}")
    for truth_path in sorted(glob.glob(os.path.join(a.clips, '*.truth.json'))):
        truth = json.load(open(truth_path))
        clip = truth['id']
        wav = os.path.join(a.clips, clip + '.wav')
        out = os.path.join(reports, clip + '.json')
        if not os.path.exists(out):
            subprocess.run(a.cmd.format(wav=wav, out=out), shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d = json.load(open(out)).get('delivery', {})
        pitch = d.get('pitch', {})
        times, hz = praat(os.path.join(a.clips, clip + '.clean.wav'))
        sd, rng, med = spread(times, hz)
        ours_mono = truth_mono = clip_judged = 0
        for start, end in sentences(truth, stories):
            t = spread(times, hz, start, end)
            if t is None:
                continue
            is_mono = t[1] < MONOTONE_ST
            said = covered(pitch.get('monotone', []), start, end)
            judged += 1
            clip_judged += 1
            agree += is_mono == said
            truth_mono += is_mono
            ours_mono += said
        flagged[0] += ours_mono
        truth_total += truth_mono
        flagged[1] += clip_judged
        fl = d.get('fluency', {})
        chunk_only = fluency_truth(truth)
        ft = fluency_truth(truth, pauses_truth(os.path.join(a.clips, clip + '.clean.wav'), truth))
        for k in fl_err:
            fl_err[k].append((fl.get(k, 0.0) - ft[k]) / ft[k])
            fl_chunk[k].append((fl.get(k, 0.0) - chunk_only[k]) / chunk_only[k])
        row = (clip, pitch.get('spread_semitones'), sd, pitch.get('range_semitones'), rng)
        rows.append(row)
        print(f"{clip:8} {row[1] or 0:8.2f} {sd:6.2f} {row[3] or 0:10.2f} {rng:6.2f} {ours_mono:>7}/{truth_mono:<8} "
              f"{fl.get('mean_length_of_run', 0):7.2f}/{ft['mean_length_of_run']:<7.2f} {fl.get('phonation_time_ratio', 0):5.3f}/{ft['phonation_time_ratio']:<5.3f} "
              f"{fl.get('pauses_per_minute', 0):5.1f}/{ft['pauses_per_minute']:<5.1f}")
    sd_err = [abs((r[1] or 0) - r[2]) for r in rows]
    rg_err = [abs((r[3] or 0) - r[4]) for r in rows]
    print(f"\nclips {len(rows)}")
    print(f"pitch SD: mean |ours - Praat| {np.mean(sd_err):.2f} st, max {max(sd_err):.2f}, within 0.5 st on {sum(e <= 0.5 for e in sd_err)}/{len(rows)}")
    print(f"pitch 10-90% range: mean |ours - Praat| {np.mean(rg_err):.2f} st, max {max(rg_err):.2f}, within 0.5 st on {sum(e <= 0.5 for e in rg_err)}/{len(rows)}")
    print(f"monotone sentences: agreement with Praat {agree / max(1, judged):.3f} over {judged}; flagged by us {flagged[0]}/{flagged[1]} ({flagged[0] / max(1, flagged[1]):.2f})")
    print(f"naive reference (every sentence called not monotone): agreement {1 - truth_total / max(1, judged):.3f}")
    for name, table in (('chunk times and the clean speech\'s own silences', fl_err), ('chunk times alone', fl_chunk)):
        print(f"fluency against {name}:")
        for k, errs in table.items():
            e = np.abs(errs)
            print(f"  {k}: mean |error| {100 * e.mean():.1f}%, max {100 * e.max():.1f}%, within 5% on {int((e <= 0.05).sum())}/{len(e)}")


if __name__ == '__main__':
    main()

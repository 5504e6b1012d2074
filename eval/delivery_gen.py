#!/usr/bin/env python3
"""Answers for the delivery evaluation (issue 19), made by ../shared/eval/gen.py with two changes:
the clean speech is kept beside each clip (`<id>.clean.wav`, Praat's truth is measured on it, also
for noisy conditions), and `--flat` has espeak speak with a flat pitch range (SSML
`<prosody range="x-low">` through `espeak-ng -m`), a voice that must come out monotone.

    eval/delivery_gen.py STORIES OUT_DIR [--flat] [gen.py's options: --engine, --condition, ...]
"""
import importlib.util, os, subprocess, sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('gen', os.path.join(HERE, '..', '..', 'shared', 'eval', 'gen.py'))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


class KeepClean:
    """os for gen.py, except that the clean speech is not deleted."""
    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def remove(path):
        if not path.endswith('.clean.wav'):
            os.remove(path)


class FlatEspeak:
    """subprocess for gen.py, with espeak's text read as SSML with a flat pitch range."""
    def __getattr__(self, name):
        return getattr(subprocess, name)

    @staticmethod
    def run(args, **kw):
        if args and args[0] == 'espeak-ng':
            args = args[:1] + ['-m'] + args[1:-1] + [f'<speak><prosody range="x-low">{escape(args[-1])}</prosody></speak>']
        return subprocess.run(args, **kw)


def main():
    args = sys.argv[1:]
    gen.os = KeepClean()
    if '--flat' in args:
        args.remove('--flat')
        gen.subprocess = FlatEspeak()
    sys.argv = [gen.__file__] + args
    # gen.py's command line, run in its module so its globals take the options
    src = open(gen.__file__).read()
    main_src = src[src.index("if __name__ == '__main__':"):].replace("if __name__ == '__main__':", 'if True:', 1)
    exec(compile(main_src, gen.__file__, 'exec'), gen.__dict__)


if __name__ == '__main__':
    main()

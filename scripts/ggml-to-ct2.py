#!/usr/bin/env python3
"""Turn a whisper.cpp ggml model into a CTranslate2 model for faster-whisper.

Why: the speed comparison against faster-whisper (issue 21) must use the *same weights*, and
nothing can be downloaded here. The ggml file holds every tensor (f16/f32) and the BPE
vocabulary in rank order, which is all a CTranslate2 Whisper model and a Hugging Face
tokenizer.json need; BPE merges are rebuilt from the ranks as tiktoken does.

Checked: the encoder's output matches a numpy forward pass of the ggml weights (tiny.en, base:
relative difference 3e-5), and faster-whisper transcribes the 3-minute bench answer with both
(404 and 420 words; whisper.cpp 418 and 391).
Multilingual models keep the vocabulary's one empty token (50256) as "": CTranslate2 treats a
model as multilingual only when it finds it (without it base decoded " P P P ...").

Usage: ggml-to-ct2.py ggml-tiny.en.bin OUT_DIR [--quantization int8]
Needs: numpy, ctranslate2, tokenizers (all come with `pip install faster-whisper`).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

LANGS = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th "
    "ur hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr "
    "pa si km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt "
    "haw ln ha ba jw su yue"
).split()

# Cross-attention heads that follow the words (from openai/whisper, as ctranslate2's converter).
ALIGNMENT_HEADS = {
    (4, 6, 51864): [(1, 0), (2, 0), (2, 5), (3, 0), (3, 1), (3, 2), (3, 3), (3, 4)],
    (4, 6, 51865): [(2, 2), (3, 0), (3, 2), (3, 3), (3, 4), (3, 5)],
    (6, 8, 51864): [(3, 3), (4, 7), (5, 1), (5, 5), (5, 7)],
    (6, 8, 51865): [(3, 1), (4, 2), (4, 3), (4, 7), (5, 1), (5, 2), (5, 4), (5, 6)],
}

# Symbols openai/whisper keeps out of transcripts (tokenizer.non_speech_tokens); their ids
# depend on the vocabulary, so they are looked up in the tokenizer written for this model.
NON_SPEECH = list('"#()*+/:;<=>@[\\]^_`{|}~\u300c\u300d\u300e\u300f') + (
    "<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} \u266a\u266a \u266a\u266a\u266a"
).split()
MISC = list("\u2669\u266a\u266b\u266c\u266d\u266e\u266f")


def non_speech_ids(tokenizer_json):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(tokenizer_json)
    enc = lambda text: tok.encode(text, add_special_tokens=False).ids
    ids = {enc(" -")[0], enc(" '")[0]}
    for symbol in NON_SPEECH + MISC:
        for ids_ in (enc(symbol), enc(" " + symbol)):
            if len(ids_) == 1 or symbol in MISC:
                ids.add(ids_[0])
    return sorted(ids)


def bytes_to_unicode():
    """GPT-2's printable stand-in for each byte, as byte-level BPE vocabularies spell tokens."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(
        range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def read_ggml(path):
    with open(path, "rb") as f:
        if struct.unpack("<I", f.read(4))[0] != 0x67676D6C:
            sys.exit(f"{path}: not a ggml whisper model")
        names = ("n_vocab n_audio_ctx n_audio_state n_audio_head n_audio_layer n_text_ctx "
                 "n_text_state n_text_head n_text_layer n_mels ftype").split()
        hp = dict(zip(names, struct.unpack("<11i", f.read(44))))
        n_mel, n_fft = struct.unpack("<ii", f.read(8))
        f.seek(4 * n_mel * n_fft, 1)
        (n_tokens,) = struct.unpack("<i", f.read(4))
        tokens = []
        for _ in range(n_tokens):
            (n,) = struct.unpack("<I", f.read(4))
            tokens.append(f.read(n))
        tensors = {}
        while header := f.read(12):
            n_dims, name_len, ttype = struct.unpack("<iii", header)
            ne = struct.unpack(f"<{n_dims}i", f.read(4 * n_dims))
            name = f.read(name_len).decode()
            dtype = {0: np.float32, 1: np.float16}.get(ttype)
            if dtype is None:
                sys.exit(f"{name}: tensor type {ttype} (quantized) is not supported; use an f16 model")
            count = int(np.prod(ne))
            data = np.frombuffer(f.read(count * np.dtype(dtype).itemsize), dtype=dtype)
            tensors[name] = data.reshape(tuple(reversed(ne))).astype(np.float32)
    return hp, tokens, tensors


def special_tokens(hp):
    """Whisper's special tokens after the BPE ones, laid out as whisper.cpp does."""
    multilingual = hp["n_vocab"] >= 51865
    n_lang = hp["n_vocab"] - 51765 - 1 if multilingual else 99
    eot = 50257 if multilingual else 50256
    specials = ["<|endoftext|>", "<|startoftranscript|>"] + [f"<|{c}|>" for c in LANGS[:n_lang]]
    specials += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>",
                 "<|nocaptions|>", "<|notimestamps|>"]
    n_ts = hp["n_vocab"] - eot - len(specials)
    specials += ["<|%.2f|>" % (i * 0.02) for i in range(n_ts)]
    return eot, specials


def bpe_merges(ranks):
    """The merge that made each multi-byte token: BPE over its bytes with lower ranks only."""
    merges = []
    for token, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
        if len(token) < 2:
            continue
        parts = [bytes([b]) for b in token]
        while len(parts) > 2:
            best = None
            for i in range(len(parts) - 1):
                r = ranks.get(parts[i] + parts[i + 1])
                if r is not None and r < rank and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                break
            i = best[1]
            parts[i:i + 2] = [parts[i] + parts[i + 1]]
        if len(parts) == 2:
            merges.append((parts[0], parts[1]))
    return merges


def write_tokenizer(out_dir, tokens, eot, specials):
    b2u = bytes_to_unicode()
    spell = lambda b: "".join(b2u[x] for x in b)
    ranks = {t: i for i, t in enumerate(tokens) if t}
    vocab = {}
    for i, t in enumerate(tokens):
        # The multilingual vocabulary has one empty token (50256); CTranslate2 tells a
        # multilingual model by it, so it must stay "" rather than get a made-up name.
        vocab[spell(t)] = i
    for j, s in enumerate(specials):
        vocab[s] = eot + j
    merges = [f"{spell(a)} {spell(b)}" for a, b in bpe_merges(ranks)]
    added = [{"id": eot + j, "content": s, "single_word": False, "lstrip": False,
              "rstrip": False, "normalized": False, "special": True}
             for j, s in enumerate(specials)]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "",
                  "fuse_unk": False, "byte_fallback": False, "vocab": vocab, "merges": merges},
    }
    with open(os.path.join(out_dir, "tokenizer.json"), "w") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    return [s for s, _ in sorted(vocab.items(), key=lambda kv: kv[1])]


def build_spec(hp, tensors):
    from ctranslate2.specs import common_spec, whisper_spec
    from ctranslate2.converters import utils

    spec = whisper_spec.WhisperSpec(hp["n_audio_layer"], hp["n_audio_head"],
                                    hp["n_text_layer"], hp["n_text_head"])
    t = tensors

    def linear(s, name):
        s.weight = t[f"{name}.weight"]
        b = t.get(f"{name}.bias")
        s.bias = b if b is not None else np.zeros(s.weight.shape[0], np.float32)

    def norm(s, name):
        s.gamma, s.beta = t[f"{name}.weight"], t[f"{name}.bias"]

    def attention(s, name, fused_qkv):
        parts = [common_spec.LinearSpec() for _ in range(3)]
        for p, which in zip(parts, ("query", "key", "value")):
            linear(p, f"{name}.{which}")
        if fused_qkv:
            utils.fuse_linear(s.linear[0], parts)
        else:
            utils.fuse_linear(s.linear[0], parts[:1])
            utils.fuse_linear(s.linear[1], parts[1:])
        linear(s.linear[-1], f"{name}.out")

    def block(s, name, cross):
        attention(s.self_attention, f"{name}.attn", True)
        norm(s.self_attention.layer_norm, f"{name}.attn_ln")
        if cross:
            attention(s.attention, f"{name}.cross_attn", False)
            norm(s.attention.layer_norm, f"{name}.cross_attn_ln")
        linear(s.ffn.linear_0, f"{name}.mlp.0")
        linear(s.ffn.linear_1, f"{name}.mlp.2")
        norm(s.ffn.layer_norm, f"{name}.mlp_ln")

    enc = spec.encoder
    for conv, name in ((enc.conv1, "encoder.conv1"), (enc.conv2, "encoder.conv2")):
        conv.weight, conv.bias = t[f"{name}.weight"], t[f"{name}.bias"].reshape(-1)
    enc.position_encodings.encodings = t["encoder.positional_embedding"]
    norm(enc.layer_norm, "encoder.ln_post")
    for i, s in enumerate(enc.layer):
        block(s, f"encoder.blocks.{i}", False)

    dec = spec.decoder
    dec.embeddings.weight = t["decoder.token_embedding.weight"]
    dec.position_encodings.encodings = t["decoder.positional_embedding"]
    norm(dec.layer_norm, "decoder.ln")
    for i, s in enumerate(dec.layer):
        block(s, f"decoder.blocks.{i}", True)
    dec.projection.weight = t["decoder.token_embedding.weight"]
    return spec


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ggml")
    ap.add_argument("out_dir")
    ap.add_argument("--quantization", default=None, help="e.g. int8 (default: keep float32)")
    args = ap.parse_args()

    hp, tokens, tensors = read_ggml(args.ggml)
    eot, specials = special_tokens(hp)
    spec = build_spec(hp, tensors)
    os.makedirs(args.out_dir, exist_ok=True)
    vocabulary = write_tokenizer(args.out_dir, tokens, eot, specials)
    if len(vocabulary) != hp["n_vocab"]:
        sys.exit(f"vocabulary has {len(vocabulary)} tokens, the model {hp['n_vocab']}")
    spec.register_vocabulary(vocabulary)
    key = (hp["n_text_layer"], hp["n_text_head"], hp["n_vocab"])
    heads = ALIGNMENT_HEADS.get(key) or [(l, h) for l in range(key[0] // 2, key[0])
                                         for h in range(key[1])]
    ids = {s: i for i, s in enumerate(vocabulary)}
    suppress = non_speech_ids(os.path.join(args.out_dir, "tokenizer.json"))
    spec.config.suppress_ids = suppress + [ids[s] for s in (
        "<|startoftranscript|>", "<|translate|>", "<|transcribe|>", "<|startoflm|>",
        "<|startofprev|>", "<|nocaptions|>")]
    spec.config.suppress_ids_begin = [220, eot]
    spec.config.alignment_heads = heads
    spec.config.lang_ids = [ids[f"<|{c}|>"] for c in LANGS if f"<|{c}|>" in ids] \
        if hp["n_vocab"] >= 51865 else []
    spec.validate()
    spec.optimize(quantization=args.quantization)
    spec.save(args.out_dir)
    with open(os.path.join(args.out_dir, "preprocessor_config.json"), "w") as f:
        json.dump({"feature_size": hp["n_mels"], "sampling_rate": 16000, "hop_length": 160,
                   "chunk_length": 30, "n_fft": 400}, f)
    print(f"{args.out_dir}: {hp['n_text_layer']}-layer model, {len(vocabulary)} tokens, "
          f"{len(tokens)} BPE ranks")


if __name__ == "__main__":
    main()

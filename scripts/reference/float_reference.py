#!/usr/bin/env python3
"""Independent float32 numpy forward pass of the two default GGUF models.

Command (from the repository root; needs `pip install gguf numpy`, and the llama.cpp fixtures first,
because the prompts' token ids are read from Tests/Fixtures/llamacpp/<model>.json):
    python3 scripts/reference/float_reference.py
writes Tests/Fixtures/float/smollm2.json and Tests/Fixtures/float/gemma3.json.

Weights are dequantised to float32 with gguf.quants.dequantize; every activation is float32 (no activation
quantisation, no f16 KV cache, exact GELU-tanh), so small differences from llama.cpp are expected.
Per prompt: post-final-norm hidden norms per position, the last position's first 8 hidden values, top-10
logits at the last prompt position, the residual-stream norm at the last position after every layer,
numpy's own 32-token greedy continuation, and its agreement with the llama.cpp fixture (hidden norms,
top-10 logits, free-running greedy prefix, and teacher-forced next-token agreement on llama.cpp's
continuation). "convention_checks" reruns one prompt with a deliberately wrong convention to show which
convention llama.cpp follows (a wrong one should disagree badly).
"""
import argparse
import dataclasses
import datetime
import json
import math
import sys

import numpy as np

import gguf
from gguf.quants import dequantize

from reference_models import FIXTURES, MODEL_FILES, model_path, rounded, sha256_of, write_json

N_GREEDY = 32


@dataclasses.dataclass(frozen=True)
class Conventions:
    """Everything that differs between the llama and gemma3 forward passes."""
    n_layer: int
    n_embd: int
    n_head: int
    n_head_kv: int
    head_dim: int
    n_rot: int
    eps: float
    rope_base: float
    rope_base_swa: float
    rope_layout: str            # "norm": rotate pairs (2i, 2i+1); "neox": rotate pairs (i, i + n_rot/2)
    swa_window: int             # 0: no sliding-window layers
    swa_layers: tuple           # per layer: True if it uses the sliding window (and rope_base_swa)
    embed_scale: float
    attn_scale: float
    activation: str             # "silu" or "gelu_tanh", applied to the gate branch
    gemma_norms: bool           # q/k norms and post-attention / post-FFN norms
    extra_norm_offset: float    # added to every stored norm weight (0 = use the GGUF values as stored)
    softcap: float              # final logit soft-capping, 0 = none


class GGUFFile:
    def __init__(self, path):
        self.reader = gguf.GGUFReader(path)
        self.tensors = {t.name: t for t in self.reader.tensors}

    def meta(self, key, default=None):
        field = self.reader.fields.get(key)
        return default if field is None else field.contents()

    def tensor(self, name):
        """Dequantised float32 tensor with numpy shape = reversed GGUF dims (rows = output features)."""
        t = self.tensors[name]
        values = dequantize(t.data, t.tensor_type)
        return np.ascontiguousarray(values, dtype=np.float32).reshape([int(d) for d in reversed(t.shape)])


def conventions_for(f):
    arch = f.meta("general.architecture")
    m = lambda key, default=None: f.meta(f"{arch}.{key}", default)
    n_layer, n_embd, n_head = m("block_count"), m("embedding_length"), m("attention.head_count")
    head_dim = m("attention.key_length", n_embd // n_head)
    common = dict(
        n_layer=n_layer, n_embd=n_embd, n_head=n_head, n_head_kv=m("attention.head_count_kv", n_head),
        head_dim=head_dim, n_rot=m("rope.dimension_count", head_dim),
        eps=m("attention.layer_norm_rms_epsilon"), rope_base=m("rope.freq_base", 10000.0),
        extra_norm_offset=0.0, softcap=m("final_logit_softcapping", 0.0))
    if arch == "llama":
        return Conventions(**common, rope_base_swa=0.0, rope_layout="norm", swa_window=0,
                           swa_layers=(False,) * n_layer, embed_scale=1.0,
                           attn_scale=1.0 / math.sqrt(head_dim), activation="silu", gemma_norms=False)
    if arch == "gemma3":
        window = m("attention.sliding_window", 0)
        pattern = m("attention.sliding_window_pattern", 6)  # absent in this GGUF: llama.cpp's default 6
        swa = tuple(window > 0 and (i % pattern) < pattern - 1 for i in range(n_layer))
        # 270M/1B/4B/12B use 1/sqrt(head_dim) (= query_pre_attn_scalar**-0.5); only 27B differs.
        return Conventions(**common, rope_base_swa=m("rope.freq_base_swa", 10000.0), rope_layout="neox",
                           swa_window=window, swa_layers=swa, embed_scale=math.sqrt(n_embd),
                           attn_scale=1.0 / math.sqrt(head_dim), activation="gelu_tanh", gemma_norms=True)
    raise ValueError(f"unsupported architecture {arch!r}")


def rms_norm(x, weight, eps, offset):
    scale = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + np.float32(eps))
    return (x * scale * (weight + np.float32(offset))).astype(np.float32)


def rope(x, positions, base, n_rot, layout):
    """Rotate the first n_rot features of x (tokens, heads, head_dim) by position * base**(-2i/n_rot)."""
    half = n_rot // 2
    inv_freq = base ** (-np.arange(half, dtype=np.float64) * 2.0 / n_rot)
    angles = positions[:, None].astype(np.float64) * inv_freq[None, :]
    cos = np.cos(angles).astype(np.float32)[:, None, :]
    sin = np.sin(angles).astype(np.float32)[:, None, :]
    out = x.copy()
    if layout == "norm":
        a, b = x[..., 0:n_rot:2], x[..., 1:n_rot:2]
        out[..., 0:n_rot:2], out[..., 1:n_rot:2] = a * cos - b * sin, a * sin + b * cos
    else:
        a, b = x[..., :half], x[..., half:n_rot]
        out[..., :half], out[..., half:n_rot] = a * cos - b * sin, a * sin + b * cos
    return out


def gelu_tanh(x):
    return (0.5 * x * (1.0 + np.tanh(np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x ** 3)))
            ).astype(np.float32)


def silu(x):
    return (x / (1.0 + np.exp(-x))).astype(np.float32)


class Transformer:
    def __init__(self, f, conv):
        self.c = conv
        self.embd = f.tensor("token_embd.weight")
        self.output = f.tensor("output.weight") if "output.weight" in f.tensors else self.embd
        self.output_norm = f.tensor("output_norm.weight")
        names = ["attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up",
                 "ffn_down"]
        if conv.gemma_norms:
            names += ["attn_q_norm", "attn_k_norm", "post_attention_norm", "post_ffw_norm"]
        self.layers = [{n: f.tensor(f"blk.{i}.{n}.weight") for n in names} for i in range(conv.n_layer)]

    def norm(self, x, w):
        return rms_norm(x, w, self.c.eps, self.c.extra_norm_offset)

    def attention(self, layer, i, h, positions, cache):
        c = self.c
        t = h.shape[0]
        q = (h @ layer["attn_q"].T).reshape(t, c.n_head, c.head_dim)
        k = (h @ layer["attn_k"].T).reshape(t, c.n_head_kv, c.head_dim)
        v = (h @ layer["attn_v"].T).reshape(t, c.n_head_kv, c.head_dim)
        if c.gemma_norms:
            q = self.norm(q, layer["attn_q_norm"])
            k = self.norm(k, layer["attn_k_norm"])
        base = c.rope_base_swa if c.swa_layers[i] else c.rope_base
        q = rope(q, positions, base, c.n_rot, c.rope_layout) * np.float32(c.attn_scale)
        k = rope(k, positions, base, c.n_rot, c.rope_layout)
        cache[i] = (np.concatenate([cache[i][0], k]), np.concatenate([cache[i][1], v])) if cache[i] else (k, v)
        keys, values = cache[i]
        key_pos = np.arange(keys.shape[0])
        allowed = key_pos[None, :] <= positions[:, None]
        if c.swa_layers[i]:
            allowed &= positions[:, None] - key_pos[None, :] < c.swa_window
        group = c.n_head // c.n_head_kv
        keys, values = np.repeat(keys, group, axis=1), np.repeat(values, group, axis=1)
        scores = np.einsum("thd,shd->hts", q, keys)
        scores = np.where(allowed[None], scores, -np.inf)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = (scores / scores.sum(axis=-1, keepdims=True)).astype(np.float32)
        out = np.einsum("hts,shd->thd", probs, values).reshape(t, c.n_head * c.head_dim)
        return out @ layer["attn_output"].T

    def feed_forward(self, layer, h):
        act = silu if self.c.activation == "silu" else gelu_tanh
        return (act(h @ layer["ffn_gate"].T) * (h @ layer["ffn_up"].T)) @ layer["ffn_down"].T

    def forward(self, ids, cache):
        """Run new tokens `ids` after the cached ones; returns (post-final-norm hidden, residual norms of the
        last new position after each layer). `cache` is a per-layer list, filled in place."""
        c = self.c
        start = cache[0][0].shape[0] if cache[0] else 0
        positions = np.arange(start, start + len(ids))
        x = self.embd[np.asarray(ids)] * np.float32(c.embed_scale)
        residual_norms = []
        for i, layer in enumerate(self.layers):
            a = self.attention(layer, i, self.norm(x, layer["attn_norm"]), positions, cache)
            if c.gemma_norms:
                a = self.norm(a, layer["post_attention_norm"])
            x = x + a
            f = self.feed_forward(layer, self.norm(x, layer["ffn_norm"]))
            if c.gemma_norms:
                f = self.norm(f, layer["post_ffw_norm"])
            x = x + f
            residual_norms.append(float(np.linalg.norm(x[-1].astype(np.float64))))
        return self.norm(x, self.output_norm), residual_norms

    def logits(self, hidden):
        out = hidden @ self.output.T
        if self.c.softcap:
            out = np.tanh(out / np.float32(self.c.softcap)) * np.float32(self.c.softcap)
        return out

    def new_cache(self):
        return [None] * self.c.n_layer


def top10(logits):
    ids = np.lexsort((np.arange(len(logits)), -logits))[:10]
    return [int(i) for i in ids], logits[ids]


def greedy(model, ids, steps):
    cache = model.new_cache()
    hidden, _ = model.forward(ids, cache)
    out = []
    for _ in range(steps):
        token = int(np.argmax(model.logits(hidden[-1])))
        out.append(token)
        hidden, _ = model.forward([token], cache)
    return out


def compare(model, ref_case):
    """numpy outputs for one llama.cpp case, plus how well they agree with it."""
    ids = ref_case["input_ids"]
    ref_greedy = ref_case["greedy_32"]["ids"]
    # One pass over prompt + llama.cpp's continuation gives both the prompt outputs and teacher-forced picks.
    hidden, _ = model.forward(ids + ref_greedy[:-1], model.new_cache())
    prompt_hidden = hidden[:len(ids)]
    norms = np.linalg.norm(prompt_hidden.astype(np.float64), axis=1)
    last_logits = model.logits(prompt_hidden[-1])
    top_ids, top_values = top10(last_logits)
    forced = [int(np.argmax(model.logits(h))) for h in hidden[len(ids) - 1:]]
    own = greedy(model, ids, N_GREEDY)
    _, residual_norms = model.forward(ids, model.new_cache())

    ref_norms = np.asarray(ref_case["hidden_norms_per_position"])
    rel = np.abs(norms - ref_norms) / ref_norms
    ref_top = ref_case["last_logits_top10_ids"]
    ref_values = dict(zip(ref_top, ref_case["last_logits_top10_values"]))
    prefix = next((i for i, (a, b) in enumerate(zip(own, ref_greedy)) if a != b), N_GREEDY)
    agreement = {
        "hidden_norm_rel_diff_max": round(float(rel.max()), 5),
        "hidden_norm_rel_diff_mean": round(float(rel.mean()), 5),
        "top1_same": top_ids[0] == ref_top[0],
        "top10_overlap": len(set(top_ids) & set(ref_top)),
        "top10_logit_abs_diff_max": round(float(max(
            abs(float(last_logits[t]) - v) for t, v in ref_values.items())), 4),
        "greedy_prefix_match": prefix,
        "teacher_forced_next_token_agreement": f"{sum(a == b for a, b in zip(forced, ref_greedy))}/{N_GREEDY}",
    }
    case = {
        "name": ref_case["name"],
        "input_ids": ids,
        "hidden_norms_per_position": rounded(norms),
        "last_hidden_first8": rounded(prompt_hidden[-1][:8]),
        "last_logits_top10_ids": top_ids,
        "last_logits_top10_values": rounded(top_values),
        "residual_norms_last_position_per_layer": rounded(residual_norms),
        "greedy_32_ids": own,
        "agreement_with_llamacpp": agreement,
    }
    return case


def convention_checks(f, conv, ref_case):
    """Agreement with llama.cpp on one prompt under the chosen conventions and under deliberately wrong ones."""
    variants = {"as used": conv}
    other_layout = "neox" if conv.rope_layout == "norm" else "norm"
    variants[f"rope layout {other_layout}"] = dataclasses.replace(conv, rope_layout=other_layout)
    if conv.gemma_norms:
        variants["norm weight + 1 (again)"] = dataclasses.replace(conv, extra_norm_offset=1.0)
        variants["rope base swa = global base"] = dataclasses.replace(conv, rope_base_swa=conv.rope_base)
    ids = ref_case["input_ids"]
    ref_norms = np.asarray(ref_case["hidden_norms_per_position"])
    results = {}
    for label, variant in variants.items():
        model = Transformer(f, variant)
        hidden, _ = model.forward(ids, model.new_cache())
        norms = np.linalg.norm(hidden.astype(np.float64), axis=1)
        top_ids, _ = top10(model.logits(hidden[-1]))
        results[label] = {
            "hidden_norm_rel_diff_max": round(float((np.abs(norms - ref_norms) / ref_norms).max()), 4),
            "top1_same": top_ids[0] == ref_case["last_logits_top10_ids"][0],
            "top10_overlap": len(set(top_ids) & set(ref_case["last_logits_top10_ids"])),
        }
        print(f"  check {label}: {results[label]}")
    return {"prompt": ref_case["name"], "results": results}


def build_fixture(model_key, command, checks):
    path = model_path(model_key)
    reference = json.loads((FIXTURES / "llamacpp" / f"{model_key}.json").read_text(encoding="utf-8"))
    sha = sha256_of(path)
    if sha != reference["model"]["sha256"]:
        raise ValueError(f"{path}: sha256 differs from the llama.cpp fixture's model")
    f = GGUFFile(path)
    conv = conventions_for(f)
    model = Transformer(f, conv)
    cases = []
    for ref_case in reference["cases"]:
        case = compare(model, ref_case)
        print(f"{model_key} {case['name']}: {case['agreement_with_llamacpp']}")
        cases.append(case)
    fixture = {
        "about": "float32 numpy forward pass from dequantised GGUF weights; made by scripts/reference/float_reference.py",
        "command": command,
        "generated": datetime.date.today().isoformat(),
        "gguf_package": getattr(gguf, "__version__", None) or _package_version("gguf"),
        "numpy": np.__version__,
        "model": {"file": MODEL_FILES[model_key], "sha256": sha},
        "conventions": {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(conv).items()},
        "cases": cases,
    }
    if checks:
        fixture["convention_checks"] = convention_checks(f, conv, reference["cases"][0])
    return fixture


def _package_version(name):
    from importlib.metadata import version
    return version(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODEL_FILES), action="append",
                        help="model key (repeatable); default: all")
    parser.add_argument("--no-convention-checks", action="store_true", help="skip the wrong-convention reruns")
    args = parser.parse_args()
    command = "python3 scripts/reference/float_reference.py" + "".join(f" --model {m}" for m in args.model or [])
    if args.no_convention_checks:
        command += " --no-convention-checks"
    for key in args.model or sorted(MODEL_FILES):
        write_json(FIXTURES / "float" / f"{key}.json", build_fixture(key, command, not args.no_convention_checks))


if __name__ == "__main__":
    sys.exit(main())

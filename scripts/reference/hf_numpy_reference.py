#!/usr/bin/env python3
"""Independent float32 numpy forward pass of the hf-tiny Hugging Face checkpoints, and the fixtures for the
configurations the PyTorch fixtures do not cover.

Command (from the repository root; needs only numpy):
    python3 scripts/reference/hf_numpy_reference.py
First it checks itself against PyTorch: for every Tests/Fixtures/hf-tiny/<arch>/expected.json (made by
transformers from the same weights) it recomputes the hidden norms, top-10 logits and greedy tokens, on the
short text and the 200-position input, and fails unless they agree within 1e-5 relative. Then it writes Tests/Fixtures/hf-variants/<name>/config.json
and expected.json for variants of those checkpoints that reuse their model.safetensors:
  - llama_rope_llama3: the llama checkpoint with llama 3.1 RoPE scaling (rope_type "llama3", factor 8,
    low_freq_factor 1, high_freq_factor 4, original_max_position_embeddings 64, so that the 8 rotary pairs
    of a 16-wide head fall into all three bands), frequencies computed as transformers'
    _compute_llama3_parameters does (float32).

Conventions follow transformers: weights [out, in]; RoPE rotates split halves, by float32 inverse
frequencies computed from rope_theta (from_pretrained never rounds them to the checkpoint's bfloat16);
RMSNorm in float32,
Gemma's as x * (1 + w); Gemma embeddings times sqrt(hidden_size); sliding layers attend to the last
`sliding_window` positions; Gemma 3's attention scale is query_pre_attn_scalar ** -0.5.
"""
import json
import math
import pathlib
import shutil
import struct
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
TINY = ROOT / "Tests" / "Fixtures" / "hf-tiny"
VARIANTS = ROOT / "Tests" / "Fixtures" / "hf-variants"
ARCHS = ["llama", "mistral", "qwen2", "qwen3", "gemma3"]
N_GREEDY = 16


def read_safetensors(path):
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    data = raw[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        chunk = data[begin:end]
        if entry["dtype"] == "BF16":
            values = (np.frombuffer(chunk, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif entry["dtype"] == "F32":
            values = np.frombuffer(chunk, dtype="<f4")
        else:
            raise ValueError(f"{path}: dtype {entry['dtype']} not handled")
        tensors[name] = values.reshape(entry["shape"]).astype(np.float32)
    return tensors


def rope_inv_freq(theta, dim, scaling):
    inv = (1.0 / (np.float32(theta) ** (np.arange(0, dim, 2, dtype=np.int64).astype(np.float32) / dim))).astype(np.float32)
    kind = (scaling or {}).get("rope_type", "default")
    if kind == "default":
        return inv
    if kind == "linear":
        return (inv / np.float32(scaling["factor"])).astype(np.float32)
    if kind == "llama3":
        factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / inv
        scaled = np.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
        return np.where(medium, smoothed, scaled).astype(np.float32)
    raise ValueError(f"rope type {kind}")


def rope_settings(cfg, layer_type, is_gemma):
    params = cfg.get("rope_parameters")
    if params is not None:
        if is_gemma:
            params = params[layer_type]
        return params["rope_theta"], params
    if is_gemma and layer_type == "sliding_attention":
        return cfg.get("rope_local_base_freq", 10000.0), None
    return cfg.get("rope_theta", 10000.0), cfg.get("rope_scaling")


class Model:
    def __init__(self, directory, cfg):
        self.cfg = cfg
        self.w = read_safetensors(directory / "model.safetensors")
        self.gemma = cfg["model_type"].startswith("gemma3")
        self.n_layer = cfg["num_hidden_layers"]
        self.n_head = cfg["num_attention_heads"]
        self.n_kv = cfg.get("num_key_value_heads", self.n_head)
        self.head_dim = cfg.get("head_dim") or cfg["hidden_size"] // self.n_head
        self.eps = cfg["rms_norm_eps"]
        self.layer_types = cfg.get("layer_types") or ["full_attention"] * self.n_layer
        self.window = cfg.get("sliding_window")
        self.scale = (cfg["query_pre_attn_scalar"] if self.gemma else self.head_dim) ** -0.5
        self.inv_freq = {}
        for kind in set(self.layer_types):
            theta, scaling = rope_settings(cfg, kind, self.gemma)
            self.inv_freq[kind] = rope_inv_freq(theta, self.head_dim, scaling)
        tied = cfg.get("tie_word_embeddings", self.gemma)
        self.head = self.w["model.embed_tokens.weight"] if tied else self.w["lm_head.weight"]

    def norm(self, x, name):
        w = self.w[name]
        if self.gemma:
            w = 1.0 + w
        return (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + np.float32(self.eps)) * w).astype(np.float32)

    def rope(self, x, positions, kind):
        angles = positions[:, None].astype(np.float32) * self.inv_freq[kind][None, :]
        cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
        half = self.head_dim // 2
        a, b = x[..., :half], x[..., half:]
        return np.concatenate([a * cos - b * sin, b * cos + a * sin], axis=-1).astype(np.float32)

    def forward(self, ids, cache):
        start = cache[0][0].shape[0] if cache[0] else 0
        positions = np.arange(start, start + len(ids))
        x = self.w["model.embed_tokens.weight"][np.asarray(ids)]
        if self.gemma:
            x = x * np.float32(math.sqrt(self.cfg["hidden_size"]))
        for i in range(self.n_layer):
            p = f"model.layers.{i}."
            h = self.norm(x, p + "input_layernorm.weight")
            t = len(ids)
            q = h @ self.w[p + "self_attn.q_proj.weight"].T
            k = h @ self.w[p + "self_attn.k_proj.weight"].T
            v = h @ self.w[p + "self_attn.v_proj.weight"].T
            if p + "self_attn.q_proj.bias" in self.w:
                q, k, v = (q + self.w[p + "self_attn.q_proj.bias"], k + self.w[p + "self_attn.k_proj.bias"],
                           v + self.w[p + "self_attn.v_proj.bias"])
            q = q.reshape(t, self.n_head, self.head_dim)
            k = k.reshape(t, self.n_kv, self.head_dim)
            v = v.reshape(t, self.n_kv, self.head_dim)
            if p + "self_attn.q_norm.weight" in self.w:
                q = self.norm(q, p + "self_attn.q_norm.weight")
                k = self.norm(k, p + "self_attn.k_norm.weight")
            kind = self.layer_types[i]
            q, k = self.rope(q, positions, kind), self.rope(k, positions, kind)
            cache[i] = (np.concatenate([cache[i][0], k]), np.concatenate([cache[i][1], v])) if cache[i] else (k, v)
            keys, values = cache[i]
            key_pos = np.arange(keys.shape[0])
            allowed = key_pos[None, :] <= positions[:, None]
            if kind == "sliding_attention":
                allowed &= key_pos[None, :] > positions[:, None] - self.window
            group = self.n_head // self.n_kv
            keys, values = np.repeat(keys, group, axis=1), np.repeat(values, group, axis=1)
            scores = np.einsum("thd,shd->hts", q, keys) * np.float32(self.scale)
            scores = np.where(allowed[None], scores, -np.inf)
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            probs = (scores / scores.sum(axis=-1, keepdims=True)).astype(np.float32)
            a = np.einsum("hts,shd->thd", probs, values).reshape(t, -1) @ self.w[p + "self_attn.o_proj.weight"].T
            if self.gemma:
                a = self.norm(a, p + "post_attention_layernorm.weight")
                x = x + a
                h = self.norm(x, p + "pre_feedforward_layernorm.weight")
            else:
                x = x + a
                h = self.norm(x, p + "post_attention_layernorm.weight")
            gate = h @ self.w[p + "mlp.gate_proj.weight"].T
            if self.gemma:
                gate = 0.5 * gate * (1 + np.tanh(np.float32(math.sqrt(2 / math.pi)) * (gate + 0.044715 * gate ** 3)))
            else:
                gate = gate / (1 + np.exp(-gate))
            f = (gate * (h @ self.w[p + "mlp.up_proj.weight"].T)) @ self.w[p + "mlp.down_proj.weight"].T
            if self.gemma:
                f = self.norm(f, p + "post_feedforward_layernorm.weight")
            x = (x + f).astype(np.float32)
        return self.norm(x, "model.norm.weight")

    def logits(self, hidden):
        out = hidden @ self.head.T
        cap = self.cfg.get("final_logit_softcapping")
        return np.tanh(out / cap) * cap if cap else out


def run(model, ids, long_ids):
    result = run_short(model, ids)
    hidden = model.forward(long_ids, [None] * model.n_layer)
    logits = model.logits(hidden[-1])
    top = np.lexsort((np.arange(len(logits)), -logits))[:10]
    result.update({
        "long_input_ids": list(long_ids),
        "long_hidden_norms_per_position": [float(n) for n in np.linalg.norm(hidden.astype(np.float64), axis=1)],
        "long_last_logits_top10_ids": [int(i) for i in top],
        "long_last_logits_top10_values": [float(logits[i]) for i in top],
    })
    return result


def run_short(model, ids):
    cache = [None] * model.n_layer
    hidden = model.forward(ids, cache)
    logits = model.logits(hidden[-1])
    top = np.lexsort((np.arange(len(logits)), -logits))[:10]
    greedy = []
    last = logits
    for _ in range(N_GREEDY):
        token = int(np.argmax(last))
        greedy.append(token)
        last = model.logits(model.forward([token], cache)[-1])
    return {
        "input_ids": list(ids),
        "hidden_norms_per_position": [float(n) for n in np.linalg.norm(hidden.astype(np.float64), axis=1)],
        "last_hidden_first8": [float(v) for v in hidden[-1][:8]],
        "last_logits_top10_ids": [int(i) for i in top],
        "last_logits_top10_values": [float(logits[i]) for i in top],
        "greedy_16": greedy,
    }


def check_against_pytorch(arch):
    directory = TINY / arch
    expected = json.loads((directory / "expected.json").read_text())
    ours = run(Model(directory, json.loads((directory / "config.json").read_text())), expected["input_ids"],
               expected["long_input_ids"])
    rel = max(abs(a - b) / abs(b) for prefix in ["", "long_"]
              for a, b in zip(ours[prefix + "hidden_norms_per_position"], expected[prefix + "hidden_norms_per_position"]))
    logit_rel = max(abs(a - b) / max(1, abs(b)) for prefix in ["", "long_"]
                    for a, b in zip(ours[prefix + "last_logits_top10_values"], expected[prefix + "last_logits_top10_values"]))
    same = all(ours[key] == expected[key] for key in ["last_logits_top10_ids", "long_last_logits_top10_ids", "greedy_16"])
    print(f"{arch}: hidden norm rel diff {rel:.2e}, top-10 logit rel diff {logit_rel:.2e}, ids identical {same}")
    if rel > 1e-5 or logit_rel > 1e-5 or not same:
        sys.exit(f"{arch}: numpy disagrees with PyTorch; not writing fixtures")


def write_variant(name, source_arch, config_changes, about):
    config = json.loads((TINY / source_arch / "config.json").read_text())
    config.update(config_changes)
    out = VARIANTS / name
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    work = out / "_work"
    work.mkdir(exist_ok=True)
    shutil.copy(TINY / source_arch / "model.safetensors", work / "model.safetensors")
    expected = json.loads((TINY / source_arch / "expected.json").read_text())
    result = run(Model(work, config), expected["input_ids"], expected["long_input_ids"])
    shutil.rmtree(work)
    fixture = {"about": about, "weights": f"hf-tiny/{source_arch}/model.safetensors",
               "command": "python3 scripts/reference/hf_numpy_reference.py", "numpy": np.__version__, **result}
    (out / "expected.json").write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {out}")


def main():
    for arch in ARCHS:
        check_against_pytorch(arch)
    write_variant(
        "llama_rope_llama3", "llama",
        {"rope_parameters": {"rope_theta": 500000.0, "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                             "high_freq_factor": 4.0, "original_max_position_embeddings": 64}},
        "hf-tiny llama weights with llama 3.1 RoPE scaling; float32 numpy reference (checked against PyTorch "
        "on the unscaled checkpoints first)")


if __name__ == "__main__":
    main()

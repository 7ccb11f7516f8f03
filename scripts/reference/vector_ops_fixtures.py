#!/usr/bin/env python3
"""Reference values for MASKit's vector operations (norms, activations, softmax, RoPE, f16/bf16), computed
with numpy in float64 from float32 inputs and rounded to float32.

Command (from the repository root, with `pip install numpy gguf`; numpy 2.4.6, gguf 0.19.0 made the
committed file):

    python3 scripts/reference/vector_ops_fixtures.py Tests/Fixtures/vecops/vector_ops.json

Every array is stored as the hex of its little-endian float32 (or uint16) bytes, so infinities, NaNs and
signed zeros survive exactly. Scalar parameters are plain JSON numbers.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf.quants import quantize


def f32(a):
    return np.asarray(a, dtype=np.float32)


def hexed(a, dtype="<f4"):
    return np.ascontiguousarray(np.asarray(a).astype(dtype)).tobytes().hex()


def rope(x, heads, head_dim, dims, position, base, neox, scale=1.0):
    out = x.astype(np.float64).reshape(heads, head_dim).copy()
    pairs = dims // 2
    inv = 1.0 / base ** (np.arange(pairs, dtype=np.float64) * 2 / dims)
    theta = position * scale * inv
    c, s = np.cos(theta), np.sin(theta)
    if neox:
        a, b = out[:, :pairs].copy(), out[:, pairs:dims].copy()
        out[:, :pairs], out[:, pairs:dims] = a * c - b * s, a * s + b * c
    else:
        a, b = out[:, 0:dims:2].copy(), out[:, 1:dims:2].copy()
        out[:, 0:dims:2], out[:, 1:dims:2] = a * c - b * s, a * s + b * c
    return out.reshape(-1)


def main(path: Path) -> None:
    rng = np.random.default_rng(7)
    cases = {}
    n = 203  # not a multiple of 8: exercises the scalar tails
    x = f32(rng.standard_normal(n) * 2)
    w = f32(rng.standard_normal(n) * 0.5)
    b = f32(rng.standard_normal(n) * 0.1)
    xd = x.astype(np.float64)

    eps = 1e-6
    inv_rms = 1 / np.sqrt(np.mean(xd * xd) + eps)
    cases["rms_norm"] = {"x": hexed(x), "w": hexed(w), "epsilon": eps,
                         "out": hexed(xd * inv_rms * w), "out_offset": hexed(xd * inv_rms * (1 + w.astype(np.float64))),
                         "out_unweighted": hexed(xd * inv_rms)}
    eps_ln = 1e-5
    mean, var = xd.mean(), xd.var()
    cases["layer_norm"] = {"x": hexed(x), "w": hexed(w), "b": hexed(b), "epsilon": eps_ln,
                           "out": hexed((xd - mean) / np.sqrt(var + eps_ln) * w + b)}

    act = f32(np.concatenate([np.linspace(-12, 12, 181), rng.standard_normal(22) * 3]))
    ad = act.astype(np.float64)
    silu = ad / (1 + np.exp(-ad))
    gelu_tanh = 0.5 * ad * (1 + np.tanh(math.sqrt(2 / math.pi) * (ad + 0.044715 * ad ** 3)))
    gelu_erf = 0.5 * ad * (1 + np.vectorize(math.erf)(ad / math.sqrt(2)))
    up = f32(rng.standard_normal(len(act)))
    cases["activations"] = {"x": hexed(act), "up": hexed(up), "silu": hexed(silu), "gelu_tanh": hexed(gelu_tanh),
                            "gelu_erf": hexed(gelu_erf), "silu_gated": hexed(silu * up),
                            "gelu_tanh_gated": hexed(gelu_tanh * up)}

    logits = f32(rng.standard_normal(1001) * 4)
    e = np.exp(logits.astype(np.float64) - logits.max())
    masked = logits[:37].copy()
    masked[[3, 10, 30]] = -np.inf
    em = np.exp(masked.astype(np.float64) - masked.max())
    cases["softmax"] = {"x": hexed(logits), "out": hexed(e / e.sum()),
                        "masked_x": hexed(masked), "masked_out": hexed(em / em.sum())}

    a, c = f32(rng.standard_normal(1003)), f32(rng.standard_normal(1003))
    ad_, cd = a.astype(np.float64), c.astype(np.float64)
    cases["vector"] = {"a": hexed(a), "b": hexed(c), "alpha": 0.75, "dot": float(ad_ @ cd), "sum": float(ad_.sum()),
                       "max": float(a.max()), "norm": float(np.sqrt(ad_ @ ad_)), "axpy": hexed(cd + 0.75 * ad_),
                       "scale": hexed(ad_ * 0.75), "add": hexed(ad_ + cd), "mul": hexed(ad_ * cd)}

    heads, head_dim = 3, 64
    q = f32(rng.standard_normal(heads * head_dim))
    rope_cases = []
    for dims, position, base, neox, scale in [(64, 7, 10000.0, False, 1.0), (64, 1234, 10000.0, True, 1.0),
                                              (32, 99, 100000.0, False, 1.0), (32, 4000, 1000000.0, True, 0.125)]:
        rope_cases.append({"dims": dims, "position": position, "base": base, "neox": neox, "scale": scale,
                           "out": hexed(rope(q, heads, head_dim, dims, position, base, neox, scale))})
    cases["rope"] = {"x": hexed(q), "heads": heads, "head_dim": head_dim, "cases": rope_cases}

    specials = f32([0.0, -0.0, 1.0, -2.5, 65504.0, 65520.0, 1e6, -1e6, 6.1e-5, 5.96e-8, 2.98e-8, 1e-10,
                    np.inf, -np.inf, 3.14159265, 0.1, 1 / 3, 7.0e-6])
    values = f32(np.concatenate([specials, rng.standard_normal(100) * 100, rng.standard_normal(30) * 1e-6]))
    halves = values.astype(np.float16)
    bf16 = quantize(values, T.BF16).view(np.uint16)
    cases["half"] = {"values": hexed(values), "f16_bits": hexed(halves.view(np.uint16), "<u2"),
                     "f16_widened": hexed(halves.astype(np.float32)),
                     "bf16_bits": hexed(bf16, "<u2"),
                     "bf16_widened": hexed((bf16.astype(np.uint32) << 16).view(np.float32))}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(cases, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/vecops/vector_ops.json"))

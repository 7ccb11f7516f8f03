#!/usr/bin/env python3
"""Reference fixtures for MASKit's dequantisers, made with the Python `gguf` package.

Command (from the repository root, with `pip install gguf numpy`; gguf 0.19.0, numpy 2.4.6 made the
committed files):

    python3 scripts/reference/quant_fixtures.py Tests/Fixtures/quant

For every element type it writes a matrix of ROWS x COLS elements:
  <type>.bin  the raw ggml blocks, row after row (what a GGUF file stores)
  <type>.f32  gguf's dequantisation of those blocks, little-endian float32
The simple block types (Q4_0 ... Q8_0, F16, BF16) are gguf's quantisation of random normal data; gguf
cannot quantise the K types, so their blocks are random bytes with finite, realistically sized f16
super-block scales, which exercises every bit of the packed scales and quants.
"""
import sys
from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf.quants import dequantize, quantize

ROWS, COLS = 8, 512
SIMPLE = {"f32": T.F32, "f16": T.F16, "bf16": T.BF16, "q4_0": T.Q4_0, "q4_1": T.Q4_1,
          "q5_0": T.Q5_0, "q5_1": T.Q5_1, "q8_0": T.Q8_0}
# K types: block bytes and the byte offsets of their f16 scales (d, and dmin where present).
K_TYPES = {"q4_k": (T.Q4_K, 144, [0, 2]), "q5_k": (T.Q5_K, 176, [0, 2]), "q6_k": (T.Q6_K, 210, [208])}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20240611)
    for name, qtype in SIMPLE.items():
        data = rng.standard_normal((ROWS, COLS)).astype(np.float32)
        if name == "f16":
            raw = data.astype(np.float16).view(np.uint8)
        elif name == "f32":
            raw = data.view(np.uint8)
        else:
            raw = quantize(data, qtype)
        write(out, name, raw, qtype)
    for name, (qtype, size, scale_offsets) in K_TYPES.items():
        blocks = rng.integers(0, 256, size=(ROWS * COLS // 256, size), dtype=np.uint8)
        for offset in scale_offsets:
            scale = rng.uniform(1e-4, 2e-2, size=len(blocks)).astype(np.float16)
            blocks[:, offset:offset + 2] = scale.view(np.uint8).reshape(-1, 2)
        write(out, name, blocks.reshape(ROWS, -1), qtype)


def write(out: Path, name: str, raw: np.ndarray, qtype: T) -> None:
    raw = np.ascontiguousarray(raw, dtype=np.uint8).reshape(ROWS, -1)
    values = dequantize(raw, qtype).astype(np.float32).reshape(ROWS, COLS)
    (out / f"{name}.bin").write_bytes(raw.tobytes())
    (out / f"{name}.f32").write_bytes(values.astype("<f4").tobytes())


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/quant"))

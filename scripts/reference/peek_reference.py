#!/usr/bin/env python3
"""Reference for the latent peek: the SmolLM2 tokens whose input embeddings are nearest (cosine) to
a few vectors, computed with numpy from the GGUF file as the `gguf` package dequantises it.

Made with:
    python3 scripts/reference/peek_reference.py ~/.cache/mastui/models/SmolLM2-135M-Instruct.Q4_1.gguf \
        Tests/Fixtures/recursion/peek_smollm2.json
"""
import json
import sys

import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize


def main(model_path, out_path):
    reader = GGUFReader(model_path)
    tensor = next(t for t in reader.tensors if t.name == "token_embd.weight")
    rows = dequantize(tensor.data, tensor.tensor_type).astype(np.float64).reshape(-1, int(tensor.shape[0]))
    norms = np.linalg.norm(rows, axis=1)
    rng = np.random.default_rng(7)
    vectors = [
        rows[100],                                   # a token's own embedding: itself first, cosine 1
        rows[2000] + 0.01 * rng.standard_normal(rows.shape[1]),
        0.6 * rows[500] + 0.4 * rows[501],
        rng.standard_normal(rows.shape[1]),           # no token in particular
    ]
    vectors = [np.asarray(v, dtype=np.float32) for v in vectors]
    cases = []
    for v in vectors:
        cosine = rows @ v.astype(np.float64) / (norms * np.linalg.norm(v))
        top = np.argsort(-cosine, kind="stable")[:8]
        cases.append({"vector": [float(x) for x in v], "top_ids": [int(i) for i in top],
                      "top_cosines": [float(cosine[i]) for i in top]})
    with open(out_path, "w") as f:
        json.dump({"model": "SmolLM2-135M-Instruct.Q4_1.gguf", "embedding_type": tensor.tensor_type.name,
                   "cases": cases}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

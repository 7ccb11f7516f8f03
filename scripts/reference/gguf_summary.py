#!/usr/bin/env python3
"""Reference values for the GGUF reader tests, read by the Python `gguf` package (llama.cpp's own).

Writes Tests/Fixtures/gguf/<model stem>.json for each default model and
Tests/Fixtures/gguf/llama_file_types.json (llama.cpp's file type ids and names).

Made with gguf 0.19.0 from PyPI and the models that scripts/setup installs:
    pip install gguf
    python3 scripts/reference/gguf_summary.py ~/.cache/mastui/models Tests/Fixtures/gguf
"""
import json
import sys
from pathlib import Path

import gguf

MODELS = ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]
# A few tensors per model, spread over the file (first, middle, last and the embeddings).
SAMPLE_NAMES = {"token_embd.weight", "output_norm.weight", "blk.0.attn_q.weight", "blk.0.ffn_down.weight",
                "blk.0.attn_norm.weight", "blk.1.attn_k.weight"}


def scalar(field):
    return field.contents()


def summarise(path: Path) -> dict:
    reader = gguf.GGUFReader(path)
    fields = reader.fields
    arch = scalar(fields["general.architecture"])
    tensors = reader.tensors
    picked = [t for i, t in enumerate(tensors) if t.name in SAMPLE_NAMES or i in (0, len(tensors) // 2, len(tensors) - 1)]
    file_type = scalar(fields["general.file_type"])
    return {
        "file": path.name,
        "version": scalar(fields["GGUF.version"]),
        "file_size": path.stat().st_size,
        "data_offset": int(reader.data_offset),
        "alignment": int(reader.alignment),
        "metadata_count": len([k for k in fields if not k.startswith("GGUF.")]),
        "metadata_keys": [k for k in fields if not k.startswith("GGUF.")],
        "architecture": arch,
        "name": scalar(fields["general.name"]),
        "block_count": scalar(fields[f"{arch}.block_count"]),
        "embedding_length": scalar(fields[f"{arch}.embedding_length"]),
        "file_type": file_type,
        "file_type_name": gguf.LlamaFileType(file_type).name.removeprefix("MOSTLY_"),
        "parameter_count": int(sum(int(t.n_elements) for t in tensors)),
        "tensor_count": len(tensors),
        "token_count": len(fields["tokenizer.ggml.tokens"].data),
        "first_tokens": [str(bytes(fields["tokenizer.ggml.tokens"].parts[i]), "utf-8")
                         for i in fields["tokenizer.ggml.tokens"].data[:5]],
        "tensors": [
            {
                "name": t.name,
                "type": int(t.tensor_type),
                "type_name": t.tensor_type.name,
                "shape": [int(d) for d in t.shape],
                "element_count": int(t.n_elements),
                "byte_count": int(t.n_bytes),
                "offset": int(t.data_offset) - int(reader.data_offset),
                "file_offset": int(t.data_offset),
                "first_bytes": bytes(t.data.view("uint8").reshape(-1)[:16]).hex(),
                "last_bytes": bytes(t.data.view("uint8").reshape(-1)[-16:]).hex(),
            }
            for t in picked
        ],
    }


def main() -> None:
    models, out = Path(sys.argv[1]).expanduser(), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for name in MODELS:
        summary = summarise(models / name)
        (out / (Path(name).stem + ".json")).write_text(json.dumps(summary, indent=1) + "\n")
    file_types = {str(t.value): t.name.removeprefix("MOSTLY_").removeprefix("ALL_")
                  for t in gguf.LlamaFileType if t is not gguf.LlamaFileType.GUESSED}
    (out / "llama_file_types.json").write_text(json.dumps(file_types, indent=1) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Random-weight checkpoints at a real model's shapes, for speed measurements (the values do not change
the cost of a forward pass; the answers are noise).

    python3 scripts/bench/make_random_checkpoint.py --shape llama-3.2-1b --out /work/bench-models

writes, under OUT (keep it outside the repository, the files are GBs):
  <shape>-q8_0.gguf   GGUF with Q8_0 matrices (random quants and scales), f32 norms, tied embedding
  <shape>-bf16.gguf   GGUF with bf16 matrices
  <shape>-bf16-hf/    Hugging Face layout: config.json, model.safetensors (bf16), a tiny byte-level BPE
                      tokenizer (the benchmarks feed token ids spread over the whole embedding)
The bf16 GGUF and the safetensors hold the same weights (same seed per tensor), so llama.cpp and mastui
can be timed on one set of values. A SentencePiece-style vocabulary of placeholder pieces (with the 256
byte pieces llama.cpp requires) fills the GGUF token list. Needs numpy and the `gguf` package.
Select formats with --formats (default all three).
"""
import argparse
import json
import pathlib
import struct
import sys
import zlib

import numpy as np

SHAPES = {
    # Llama-3.2-1B: hidden 2048, 16 layers, 32 query and 8 key/value heads of 64, ffn 8192, tied embedding.
    "llama-3.2-1b": dict(hidden=2048, layers=16, heads=32, kv_heads=8, head_dim=64, ffn=8192, vocab=128256,
                         rope_theta=500000.0, eps=1e-5, context=131072),
}

TOKENIZER_FILES = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "hf-tiny" / "llama"


def tensors(shape):
    """(HF name, GGUF name, dims as rows × columns, is a norm) of every tensor, in file order."""
    h, f, d = shape["hidden"], shape["ffn"], shape["head_dim"]
    q, kv = shape["heads"] * d, shape["kv_heads"] * d
    yield "model.embed_tokens.weight", "token_embd.weight", (shape["vocab"], h), False
    for i in range(shape["layers"]):
        p, g = f"model.layers.{i}.", f"blk.{i}."
        yield p + "input_layernorm.weight", g + "attn_norm.weight", (h,), True
        yield p + "self_attn.q_proj.weight", g + "attn_q.weight", (q, h), False
        yield p + "self_attn.k_proj.weight", g + "attn_k.weight", (kv, h), False
        yield p + "self_attn.v_proj.weight", g + "attn_v.weight", (kv, h), False
        yield p + "self_attn.o_proj.weight", g + "attn_output.weight", (h, q), False
        yield p + "post_attention_layernorm.weight", g + "ffn_norm.weight", (h,), True
        yield p + "mlp.gate_proj.weight", g + "ffn_gate.weight", (f, h), False
        yield p + "mlp.up_proj.weight", g + "ffn_up.weight", (f, h), False
        yield p + "mlp.down_proj.weight", g + "ffn_down.weight", (h, f), False
    yield "model.norm.weight", "output_norm.weight", (h,), True


def bf16_values(name, dims, is_norm):
    """The tensor's bf16 bits (uint16): norms near 1, matrices ~N(0, 0.02), seeded by the name."""
    if is_norm:
        return np.full(dims, 0x3F80, dtype=np.uint16)  # 1.0
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x = rng.standard_normal(dims, dtype=np.float32) * np.float32(0.02)
    return (x.view(np.uint32) >> 16).astype(np.uint16)


def q8_0_blocks(name, dims):
    """Random Q8_0 rows: per 32 values an f16 scale near 0.02/127 and 32 int8 quants."""
    rows, columns = dims
    rng = np.random.default_rng(zlib.crc32(name.encode()) ^ 0x5EED)
    blocks = np.empty((rows, columns // 32, 34), dtype=np.uint8)
    scales = (rng.uniform(0.5, 1.5, (rows, columns // 32)) * 0.02 / 127).astype(np.float16)
    blocks[:, :, 0:2] = scales.view(np.uint8).reshape(rows, columns // 32, 2)
    blocks[:, :, 2:] = rng.integers(-127, 128, (rows, columns // 32, 32), dtype=np.int8).view(np.uint8)
    return blocks.reshape(rows, columns // 32 * 34)


def write_gguf(path, shape_name, shape, kind):
    import gguf

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(f"random {shape_name} ({kind})")
    writer.add_context_length(shape["context"])
    writer.add_embedding_length(shape["hidden"])
    writer.add_block_count(shape["layers"])
    writer.add_feed_forward_length(shape["ffn"])
    writer.add_head_count(shape["heads"])
    writer.add_head_count_kv(shape["kv_heads"])
    writer.add_key_length(shape["head_dim"])
    writer.add_value_length(shape["head_dim"])
    writer.add_rope_dimension_count(shape["head_dim"])
    writer.add_rope_freq_base(shape["rope_theta"])
    writer.add_layer_norm_rms_eps(shape["eps"])
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0 if kind == "q8_0" else gguf.LlamaFileType.MOSTLY_BF16)
    vocab = shape["vocab"]
    pieces = [b"<unk>", b"<s>", b"</s>"] + [f"<0x{b:02X}>".encode() for b in range(256)]
    pieces += [f"\u2581t{i}".encode() for i in range(vocab - len(pieces))]
    types = [2, 3, 3] + [6] * 256 + [1] * (vocab - 259)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(pieces)
    writer.add_token_scores([0.0] * 259 + [-float(i) for i in range(vocab - 259)])
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    for hf_name, gguf_name, dims, is_norm in tensors(shape):
        if is_norm:
            writer.add_tensor(gguf_name, np.ones(dims, dtype=np.float32))
        elif kind == "q8_0":
            writer.add_tensor(gguf_name, q8_0_blocks(hf_name, dims), raw_dtype=gguf.GGMLQuantizationType.Q8_0)
        else:
            writer.add_tensor(gguf_name, bf16_values(hf_name, dims, False), raw_dtype=gguf.GGMLQuantizationType.BF16)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file(progress=True)
    writer.close()


def write_hf(directory, shape):
    directory.mkdir(parents=True, exist_ok=True)
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "dtype": "bfloat16",
        "hidden_size": shape["hidden"], "intermediate_size": shape["ffn"], "num_hidden_layers": shape["layers"],
        "num_attention_heads": shape["heads"], "num_key_value_heads": shape["kv_heads"],
        "head_dim": shape["head_dim"], "hidden_act": "silu", "max_position_embeddings": shape["context"],
        "rms_norm_eps": shape["eps"], "rope_theta": shape["rope_theta"], "tie_word_embeddings": True,
        "vocab_size": shape["vocab"], "bos_token_id": 1, "eos_token_id": 2, "attention_bias": False,
        "mlp_bias": False,
    }
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    for name in ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja"):
        (directory / name).write_bytes((TOKENIZER_FILES / name).read_bytes())
    entries = list(tensors(shape))
    header, offset = {}, 0
    for hf_name, _, dims, _ in entries:
        size = 2 * int(np.prod(dims))
        header[hf_name] = {"dtype": "BF16", "shape": list(dims), "data_offsets": [offset, offset + size]}
        offset += size
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(directory / "model.safetensors", "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for i, (hf_name, _, dims, is_norm) in enumerate(entries):
            out.write(bf16_values(hf_name, dims, is_norm).tobytes())
            print(f"\r{directory.name}: tensor {i + 1}/{len(entries)}", end="", file=sys.stderr)
    print(file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="llama-3.2-1b")
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--formats", default="q8_0,bf16,hf", help="comma-separated: q8_0, bf16 (GGUF), hf")
    args = parser.parse_args()
    shape = SHAPES[args.shape]
    args.out.mkdir(parents=True, exist_ok=True)
    for kind in args.formats.split(","):
        if kind in ("q8_0", "bf16"):
            write_gguf(args.out / f"{args.shape}-{kind}.gguf", args.shape, shape, kind)
        elif kind == "hf":
            write_hf(args.out / f"{args.shape}-bf16-hf", shape)
        else:
            parser.error(f"unknown format {kind!r}")


if __name__ == "__main__":
    sys.exit(main())

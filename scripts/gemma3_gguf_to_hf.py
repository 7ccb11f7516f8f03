#!/usr/bin/env python3
"""Write the default Gemma 3 GGUF as a Hugging Face checkpoint directory (bf16), to run and benchmark the
Hugging Face loader on a real-size model without a download.

Command (from the repository root; needs `pip install gguf numpy`):
    python3 scripts/gemma3_gguf_to_hf.py [--model PATH.gguf] [--out DIR]
Default: ~/.cache/mastui/models/gemma-3-270m-q4_k_m.gguf -> /tmp/gemma-3-270m-hf.

Weights are dequantised with gguf.quants.dequantize and rounded to bfloat16 (nearest even). llama.cpp's
converter stores Gemma's norm weights as 1 + w; the Hugging Face layout stores w, so 1 is subtracted.
Gemma GGUFs keep q/k in Hugging Face's split-halves order, so no un-permutation is needed.
"""
import argparse
import json
import pathlib
import struct

import numpy as np

import gguf
from gguf.quants import dequantize

NAMES = {
    "attn_norm": "input_layernorm", "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj", "attn_q_norm": "self_attn.q_norm",
    "attn_k_norm": "self_attn.k_norm", "post_attention_norm": "post_attention_layernorm",
    "ffn_norm": "pre_feedforward_layernorm", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj", "post_ffw_norm": "post_feedforward_layernorm",
}


def hf_name(name):
    if name == "token_embd.weight":
        return "model.embed_tokens.weight", False
    if name == "output_norm.weight":
        return "model.norm.weight", True
    _, layer, part, _ = name.split(".")
    return f"model.layers.{layer}.{NAMES[part]}.weight", part.endswith("norm")


def bfloat16_bytes(values):
    bits = np.ascontiguousarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return (((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")).tobytes()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(pathlib.Path.home() / ".cache/mastui/models/gemma-3-270m-q4_k_m.gguf"))
    parser.add_argument("--out", default="/tmp/gemma-3-270m-hf")
    args = parser.parse_args()
    reader = gguf.GGUFReader(args.model)
    meta = lambda key: reader.fields[f"gemma3.{key}"].contents()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    header, chunks, offset = {}, [], 0
    for tensor in reader.tensors:
        name, is_norm = hf_name(tensor.name)
        values = dequantize(tensor.data, tensor.tensor_type).reshape([int(d) for d in reversed(tensor.shape)])
        if is_norm:
            values = values - 1.0
        data = bfloat16_bytes(values)
        header[name] = {"dtype": "BF16", "shape": list(values.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(out / "model.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for chunk in chunks:
            f.write(chunk)

    layers = meta("block_count")
    config = {
        "architectures": ["Gemma3ForCausalLM"], "model_type": "gemma3_text", "dtype": "bfloat16",
        "hidden_size": meta("embedding_length"), "intermediate_size": meta("feed_forward_length"),
        "num_hidden_layers": layers, "num_attention_heads": meta("attention.head_count"),
        "num_key_value_heads": meta("attention.head_count_kv"), "head_dim": meta("attention.key_length"),
        "vocab_size": next(int(t.shape[1]) for t in reader.tensors if t.name == "token_embd.weight"),
        "max_position_embeddings": meta("context_length"), "rms_norm_eps": meta("attention.layer_norm_rms_epsilon"),
        "rope_theta": meta("rope.freq_base"), "rope_local_base_freq": 10000.0, "rope_scaling": None,
        "sliding_window": meta("attention.sliding_window"), "_sliding_window_pattern": 6,
        "layer_types": ["full_attention" if (i + 1) % 6 == 0 else "sliding_attention" for i in range(layers)],
        "query_pre_attn_scalar": meta("attention.key_length"), "hidden_activation": "gelu_pytorch_tanh",
        "final_logit_softcapping": None, "attn_logit_softcapping": None, "tie_word_embeddings": True,
        "bos_token_id": 2, "eos_token_id": 1, "pad_token_id": 0,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    generation = {"bos_token_id": 2, "eos_token_id": [1, 106], "pad_token_id": 0, "do_sample": True,
                  "top_k": 64, "top_p": 0.95}
    (out / "generation_config.json").write_text(json.dumps(generation, indent=2) + "\n")
    print(f"wrote {out} ({offset / 1e6:.0f} MB of bf16 weights)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Qwen3.5 text reference checkpoints (random weights) and what transformers computes from them.

Command (from the repository root; needs torch and transformers >= 5.3 — torch 2.13.0+cpu and transformers
5.3.0 were used, on CPU; no tokenizer, no network):
    python3 scripts/reference/qwen35_fixtures.py
writes Tests/Fixtures/hf-qwen35/<name>/ with config.json, model.safetensors (bfloat16),
generation_config.json and expected.json for each model in MODELS:
  - pattern_3to1: the real 3:1 layer pattern written out as layer_types (linear, linear, linear, full),
    full attention 4 heads / 2 KV heads of head_dim 64 with partial rotary 0.25 and rope_theta 1e7 (inside
    rope_parameters, with the mrope keys a real checkpoint carries), DeltaNet with 2 key heads and 4 value
    heads (each key head shared by 2 value heads), conv kernel 4, tied embeddings.
  - wide_untied: no layer_types key, only full_attention_interval 2 (transformers resolves it to
    linear, full, linear, full: layer i is full attention when (i + 1) % interval == 0), 6 heads / 2 KV heads
    of head_dim 32 (more query width than hidden_size), partial rotary 0.5, DeltaNet 3 key heads / 6 value
    heads with value head dim 48 != key head dim 32, conv kernel 3, separate lm_head.

Every parameter is overwritten after construction with a seeded normal (matrices N(0, initializer_range),
the (1 + w) RMSNorm weights N(0, 0.2), the gated DeltaNet norm's plain weight 1 + N(0, 0.2), A_log
N(-2, 1), dt_bias N(0, 0.5), conv weights N(0, 0.3), in_proj_a a quarter of the matrix scale, so the DeltaNet
heads' per-step decays have medians from about 0.3 to 0.98), rounded to bfloat16, and saved with save_pretrained
in bfloat16. The expected values are then computed the way a user loads the checkpoint: from_pretrained(dir, dtype=torch.float32), so RoPE's
inv_freq is float32 from rope_theta and never rounded to bf16. save_pretrained's config.json is edited in two
ways: the top-level "partial_rotary_factor" that transformers 5.3 adds next to rope_parameters is dropped
(rope_parameters is the one transformers uses), and for wide_untied "layer_types" is dropped; the script
reloads the folder and checks that transformers resolves the same layer types and rotary width.

expected.json (fields as in Tests/Fixtures/hf-tiny/README.md): input_ids (20 seeded random ids; there is no
tokenizer), hidden_norms_per_position (L2 norm of the hidden state after the final norm), last_hidden_first8,
last_logits_top10_ids / _values, greedy_16 (16 argmax tokens with the KV / recurrent-state cache; generate()
and a manual cached loop must agree, and a cache-free forward pass over the result must pick the same
tokens), min_top2_margin (smallest top-1 minus top-2 logit over the 16 greedy steps),
mean_token_embedding_norm, long_input_ids (200 seeded random ids) and the long_* values. A seed is accepted
only if min_top2_margin and every gap between consecutive top-10 logits (short and long) are >= 1e-3 and the
greedy tokens are not one token repeated; otherwise the weight seed is bumped.
"""
import json
import pathlib
import shutil
import sys
import tempfile

import numpy as np
import torch
import transformers
from transformers import Qwen3_5ForCausalLM, Qwen3_5TextConfig
from transformers.models.qwen3_5.modeling_qwen3_5 import Qwen3_5DynamicCache

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "hf-qwen35"
COMMAND = "python3 scripts/reference/qwen35_fixtures.py"
N_SHORT, N_LONG, N_GREEDY = 20, 200, 16
MIN_GAP = 1e-3
MAX_BYTES = 1_500_000

MODELS = {
    "pattern_3to1": {
        "seed": 3501,
        "drop_layer_types": False,
        "about": "Qwen3.5 text, real 3:1 pattern (layer_types linear x3 + full), partial rotary 0.25 at rope_theta 1e7, "
                 "DeltaNet value heads grouped 2 per key head, tied embeddings",
        "config": dict(
            vocab_size=512, hidden_size=128, intermediate_size=192, num_hidden_layers=4,
            layer_types=["linear_attention", "linear_attention", "linear_attention", "full_attention"],
            num_attention_heads=4, num_key_value_heads=2, head_dim=64,
            rope_parameters={"rope_type": "default", "rope_theta": 10000000.0, "partial_rotary_factor": 0.25,
                             "mrope_interleaved": True, "mrope_section": [3, 3, 2]},
            linear_num_key_heads=2, linear_num_value_heads=4, linear_key_head_dim=32, linear_value_head_dim=32,
            linear_conv_kernel_dim=4, tie_word_embeddings=True, rms_norm_eps=1e-6, initializer_range=0.2,
            max_position_embeddings=512),
    },
    "wide_untied": {
        "seed": 3502,
        "drop_layer_types": True,
        "about": "Qwen3.5 text, layer kinds only from full_attention_interval 2 (no layer_types key), 6 heads x 32 "
                 "over hidden 96, partial rotary 0.5, DeltaNet 3 key / 6 value heads with value dim 48 != key dim 32, "
                 "conv kernel 3, untied lm_head",
        "config": dict(
            vocab_size=600, hidden_size=96, intermediate_size=192, num_hidden_layers=4, full_attention_interval=2,
            num_attention_heads=6, num_key_value_heads=2, head_dim=32,
            rope_parameters={"rope_type": "default", "rope_theta": 1000000.0, "partial_rotary_factor": 0.5},
            linear_num_key_heads=3, linear_num_value_heads=6, linear_key_head_dim=32, linear_value_head_dim=48,
            linear_conv_kernel_dim=3, tie_word_embeddings=False, rms_norm_eps=1e-6, initializer_range=0.2,
            max_position_embeddings=512),
    },
}


def fill_parameters(model, seed, std):
    """Overwrites every parameter with a seeded normal of its own scale, rounded to bfloat16."""
    generator = torch.Generator().manual_seed(seed)
    for name, param in model.named_parameters():  # a tied lm_head is the embedding's Parameter, listed once
        noise = torch.randn(param.shape, generator=generator, dtype=torch.float32)
        if name.endswith("A_log"):
            value = -2.0 + noise
        elif name.endswith("dt_bias"):
            value = 0.5 * noise
        elif name.endswith("linear_attn.norm.weight"):  # gated RMSNorm: plain weight
            value = 1.0 + 0.2 * noise
        elif name.endswith("norm.weight"):  # the (1 + w) RMSNorms: input/post-attention, final, q/k norms
            value = 0.2 * noise
        elif "conv1d" in name:
            value = 0.3 * noise
        elif "in_proj_a" in name:
            value = 0.25 * std * noise
        else:
            value = std * noise
        param.data.copy_(value.to(torch.bfloat16).to(torch.float32))


def sorted_logits(logits):
    values, ids = torch.sort(logits, descending=True, stable=True)  # ties -> lowest id
    return values, ids


def top10(logits):
    values, ids = sorted_logits(logits)
    gaps = (values[:10] - values[1:11]).min().item()
    return [int(i) for i in ids[:10]], [float(v) for v in values[:10]], gaps


@torch.no_grad()
def forward_values(model, ids):
    x = torch.tensor([ids])
    hidden = model.model(input_ids=x, use_cache=False).last_hidden_state[0]
    logits = model(input_ids=x, use_cache=False).logits[0]
    assert torch.allclose(logits, model.lm_head(hidden), rtol=0, atol=1e-5)
    return hidden, logits


@torch.no_grad()
def greedy(model, ids):
    """Greedy tokens with the cache (manual loop and generate()), checked against cache-free passes."""
    out = model(input_ids=torch.tensor([ids]), use_cache=True)
    cache = out.past_key_values
    assert isinstance(cache, Qwen3_5DynamicCache), type(cache)
    step_logits = [out.logits[0, -1]]
    tokens = []
    for _ in range(N_GREEDY):
        tokens.append(int(torch.argmax(step_logits[-1])))
        if len(tokens) == N_GREEDY:
            break
        out = model(input_ids=torch.tensor([[tokens[-1]]]), past_key_values=cache, use_cache=True)
        assert out.past_key_values is cache
        step_logits.append(out.logits[0, -1])
    margins = []
    for logits in step_logits:
        values, _ = sorted_logits(logits)
        margins.append(float(values[0] - values[1]))

    generated = model.generate(torch.tensor([ids]), do_sample=False, max_new_tokens=N_GREEDY,
                               return_dict_in_generate=True)
    assert isinstance(generated.past_key_values, Qwen3_5DynamicCache), type(generated.past_key_values)
    assert generated.sequences[0, len(ids):].tolist() == tokens, (generated.sequences, tokens)

    full = model(input_ids=torch.tensor([ids + tokens[:-1]]), use_cache=False).logits[0, len(ids) - 1:]
    assert full.argmax(-1).tolist() == tokens
    cache_vs_full = float((full - torch.stack(step_logits)).abs().max())
    assert cache_vs_full < 1e-3, cache_vs_full
    return tokens, min(margins), cache_vs_full


def write_checkpoint(spec, seed, directory):
    config = Qwen3_5TextConfig(**spec["config"])
    config.architectures = ["Qwen3_5ForCausalLM"]
    torch.manual_seed(seed)
    model = Qwen3_5ForCausalLM(config)
    if config.tie_word_embeddings:
        assert model.lm_head.weight is model.model.embed_tokens.weight
    fill_parameters(model, seed, config.initializer_range)
    reference = {name: p.detach().clone() for name, p in model.state_dict().items()}
    model.to(torch.bfloat16).save_pretrained(directory)
    path = directory / "config.json"
    saved = json.loads(path.read_text())
    assert saved["rope_parameters"]["partial_rotary_factor"] == spec["config"]["rope_parameters"]["partial_rotary_factor"]
    saved.pop("partial_rotary_factor", None)
    if spec["drop_layer_types"]:
        del saved["layer_types"]
    path.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n")
    return config, reference


def load_and_check(directory, config, reference):
    model = Qwen3_5ForCausalLM.from_pretrained(directory, dtype=torch.float32).eval()
    assert model.config.layer_types == config.layer_types, (model.config.layer_types, config.layer_types)
    assert model.config.rope_parameters["partial_rotary_factor"] == config.rope_parameters["partial_rotary_factor"]
    for name, tensor in model.state_dict().items():
        assert tensor.dtype == torch.float32, name
        assert torch.equal(tensor, reference[name]), name
    rope = model.model.rotary_emb
    dim = int(config.head_dim * config.rope_parameters["partial_rotary_factor"])
    inv_freq = 1.0 / (config.rope_parameters["rope_theta"] ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
    assert rope.inv_freq.dtype == torch.float32 and torch.equal(rope.inv_freq, inv_freq)
    return model


def expected_values(spec, model, config, short_ids, long_ids, seed):
    hidden, logits = forward_values(model, short_ids)
    ids, values, gap = top10(logits[-1])
    tokens, margin, cache_vs_full = greedy(model, short_ids)
    long_hidden, long_logits = forward_values(model, long_ids)
    long_ids_top, long_values, long_gap = top10(long_logits[-1])
    embed = model.model.embed_tokens.weight.detach().double()
    result = {
        "about": f"{spec['about']}; random weights (seed {seed}), bf16-exact; float32 reference from "
                 f"from_pretrained(dir, dtype=float32)",
        "command": COMMAND,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
    }
    if spec["drop_layer_types"]:
        result["layer_types_resolved"] = list(model.config.layer_types)
    result.update({
        "input_ids": short_ids,
        "hidden_norms_per_position": [float(n) for n in hidden.double().norm(dim=-1)],
        "last_hidden_first8": [float(v) for v in hidden[-1, :8]],
        "last_logits_top10_ids": ids,
        "last_logits_top10_values": values,
        "greedy_16": tokens,
        "min_top2_margin": margin,
        "mean_token_embedding_norm": float(embed.norm(dim=-1).mean()),
        "long_input_ids": long_ids,
        "long_hidden_norms_per_position": [float(n) for n in long_hidden.double().norm(dim=-1)],
        "long_last_logits_top10_ids": long_ids_top,
        "long_last_logits_top10_values": long_values,
    })
    checks = {"min_top2_margin": margin, "top10_gap": gap, "long_top10_gap": long_gap,
              "distinct_greedy": len(set(tokens)), "cache_vs_full": cache_vs_full}
    return result, checks


def build(name, spec):
    vocab = spec["config"]["vocab_size"]
    rng = np.random.default_rng(spec["seed"])
    short_ids = [int(i) for i in rng.integers(0, vocab, N_SHORT)]
    long_ids = [int(i) for i in rng.integers(0, vocab, N_LONG)]
    for attempt in range(20):
        seed = spec["seed"] + 1000 * attempt
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            config, reference = write_checkpoint(spec, seed, work)
            model = load_and_check(work, config, reference)
            result, checks = expected_values(spec, model, config, short_ids, long_ids, seed)
            print(f"{name} seed {seed}: " + ", ".join(f"{k} {v:.3g}" for k, v in checks.items()), file=sys.stderr)
            if min(checks["min_top2_margin"], checks["top10_gap"], checks["long_top10_gap"]) < MIN_GAP \
                    or checks["distinct_greedy"] < 2:
                continue
            out = OUT / name
            if out.exists():
                shutil.rmtree(out)
            out.mkdir(parents=True)
            for file in ["config.json", "model.safetensors", "generation_config.json"]:
                shutil.copyfile(work / file, out / file)
        (out / "expected.json").write_text(json.dumps(result, indent=1) + "\n")
        size = (out / "model.safetensors").stat().st_size
        assert size < MAX_BYTES, f"{name}: model.safetensors is {size} bytes"
        print(f"wrote {out} (model.safetensors {size} bytes)", file=sys.stderr)
        return
    sys.exit(f"{name}: no seed gave clear greedy / top-10 margins")


def main():
    torch.set_grad_enabled(False)
    for name, spec in MODELS.items():
        build(name, spec)


if __name__ == "__main__":
    main()

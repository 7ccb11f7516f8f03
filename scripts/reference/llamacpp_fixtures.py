#!/usr/bin/env python3
"""llama.cpp reference fixtures for the two default GGUF models.

Command (from the repository root; needs `pip install llama-cpp-python`, which builds llama.cpp):
    python3 scripts/reference/llamacpp_fixtures.py
writes Tests/Fixtures/llamacpp/smollm2.json and Tests/Fixtures/llamacpp/gemma3.json.

Per prompt, using llama.cpp's low-level C API through llama-cpp-python (no sampler objects):
  input_ids                    llama_tokenize(add_special=True, parse_special=True): BOS is added only
                               if the model's metadata says so; chat markup tokens are parsed as specials.
  hidden_norms_per_position    L2 norm of each prompt position's embedding from a context created with
                               embeddings=True, pooling NONE: that is the graph's "result_norm" tensor,
                               the hidden state after the final RMSNorm (checked against an independent
                               numpy forward pass by float_reference.py).
  hidden_norms_token_by_token  the same norms with the prompt decoded one token per batch (llama.cpp sums
                               a batch in another order than a lone token, so these differ slightly).
  last_logits_top10_*          logits at the last prompt position (context without embeddings, prompt
                               decoded as one batch, only the last position outputs logits).
  greedy_32                    32 tokens, each the argmax of the raw logits (ties -> lowest id), decoded
                               one at a time after the prompt; generation does not stop at EOS. `margins`:
                               at each step, the argmax logit minus the runner-up's.
  llama_cpp_variants           the same greedy run by llama.cpp itself with one setting changed that leaves
                               the mathematics alone (flash attention on; an f32 KV cache): the first step
                               where it leaves greedy_32 (-1 if never): how sensitive the greedy runs are
                               to the order of sums.
All contexts: n_threads = n_threads_batch = 2, n_ctx = 512, flash attention disabled, default F16 KV cache
(except in the variants).
"""
import argparse
import ctypes
import datetime
import sys

import numpy as np

import llama_cpp as L

from reference_models import FIXTURES, MODEL_FILES, model_path, prompts_for, rounded, sha256_of, write_json

N_THREADS = 2
N_CTX = 512
N_GREEDY = 32
# Commit of the llama.cpp sources vendored in the llama-cpp-python sdist that was built here (read from the
# sdist's vendor/llama.cpp git metadata at build time; the Python package does not expose it at run time).
VENDORED_LLAMA_CPP_COMMIT = {"0.3.36": "0c1e57098bba43ac29e6e3b677cdceebdd22334f"}

_LOG_SINK = L.llama_log_callback(lambda level, text, user_data: None)


class LlamaModel:
    """A loaded GGUF model plus the few vocabulary calls the fixtures need."""

    def __init__(self, path):
        params = L.llama_model_default_params()
        self.handle = L.llama_model_load_from_file(str(path).encode(), params)
        if not self.handle:
            raise RuntimeError(f"{path}: llama.cpp could not load the model")
        self.vocab = L.llama_model_get_vocab(self.handle)
        self.n_vocab = L.llama_vocab_n_tokens(self.vocab)
        self.n_embd = L.llama_model_n_embd(self.handle)

    def meta(self, key):
        buf = ctypes.create_string_buffer(4096)
        n = L.llama_model_meta_val_str(self.handle, key.encode(), buf, len(buf))
        return buf.value.decode() if n >= 0 else None

    def tokenize(self, text):
        data = text.encode("utf-8")
        out = (L.llama_token * (len(data) + 8))()
        n = L.llama_tokenize(self.vocab, data, len(data), out, len(out), True, True)
        if n < 0:
            raise RuntimeError(f"tokenize: buffer too small for {text!r}")
        return list(out[:n])

    def detokenize(self, ids):
        pieces = bytearray()
        buf = ctypes.create_string_buffer(256)
        for token in ids:
            n = L.llama_token_to_piece(self.vocab, token, buf, len(buf), 0, True)
            pieces += buf.raw[:n]
        return pieces.decode("utf-8", errors="replace")

    def facts(self):
        return {
            "architecture": self.meta("general.architecture"),
            "n_vocab": self.n_vocab,
            "n_embd": self.n_embd,
            "n_layer": L.llama_model_n_layer(self.handle),
            "n_head": L.llama_model_n_head(self.handle),
            "n_head_kv": L.llama_model_n_head_kv(self.handle),
            "n_swa": L.llama_model_n_swa(self.handle),
            "rope_type": {0: "NORM (adjacent pairs)", 2: "NEOX (halves)"}.get(
                L.llama_model_rope_type(self.handle), str(L.llama_model_rope_type(self.handle))),
            "add_bos": bool(L.llama_vocab_get_add_bos(self.vocab)),
            "add_eos": bool(L.llama_vocab_get_add_eos(self.vocab)),
            "bos_id": L.llama_vocab_bos(self.vocab),
            "eos_id": L.llama_vocab_eos(self.vocab),
            "eot_id": L.llama_vocab_eot(self.vocab),
        }


class Session:
    """One fresh llama.cpp context (its own KV cache) over a model."""

    def __init__(self, model, embeddings, flash_attention=False, f32_kv_cache=False):
        params = L.llama_context_default_params()
        params.n_ctx = N_CTX
        params.n_batch = N_CTX
        params.n_ubatch = N_CTX
        params.n_threads = N_THREADS
        params.n_threads_batch = N_THREADS
        params.flash_attn_type = L.LLAMA_FLASH_ATTN_TYPE_ENABLED if flash_attention else L.LLAMA_FLASH_ATTN_TYPE_DISABLED
        if f32_kv_cache:
            params.type_k = params.type_v = L.GGML_TYPE_F32
        params.embeddings = embeddings
        if embeddings:
            params.pooling_type = L.LLAMA_POOLING_TYPE_NONE
        self.model = model
        self.ctx = L.llama_init_from_model(model.handle, params)
        if not self.ctx:
            raise RuntimeError("llama.cpp could not create a context")
        self.n_past = 0

    def close(self):
        L.llama_free(self.ctx)

    def decode(self, ids, output_all):
        """Feed `ids` as one batch; rows for all positions if output_all, else for the last only."""
        batch = L.llama_batch_init(len(ids), 0, 1)
        try:
            for i, token in enumerate(ids):
                batch.token[i] = token
                batch.pos[i] = self.n_past + i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                batch.logits[i] = 1 if (output_all or i == len(ids) - 1) else 0
            batch.n_tokens = len(ids)
            status = L.llama_decode(self.ctx, batch)
            if status != 0:
                raise RuntimeError(f"llama_decode returned {status}")
        finally:
            L.llama_batch_free(batch)
        self.n_past += len(ids)

    def logits(self, i=-1):
        return np.ctypeslib.as_array(L.llama_get_logits_ith(self.ctx, i), shape=(self.model.n_vocab,)).copy()

    def embedding(self, i):
        return np.ctypeslib.as_array(L.llama_get_embeddings_ith(self.ctx, i), shape=(self.model.n_embd,)).copy()


def top10(logits):
    ids = np.lexsort((np.arange(len(logits)), -logits))[:10]  # value desc, then lowest id
    return [int(i) for i in ids], rounded(logits[ids])


def greedy(model, ids, **settings):
    """N_GREEDY argmax tokens after the prompt, and each step's top-1 minus top-2 logit."""
    gen = Session(model, embeddings=False, **settings)
    try:
        gen.decode(ids, output_all=False)
        first = gen.logits()
        logits = first
        tokens, margins = [], []
        for _ in range(N_GREEDY):
            token = int(np.argmax(logits))  # first maximum = lowest id on ties
            tokens.append(token)
            margins.append(float(logits[token] - np.max(np.delete(logits, token))))
            gen.decode([token], output_all=False)
            logits = gen.logits()
    finally:
        gen.close()
    return first, tokens, margins


def first_difference(a, b):
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), -1)


def case_for(model, name, prompt):
    ids = model.tokenize(prompt)

    hidden = Session(model, embeddings=True)
    try:
        hidden.decode(ids, output_all=True)
        norms = [float(np.linalg.norm(hidden.embedding(i).astype(np.float64))) for i in range(len(ids))]
        last_hidden_first8 = hidden.embedding(len(ids) - 1)[:8]
    finally:
        hidden.close()

    stepwise = Session(model, embeddings=True)
    try:
        norms_token_by_token = []
        for token in ids:
            stepwise.decode([token], output_all=True)
            norms_token_by_token.append(float(np.linalg.norm(stepwise.embedding(0).astype(np.float64))))
    finally:
        stepwise.close()

    last, generated, margins = greedy(model, ids)
    top_ids, top_values = top10(last)
    variants = {
        "flash_attention": first_difference(greedy(model, ids, flash_attention=True)[1], generated),
        "f32_kv_cache": first_difference(greedy(model, ids, f32_kv_cache=True)[1], generated),
    }

    return {
        "name": name,
        "prompt": prompt,
        "input_ids": ids,
        "hidden_norms_per_position": rounded(norms),
        "hidden_norms_token_by_token": rounded(norms_token_by_token),
        "last_hidden_first8": rounded(last_hidden_first8),
        "last_logits_top10_ids": top_ids,
        "last_logits_top10_values": top_values,
        "greedy_32": {"ids": generated, "text": model.detokenize(generated), "margins": rounded(margins)},
        "llama_cpp_variants": variants,
    }


def build_fixture(model_key, command):
    path = model_path(model_key)
    model = LlamaModel(path)
    try:
        cases = [case_for(model, name, prompt) for name, prompt in prompts_for(model_key)]
        facts = model.facts()
    finally:
        L.llama_model_free(model.handle)
    version = L.__version__
    return {
        "about": "llama.cpp reference outputs; made by scripts/reference/llamacpp_fixtures.py",
        "command": command,
        "generated": datetime.date.today().isoformat(),
        "llama_cpp_python": version,
        "llama_cpp_commit": VENDORED_LLAMA_CPP_COMMIT.get(version, "unknown"),
        "llama_cpp_system_info": L.llama_print_system_info().decode().strip(),
        "model": {"file": MODEL_FILES[model_key], "sha256": sha256_of(path), **facts},
        "settings": {
            "n_threads": N_THREADS, "n_ctx": N_CTX, "flash_attn": False, "kv_cache": "f16",
            "tokenize": "add_special=true parse_special=true",
            "greedy": "argmax of raw logits, ties to lowest id, 32 steps, no EOS stop",
            "hidden": "embeddings=true pooling=NONE: post-final-norm hidden state",
        },
        "cases": cases,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODEL_FILES), action="append",
                        help="model key (repeatable); default: all")
    args = parser.parse_args()
    command = "python3 scripts/reference/llamacpp_fixtures.py" + "".join(f" --model {m}" for m in args.model or [])
    L.llama_log_set(_LOG_SINK, None)
    L.llama_backend_init()
    for key in args.model or sorted(MODEL_FILES):
        write_json(FIXTURES / "llamacpp" / f"{key}.json", build_fixture(key, command))
    L.llama_backend_free()


if __name__ == "__main__":
    sys.exit(main())

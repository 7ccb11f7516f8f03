#!/usr/bin/env python3
"""llama-bench-like timings of llama.cpp (through llama-cpp-python's low-level API) on the default models.

Command (from the repository root; needs `pip install llama-cpp-python`):
    python3 scripts/reference/llamacpp_bench.py --write
prints a table and JSON; with --write also saves Tests/Fixtures/llamacpp/bench-<date>.json.
The figures are machine-dependent (and load-dependent: other processes share the cores).

Per model and thread count, after one warm-up run, the median of --runs runs of:
  load      llama_model_load_from_file + llama_init_from_model (mmap, file already in the page cache)
  pp128     one llama_decode of a 128-token batch into an empty cache (logits for the last token only)
  tg128     128 llama_decode calls of one token each into an empty cache (logits every token)
Token ids are a fixed pseudo-random sequence (seed 0) over the vocabulary, as llama-bench does.
Context: n_ctx = 512, n_batch = n_ubatch = 512, llama.cpp's default flash-attention mode and F16 KV cache.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

import llama_cpp as L

from reference_models import FIXTURES, MODEL_FILES, model_path, write_json

N_CTX = 512
N_TOKENS = 128

_LOG_SINK = L.llama_log_callback(lambda level, text, user_data: None)


def load(path, n_threads):
    model = L.llama_model_load_from_file(str(path).encode(), L.llama_model_default_params())
    if not model:
        raise RuntimeError(f"{path}: llama.cpp could not load the model")
    params = L.llama_context_default_params()
    params.n_ctx = N_CTX
    params.n_batch = N_CTX
    params.n_ubatch = N_CTX
    params.n_threads = n_threads
    params.n_threads_batch = n_threads
    ctx = L.llama_init_from_model(model, params)
    if not ctx:
        raise RuntimeError("llama.cpp could not create a context")
    return model, ctx


def decode(ctx, batch, tokens, start, logits_all):
    for i, token in enumerate(tokens):
        batch.token[i] = int(token)
        batch.pos[i] = start + i
        batch.n_seq_id[i] = 1
        batch.seq_id[i][0] = 0
        batch.logits[i] = 1 if logits_all or i == len(tokens) - 1 else 0
    batch.n_tokens = len(tokens)
    status = L.llama_decode(ctx, batch)
    if status != 0:
        raise RuntimeError(f"llama_decode returned {status}")


def time_prefill(ctx, batch, tokens):
    L.llama_memory_clear(L.llama_get_memory(ctx), True)
    start = time.perf_counter()
    decode(ctx, batch, tokens, 0, logits_all=False)
    L.llama_synchronize(ctx)
    return time.perf_counter() - start


def time_decode(ctx, batch, tokens):
    L.llama_memory_clear(L.llama_get_memory(ctx), True)
    start = time.perf_counter()
    for pos, token in enumerate(tokens):
        decode(ctx, batch, [token], pos, logits_all=True)
    L.llama_synchronize(ctx)
    return time.perf_counter() - start


def median_of(runs, measure):
    measure()  # warm-up
    return statistics.median(measure() for _ in range(runs))


def bench(model_key, n_threads, runs, n_generated=N_TOKENS):
    # A default model's key, or the path of any GGUF file (--file).
    path = model_path(model_key) if model_key in MODEL_FILES else model_key

    def load_once():
        start = time.perf_counter()
        model, ctx = load(path, n_threads)
        elapsed = time.perf_counter() - start
        L.llama_free(ctx)
        L.llama_model_free(model)
        return elapsed

    load_s = median_of(runs, load_once)
    model, ctx = load(path, n_threads)
    batch = L.llama_batch_init(N_CTX, 0, 1)
    try:
        n_vocab = L.llama_vocab_n_tokens(L.llama_model_get_vocab(model))
        tokens = np.random.default_rng(0).integers(0, n_vocab, N_TOKENS)
        pp_s = median_of(runs, lambda: time_prefill(ctx, batch, tokens))
        tg_s = median_of(runs, lambda: time_decode(ctx, batch, tokens[:n_generated]))
        flash = int(L.llama_context_default_params().flash_attn_type)
    finally:
        L.llama_batch_free(batch)
        L.llama_free(ctx)
        L.llama_model_free(model)
    return {
        "model": model_key, "n_threads": n_threads,
        "load_ms": round(load_s * 1000, 1),
        "pp128_ms": round(pp_s * 1000, 1), "pp128_tok_s": round(N_TOKENS / pp_s, 1),
        "tg128_ms": round(tg_s * 1000, 1), "tg128_tok_s": round(n_generated / tg_s, 1), "tg_tokens": n_generated,
        "flash_attn_type": flash,
    }


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, action="append", help="thread count (repeatable); default 2 and 1")
    parser.add_argument("--model", choices=sorted(MODEL_FILES), action="append")
    parser.add_argument("--file", action="append", help="any GGUF file instead (repeatable)")
    parser.add_argument("--tg", type=int, default=N_TOKENS, help=f"decode steps timed (default {N_TOKENS})")
    parser.add_argument("--write", action="store_true", help="save Tests/Fixtures/llamacpp/bench-<date>.json")
    args = parser.parse_args()
    L.llama_log_set(_LOG_SINK, None)
    L.llama_backend_init()
    load_before = os.getloadavg()
    models = (args.model or []) + (args.file or []) or sorted(MODEL_FILES)
    rows = [bench(m, t, args.runs, args.tg) for m in models for t in args.threads or [2, 1]]
    load_after = os.getloadavg()
    L.llama_backend_free()

    width = max(8, *(len(str(r["model"])) for r in rows))
    print(f"{'model':{width}} {'thr':>3} {'load ms':>8} {'pp128 ms':>9} {'pp tok/s':>9} {'tg128 ms':>9} {'tg tok/s':>9}")
    for r in rows:
        print(f"{str(r['model']):{width}} {r['n_threads']:>3} {r['load_ms']:>8} {r['pp128_ms']:>9} {r['pp128_tok_s']:>9} "
              f"{r['tg128_ms']:>9} {r['tg128_tok_s']:>9}")
    report = {
        "about": "llama.cpp timings, MACHINE-DEPENDENT (and dependent on concurrent load); "
                 "made by scripts/reference/llamacpp_bench.py; not for use as test expectations",
        "command": "python3 " + " ".join(["scripts/reference/llamacpp_bench.py"] + sys.argv[1:]),
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpu": cpu_name(), "cores": os.cpu_count(),
        "loadavg_1m_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "llama_cpp_python": L.__version__,
        "llama_cpp_system_info": L.llama_print_system_info().decode().strip(),
        "runs": args.runs, "statistic": "median after one warm-up",
        "results": rows,
    }
    print(json.dumps(report, indent=1))
    if args.write:
        write_json(FIXTURES / "llamacpp" / f"bench-{datetime.date.today().isoformat()}.json", report)


if __name__ == "__main__":
    sys.exit(main())

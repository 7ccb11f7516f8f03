#!/usr/bin/env python3
"""mastui next to llama.cpp on the same weights, back to back: prefill (pp) and decode (tg) tok/s and their
ratios, with the load average around each pair (the cores are shared; read ratios, not absolutes).

    /work/venv-llama/bin/python scripts/bench/versus_llamacpp.py --models /work/bench-models [--pairs 2]

Rows: the two default models, and if present the random Llama-3.2-1B-shape files of
scripts/bench/make_random_checkpoint.py (Q8_0 GGUF for both; bf16: llama.cpp's bf16 GGUF, mastui the same
weights as a Hugging Face checkpoint). Each pair runs llama.cpp (scripts/reference/llamacpp_bench.py,
llama-cpp-python from the running interpreter) and then `mastui bench`, each the median of --runs runs;
--pairs repeats the pairs and reports the medians of the pairs. Needs a release build of mastui.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_MODELS = pathlib.Path(os.environ.get("MASTUI_MODELS", pathlib.Path.home() / ".cache/mastui/models"))


def rows(bench_models):
    yield "SmolLM2-135M Q4_1", DEFAULT_MODELS / "SmolLM2-135M-Instruct.Q4_1.gguf", None
    yield "Gemma-3-270M Q4_K_M", DEFAULT_MODELS / "gemma-3-270m-q4_k_m.gguf", None
    yield "Llama-3.2-1B shape Q8_0", bench_models / "llama-3.2-1b-q8_0.gguf", None
    yield "Llama-3.2-1B shape bf16", bench_models / "llama-3.2-1b-bf16.gguf", bench_models / "llama-3.2-1b-bf16-hf"


def last_json(text):
    """The JSON object that ends `text`."""
    start = text.rindex("\n{") + 1 if not text.startswith("{") else 0
    return json.loads(text[start:])


def llamacpp(path, threads, runs, tg):
    out = subprocess.run([sys.executable, str(ROOT / "scripts/reference/llamacpp_bench.py"), "--file", str(path),
                          "--threads", str(threads), "--runs", str(runs), "--tg", str(tg)],
                         check=True, capture_output=True, text=True).stdout
    result = last_json(out)["results"][0]
    return result["pp128_tok_s"], result["tg128_tok_s"]


def mastui(binary, path, threads, runs, tg):
    out = subprocess.run([str(binary), "bench", "--model", str(path), "-t", str(threads), "-r", str(runs),
                          "-p", "128", "-n", str(tg), "--json"], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    return result["prefill_tokens_per_second"], result["decode_tokens_per_second"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=pathlib.Path, default=pathlib.Path("/work/bench-models"))
    parser.add_argument("--mastui", type=pathlib.Path, default=ROOT / ".build/release/mastui")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=1)
    parser.add_argument("--tg", type=int, default=128, help="decode steps per run")
    parser.add_argument("--only", action="append", help="rows whose name contains this (repeatable)")
    args = parser.parse_args()
    table = []
    for name, gguf, hf in rows(args.models):
        if args.only and not any(o.lower() in name.lower() for o in args.only):
            continue
        if not gguf.exists() or (hf is not None and not hf.exists()):
            print(f"{name}: skipped ({gguf if not gguf.exists() else hf} missing)", file=sys.stderr)
            continue
        pairs, loads = [], []
        for _ in range(args.pairs):
            before = os.getloadavg()[0]
            theirs = llamacpp(gguf, args.threads, args.runs, args.tg)
            ours = mastui(args.mastui, hf or gguf, args.threads, args.runs, args.tg)
            loads.append((before, os.getloadavg()[0]))
            pairs.append((theirs, ours))
            print(f"{name}: llama.cpp pp {theirs[0]:.1f} tg {theirs[1]:.1f} | mastui pp {ours[0]:.1f} tg {ours[1]:.1f}"
                  f" | load {before:.1f} → {loads[-1][1]:.1f}", file=sys.stderr)
        med = lambda values: statistics.median(values)
        lp, lt = med([p[0][0] for p in pairs]), med([p[0][1] for p in pairs])
        mp, mt = med([p[1][0] for p in pairs]), med([p[1][1] for p in pairs])
        rp, rt = med([p[1][0] / p[0][0] for p in pairs]), med([p[1][1] / p[0][1] for p in pairs])
        table.append((name, lp, lt, mp, mt, rp, rt, min(l[0] for l in loads), max(l[1] for l in loads)))
    print(f"| model | llama.cpp pp / tg tok/s | mastui pp / tg | ratio pp / tg | load (1 min) |")
    print("|---|---|---|---|---|")
    for name, lp, lt, mp, mt, rp, rt, lo, hi in table:
        print(f"| {name} | {lp:.1f} / {lt:.1f} | {mp:.1f} / {mt:.1f} | {rp:.2f}× / {rt:.2f}× | {lo:.1f}–{hi:.1f} |")


if __name__ == "__main__":
    sys.exit(main())

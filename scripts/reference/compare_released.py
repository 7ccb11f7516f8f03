#!/usr/bin/env python3
"""Runs every released style of Tests/Fixtures/released-tiny with the built mastui and prints how far it is
from what the reference release computed (expected.json): stage order, the worst relative error of any
hop's per-step norms (raw, after inner, after outer), token ids, the final answer.

Command (from the repository root, after `swift build -c release`):
    python3 scripts/reference/compare_released.py [STYLE ...]
"""
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures" / "released-tiny"
MASTUI = ROOT / ".build" / "release" / "mastui"
STYLES = ["sequential_light", "sequential_scaled", "mixture", "distillation", "deliberation"]


def run(style):
    folder = FIXTURES / style
    question = json.loads((folder / "prompts.json").read_text())["question"]
    env = dict(os.environ, HF_HUB_CACHE="/nonexistent", HF_HOME="/nonexistent")
    out = subprocess.run([str(MASTUI), "run", "--style", str(folder / "mastui-style.toml"), "--checkpoints", str(folder),
                          "--json", "-q", question], capture_output=True, text=True, env=env, check=True).stdout
    stages, answer = [], None
    for line in out.splitlines():
        event = json.loads(line)
        kind = event["type"]
        if kind == "stageStarted":
            stages.append({"id": (event["agent"], event["round"], event["kind"]), "hops": [], "tokens": []})
        elif kind == "token":
            stages[-1]["tokens"].append(event["tokenId"])
        elif kind == "hop":
            stages[-1]["hops"].append(event)
        elif kind == "answer":
            answer = event["text"]
    return stages, answer


def compare(style):
    expected = json.loads((FIXTURES / style / "expected.json").read_text())
    stages, answer = run(style)
    order = [(s["agent"], s["round"], s["kind"]) for s in expected["stages"]] == [s["id"] for s in stages]
    worst, tokens_equal = 0.0, True
    for theirs, ours in zip(expected["stages"], stages):
        for hop, event in zip(theirs.get("hops", []), ours["hops"]):
            for step, norms in zip(hop["per_step"], event["perStep"]):
                for key, name in [("raw", "raw"), ("after_inner", "afterInner"), ("after_outer", "afterOuter")]:
                    worst = max(worst, abs(step[key] - norms[name]) / abs(step[key]))
        ids = [t for g in theirs.get("generations", []) for t in (g["token_ids"][:-1] if g["stopped_on_eos"] else g["token_ids"])]
        tokens_equal &= ids == ours["tokens"]
    same_answer = answer == expected["final_answer"]
    print(f"{style:18} stage order {'same' if order else 'DIFFERENT'}, worst norm error {worst:.2e}, "
          f"token ids {'identical' if tokens_equal else 'DIFFERENT'}, answer {'identical' if same_answer else 'DIFFERENT'}")
    return order and worst <= 1e-3 and tokens_equal and same_answer


if __name__ == "__main__":
    results = [compare(style) for style in (sys.argv[1:] or STYLES)]
    sys.exit(0 if all(results) else 1)

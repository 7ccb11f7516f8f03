#!/usr/bin/env python3
"""Writes a small mastui trace of a 2-agent deliberation run (1 round, 4 latent steps) whose
toolcaller decodes three python tool calls, for testing the tool list and inspector without a
model. The tool results are real: each call's code is run by python3 here, and its output, status
(ok / error) and wall time are recorded. Written independently of the Swift encoder.

Made with:
    python3 scripts/reference/make_tool_trace.py > Tests/Fixtures/traces/demo_tools.jsonl
"""
import json
import subprocess
import sys
import time

RUN = "demo-tools-0001"
START = 1767229200.0  # 2026-01-01T01:00:00Z
STEPS = 4
AGENTS = [
    {"name": "reflector", "model": "SmolLM2-135M-Instruct.Q4_1.gguf", "hiddenSize": 576},
    {"name": "toolcaller", "model": "gemma-3-270m-q4_k_m.gguf", "hiddenSize": 640},
]
LINKS = [{"name": "outer_12", "from": "reflector", "to": "toolcaller"}]
CALLS = [
    "print(17 * 24)",
    "for n in range(1, 41):\n    print(n, n * n, n ** 3)",
    "print(1 / 0)",
]

clock = START
seq = 0
out = sys.stdout


def emit(event):
    global seq
    seq += 1
    line = {"run": RUN, "seq": seq, "time": round(clock, 4)}
    line.update(event)
    out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def run_python(code):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    return ("ok" if done.returncode == 0 else "error"), output.rstrip("\n"), seconds


def main():
    global clock
    emit({"type": "runStarted", "style": "tiny_deliberation", "agents": AGENTS, "links": LINKS,
          "rounds": 1, "latentSteps": STEPS, "question": "What is 17 × 24?"})
    emit({"type": "roundStarted", "round": 1})
    emit({"type": "stageStarted", "agent": "reflector", "round": 1, "kind": "latent"})
    for step in range(1, STEPS + 1):
        clock += 0.05
        emit({"type": "latentStep", "agent": "reflector", "round": 1, "step": step, "hiddenNorm": 50.0 + step})
    emit({"type": "stageFinished", "agent": "reflector", "round": 1, "tokens": 0, "seconds": 0.2})
    emit({"type": "hop", "link": "outer_12", "from": "reflector", "to": "toolcaller", "round": 1,
          "perStep": [{"raw": 51.0 + s, "afterInner": 1.0, "afterOuter": 26.0} for s in range(STEPS)],
          "receiverEmbeddingNorm": 26.1})
    emit({"type": "stageStarted", "agent": "toolcaller", "round": 1, "kind": "decode"})
    tokens = 0
    for index, code in enumerate(CALLS, start=1):
        for piece in ["Let", " me", " compute", ".", " <python>"]:
            clock += 0.03
            tokens += 1
            emit({"type": "token", "agent": "toolcaller", "round": 1, "text": piece, "tokenId": 100 + tokens})
        call_id = f"toolcaller-{index}"
        emit({"type": "toolCall", "id": call_id, "agent": "toolcaller", "tool": "python", "arguments": code})
        status, output, seconds = run_python(code)
        clock += seconds
        emit({"type": "toolResult", "id": call_id, "status": status, "output": output, "seconds": round(seconds, 4)})
    for piece in [" The", " answer", " is", " \\boxed{408}", "."]:
        clock += 0.03
        tokens += 1
        emit({"type": "token", "agent": "toolcaller", "round": 1, "text": piece, "tokenId": 100 + tokens})
    emit({"type": "stageFinished", "agent": "toolcaller", "round": 1, "tokens": tokens, "seconds": round(clock - START, 4)})
    emit({"type": "roundFinished", "round": 1, "seconds": round(clock - START, 4)})
    emit({"type": "answer", "text": "The answer is \\boxed{408}.", "extracted": "408"})
    emit({"type": "runFinished", "seconds": round(clock - START, 4),
          "stats": {"decodedTokens": tokens, "latentSteps": STEPS, "toolCalls": len(CALLS)}})


if __name__ == "__main__":
    header = {"format": "mastui-trace", "schemaVersion": 1, "engineVersion": "0.1.0", "createdAt": START}
    out.write(json.dumps(header, sort_keys=True) + "\n")
    main()

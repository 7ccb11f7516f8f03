#!/usr/bin/env python3
"""Writes a hand-made but realistic mastui trace of a 3-agent sequential run (2 rounds, 8 latent
steps), for developing and testing the terminal UI without a model. It is written independently of
the Swift encoder, so reading it also checks that the Swift reader accepts traces it did not write.

Made with:
    python3 scripts/reference/make_demo_trace.py > Tests/Fixtures/traces/demo_sequential.jsonl
"""
import json
import random
import sys

RUN = "demo-sequential-0001"
START = 1767225600.0  # 2026-01-01T00:00:00Z
ROUNDS = 2
STEPS = 8
AGENTS = [
    {"name": "planner", "model": "SmolLM2-135M-Instruct.Q4_1.gguf", "hiddenSize": 576},
    {"name": "critic", "model": "gemma-3-270m-q4_k_m.gguf", "hiddenSize": 640},
    {"name": "solver", "model": "SmolLM2-135M-Instruct.Q4_1.gguf", "hiddenSize": 576},
]
LINKS = [
    {"name": "outer_12", "from": "planner", "to": "critic"},
    {"name": "outer_23", "from": "critic", "to": "solver"},
    {"name": "outer_31", "from": "solver", "to": "planner"},
]
# Typical input-embedding norms of each receiver (the fitted links aim at these).
EMBEDDING_NORM = {"planner": 0.92, "critic": 1.37, "solver": 0.92}
PEEK_WORDS = [" multiply", " 17", " times", " 24", " product", " step", " first", " answer", " 4", "08"]
ANSWER = ["17", " ×", " 24", ":", " 17", " ×", " 20", " =", " 340", ",", " 17", " ×", " 4", " =",
          " 68", ".", "\n", "340", " +", " 68", " =", " 408", ".", "\n", "The", " answer", " is",
          " \\", "boxed", "{", "408", "}", "."]

rng = random.Random(7)
clock = START
seq = 0
out = sys.stdout


def emit(event):
    global seq
    seq += 1
    line = {"run": RUN, "seq": seq, "time": round(clock, 4)}
    line.update(event)
    out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def tick(seconds):
    global clock
    clock += seconds * rng.uniform(0.8, 1.2)


def latent_stage(agent, rnd, kind):
    started = clock
    emit({"type": "stageStarted", "agent": agent, "round": rnd, "kind": kind})
    norm = rng.uniform(45, 60)
    for step in range(1, STEPS + 1):
        tick(0.09)
        norm += rng.uniform(-3, 4)
        emit({"type": "latentStep", "agent": agent, "round": rnd, "step": step,
              "hiddenNorm": round(norm, 3)})
    emit({"type": "stageFinished", "agent": agent, "round": rnd, "tokens": 0,
          "seconds": round(clock - started, 4)})


def hop(link):
    receiver = link["to"]
    target = EMBEDDING_NORM[receiver]
    per_step, peek = [], []
    for _ in range(STEPS):
        raw = rng.uniform(48, 66)
        per_step.append({"raw": round(raw, 3),
                         "afterInner": round(rng.uniform(0.85, 1.15), 4),
                         "afterOuter": round(target * rng.uniform(0.8, 1.25), 4)})
        words = rng.sample(PEEK_WORDS, 3)
        peek.append([{"tokenId": 1000 + PEEK_WORDS.index(w), "text": w,
                      "cosine": round(rng.uniform(0.2, 0.6) - 0.05 * i, 4)} for i, w in enumerate(words)])
    tick(0.01)
    return per_step, peek, target


def main():
    question = "What is 17 × 24? Think step by step."
    emit({"type": "runStarted", "style": "sequential_tiny", "agents": AGENTS, "links": LINKS,
          "rounds": ROUNDS, "latentSteps": STEPS, "question": question})
    run_started = clock
    latent_total = 0
    for rnd in range(1, ROUNDS + 1):
        round_started = clock
        tick(0.02)
        emit({"type": "roundStarted", "round": rnd})
        for index, agent in enumerate(AGENTS):
            last = index == len(AGENTS) - 1
            if not last:
                latent_stage(agent["name"], rnd, "latent")
                latent_total += STEPS
                link = LINKS[index]
                per_step, peek, target = hop(link)
                emit({"type": "hop", "link": link["name"], "from": link["from"], "to": link["to"],
                      "round": rnd, "perStep": per_step, "receiverEmbeddingNorm": target, "peek": peek})
            elif rnd < ROUNDS:
                latent_stage(agent["name"], rnd, "feedback")
                latent_total += STEPS
                link = LINKS[2]
                per_step, peek, target = hop(link)
                emit({"type": "hop", "link": link["name"], "from": link["from"], "to": link["to"],
                      "round": rnd, "perStep": per_step, "receiverEmbeddingNorm": target, "peek": peek})
            else:
                started = clock
                emit({"type": "stageStarted", "agent": agent["name"], "round": rnd, "kind": "decode"})
                for piece in ANSWER:
                    tick(0.035)
                    emit({"type": "token", "agent": agent["name"], "round": rnd, "text": piece,
                          "tokenId": rng.randrange(100, 49000),
                          "logprob": round(-rng.expovariate(4.0), 4)})
                emit({"type": "stageFinished", "agent": agent["name"], "round": rnd,
                      "tokens": len(ANSWER), "seconds": round(clock - started, 4)})
        emit({"type": "roundFinished", "round": rnd, "seconds": round(clock - round_started, 4)})
    emit({"type": "answer", "text": "".join(ANSWER), "extracted": "408"})
    emit({"type": "runFinished", "seconds": round(clock - run_started, 4),
          "stats": {"decodedTokens": len(ANSWER), "latentSteps": latent_total, "toolCalls": 0}})


if __name__ == "__main__":
    header = {"format": "mastui-trace", "schemaVersion": 1, "engineVersion": "0.1.0", "createdAt": START}
    out.write(json.dumps(header, sort_keys=True) + "\n")
    main()

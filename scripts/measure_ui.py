#!/usr/bin/env python3
"""Measures the terminal UI's responsiveness in a real terminal (tmux):

  latency  key-echo latency while a live run computes: time from `tmux send-keys` of one
           character to that character showing in `tmux capture-pane` (median, p95, max).
  cpu      CPU time of the UI thread (named mastui-ui) while a replayed trace streams tokens at
           100 tok/s, from /proc/PID/task/TID/stat, as a percentage of one core.

Run from the repository root after `swift build -c release`:
    python3 scripts/measure_ui.py latency
    python3 scripts/measure_ui.py cpu
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BINARY = os.path.abspath(".build/release/mastui")
SOCKET = f"mastui-measure-{os.getpid()}"


def tmux(*args):
    command = ["tmux", "-L", SOCKET, "-f", "/dev/null", *args]
    if args[0] == "new-session":  # the server it starts keeps its stdout: give it none
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return ""
    return subprocess.run(command, capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", "m")


def wait_for(text, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in screen():
            return
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {text!r}:\n{screen()}")


def mastui_pid():
    shell = int(tmux("display-message", "-p", "-t", "m", "#{pane_pid}").strip())
    for _ in range(100):
        children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise SystemExit("mastui did not start")


def thread_ticks(pid, name):
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            if f.read().strip() != name:
                continue
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    raise SystemExit(f"no thread named {name} in {pid}")


def process_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def latency():
    tmux("new-session", "-d", "-s", "m", "-x", "120", "-y", "40",
         f"{BINARY} tui --step continuous --rounds 3 --latent-steps 48 --max-new-tokens 256")
    wait_for("No run yet.", 20)
    tmux("send-keys", "-t", "m", "/")
    tmux("send-keys", "-t", "m", "-l", "Explain the sum of the first ten squares.")
    tmux("send-keys", "-t", "m", "Enter")
    wait_for("latent step", 120)
    tmux("send-keys", "-t", "m", "i")
    wait_for("❯", 5)
    samples = []
    for index in range(40):
        line = next(l for l in screen().splitlines())
        before = line.count("x")
        started = time.monotonic()
        tmux("send-keys", "-t", "m", "x")
        while True:
            if screen().splitlines()[0].count("x") > before:
                break
            if time.monotonic() - started > 2:
                raise SystemExit("a key did not show within 2 s")
        samples.append((time.monotonic() - started) * 1000)
        time.sleep(0.1)
    busy = "latent step" in screen() or "decoding" in screen()
    tmux("kill-server")
    samples.sort()
    print(f"key-echo latency over {len(samples)} keys while a run computes (still computing at the end: {busy}):")
    print(f"  median {statistics.median(samples):.1f} ms, p95 {samples[int(len(samples) * 0.95) - 1]:.1f} ms, max {samples[-1]:.1f} ms")


def synthetic_trace(path, tokens, rate):
    start = 1767225600.0
    with open(path, "w") as out:
        def emit(seq, time_, event):
            out.write(json.dumps({"run": "rate", "seq": seq, "time": time_, **event}) + "\n")
        out.write(json.dumps({"format": "mastui-trace", "schemaVersion": 1, "engineVersion": "0.1.0",
                              "createdAt": start}) + "\n")
        agents = [{"name": "solver", "model": "m.gguf", "hiddenSize": 8}]
        emit(1, start, {"type": "runStarted", "style": "rate", "agents": agents, "links": [], "rounds": 1,
                        "latentSteps": 1, "question": "stream"})
        emit(2, start, {"type": "roundStarted", "round": 1})
        emit(3, start, {"type": "stageStarted", "agent": "solver", "round": 1, "kind": "decode"})
        for i in range(tokens):
            text = " word" if i % 12 else "\n"
            emit(4 + i, start + (i + 1) / rate, {"type": "token", "agent": "solver", "round": 1, "text": text,
                                                   "tokenId": i})


def cpu(seconds=10.0):
    trace = os.path.join(tempfile.mkdtemp(), "rate100.jsonl")
    synthetic_trace(trace, tokens=int(100 * (seconds + 8)), rate=100)
    tmux("new-session", "-d", "-s", "m", "-x", "120", "-y", "40", f"{BINARY} tui --replay {trace} --step continuous")
    pid = mastui_pid()
    wait_for("decoding", 20)
    time.sleep(1)
    clock = os.sysconf("SC_CLK_TCK")
    ui0, all0, t0 = thread_ticks(pid, "mastui-ui"), process_ticks(pid), time.monotonic()
    time.sleep(seconds)
    ui1, all1, t1 = thread_ticks(pid, "mastui-ui"), process_ticks(pid), time.monotonic()
    still = "decoding" in screen()
    tmux("kill-server")
    elapsed = t1 - t0
    print(f"tokens streaming at 100 tok/s for {elapsed:.1f} s (still streaming at the end: {still}):")
    print(f"  UI thread: {100 * (ui1 - ui0) / clock / elapsed:.2f} % of a core; whole process: {100 * (all1 - all0) / clock / elapsed:.2f} %")


if __name__ == "__main__":
    try:
        {"latency": latency, "cpu": cpu}[sys.argv[1] if len(sys.argv) > 1 else "latency"]()
    finally:
        tmux("kill-server")

#!/usr/bin/env python3
"""Rates inside one `mastui run --json` event stream (stdin): per stage, latent steps/s (between the
first and last latentStep events, so prompt prefill is left out) and decode tok/s (between the first
and last token events), plus the run's wall time.

    mastui run --style tiny_sequential -q "What is 6 x 7?" --json | python3 scripts/run_rates.py
"""
import json
import sys


def main():
    stages, current = [], None
    for line in sys.stdin:
        event = json.loads(line)
        kind = event["type"]
        if kind == "stageStarted":
            current = {"agent": event["agent"], "round": event["round"], "kind": event["kind"],
                       "start": event["time"], "marks": []}
            stages.append(current)
        elif kind in ("latentStep", "token") and current is not None:
            current["marks"].append(event["time"])
        elif kind == "stageFinished" and current is not None:
            current["seconds"] = event["seconds"]
            current = None
        elif kind == "runFinished":
            print(f"run: {event['seconds']:.2f} s, {event['stats']}")
    totals = {}
    for stage in stages:
        marks = stage["marks"]
        rate = (len(marks) - 1) / (marks[-1] - marks[0]) if len(marks) > 1 and marks[-1] > marks[0] else float("nan")
        unit = "tok/s" if stage["kind"] in ("decode", "retry") else "steps/s"
        print(f"{stage['agent']:>10} r{stage['round']} {stage['kind']:<8} {stage.get('seconds', 0):6.2f} s  "
              f"{len(marks):4d} marks  {rate:7.1f} {unit}  (first mark after {marks[0] - stage['start'] if marks else 0:.3f} s)")
        key = (stage["agent"], unit)
        n, t = totals.get(key, (0, 0.0))
        if len(marks) > 1:
            totals[key] = (n + len(marks) - 1, t + marks[-1] - marks[0])
    for (agent, unit), (n, t) in sorted(totals.items()):
        print(f"{agent:>10} overall {n / t:7.1f} {unit}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference stream of the sampler's seeded generator (Tests/Fixtures/sampling/xoshiro256.json).

Command (from the repository root; needs `pip install randomgen numpy`):
    python3 scripts/reference/rng_fixtures.py

The sampler seeds xoshiro256** with four SplitMix64 outputs of the 64-bit seed. SplitMix64 is written out here
and checked against its published test vector; the xoshiro256** outputs come from randomgen's Xoshiro256 (an
independent implementation) with that state, and the unit doubles from numpy's Generator.random()
((x >> 11) * 2**-53).
"""
import json
import pathlib

import numpy as np
from randomgen import Xoshiro256

MASK = (1 << 64) - 1
OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "sampling" / "xoshiro256.json"


def splitmix64(seed, count):
    state, out = seed, []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(z ^ (z >> 31))
    return out


# The published SplitMix64 test vector (seed 1234567).
assert splitmix64(1234567, 5) == [6457827717110365317, 3203168211198807973, 9817491932198370423,
                                  4593380528125082431, 16408922859458223821]


def stream(seed):
    state = splitmix64(seed, 4)

    def generator():
        bits = Xoshiro256(0)
        bits.state = {"bit_generator": "Xoshiro256", "s": np.array(state, dtype=np.uint64), "has_uint32": 0,
                      "uinteger": 0}
        return bits

    raw = [int(x) for x in generator().random_raw(8)]
    units = [float(x) for x in np.random.Generator(generator()).random(8)]
    return {"seed": str(seed), "state": [str(x) for x in state], "raw": [str(x) for x in raw], "unit": units}


OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps([stream(seed) for seed in [0, 1, 42, 1234567, 2**64 - 1]], indent=1) + "\n")

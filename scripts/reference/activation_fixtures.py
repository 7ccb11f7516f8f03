#!/usr/bin/env python3
"""Reference fixtures for MASKit's activation quantisation: llama.cpp's own quantisers, called in the
ggml CPU library that llama-cpp-python ships (the code llama.cpp runs on this x86-64 machine).

Command (from the repository root; needs `pip install llama-cpp-python numpy`; llama-cpp-python 0.3.36
with ggml 0.25.3 and numpy 2.4.6 made the committed files):

    python3 scripts/reference/activation_fixtures.py Tests/Fixtures/quant

Writes, for ROWS vectors of COLS floats:
  activation_x.f32     the input vectors, little-endian float32, row after row
  activation_q8_0.bin  quantize_row_q8_0 of each row: blocks of f16 d, 32 int8
  activation_q8_1.bin  quantize_row_q8_1 of each row: blocks of f16 d, f16 s = d·Σq, 32 int8
  activation_q8_k.bin  quantize_row_q8_K of each row: blocks of f32 d, 256 int8, 16 int16 sums
The rows are random normal data with a different magnitude per 32 values, plus edge cases: an all-zero
row section, exact rounding ties (values k + 0.5 with max|x| = 127, so that x·127/max|x| is exact), and a
block whose largest magnitude occurs with both signs (q8_K keeps the first).
"""
import ctypes
import sys
from pathlib import Path

import numpy as np
import llama_cpp

ROWS, COLS = 4, 1024


def ggml_cpu():
    lib_dir = Path(llama_cpp.__file__).parent / "lib"
    ctypes.CDLL(str(lib_dir / "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
    cpu = ctypes.CDLL(str(lib_dir / "libggml-cpu.so"))
    cpu.ggml_cpu_init()
    if not cpu.ggml_cpu_has_avx2():
        raise SystemExit("this ggml build has no AVX2 path; make the fixtures on an AVX2 machine")
    for name in ("quantize_row_q8_0", "quantize_row_q8_1", "quantize_row_q8_K"):
        getattr(cpu, name).argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
        getattr(cpu, name).restype = None
    return cpu


def inputs() -> np.ndarray:
    rng = np.random.default_rng(20250611)
    scales = rng.uniform(1e-3, 10.0, size=(ROWS, COLS // 32, 1)).astype(np.float32)
    x = (rng.standard_normal((ROWS, COLS // 32, 32)).astype(np.float32) * scales).reshape(ROWS, COLS)
    x[1, 256:512] = 0                                         # a whole q8_K block (and 8 q8_0 blocks) of zeros
    ties = np.array([127, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, -126.5, 63.5] * 4, dtype=np.float32)[:32]
    x[2, 0:32] = ties                                         # max|x| = 127: x·127/127 is exactly k + 0.5
    x[2, 256:512] = rng.uniform(-0.5, 0.5, 256).astype(np.float32)
    x[2, 300] = -3.0                                          # largest magnitude, first, negative
    x[2, 400] = 3.0                                           # same magnitude, positive, later
    return x


def main(out: Path) -> None:
    cpu = ggml_cpu()
    x = np.ascontiguousarray(inputs(), dtype="<f4")
    sizes = {"q8_0": (cpu.quantize_row_q8_0, 34 * COLS // 32),
             "q8_1": (cpu.quantize_row_q8_1, 36 * COLS // 32),
             "q8_k": (cpu.quantize_row_q8_K, 292 * COLS // 256)}
    out.mkdir(parents=True, exist_ok=True)
    (out / "activation_x.f32").write_bytes(x.tobytes())
    for name, (function, row_bytes) in sizes.items():
        blocks = np.zeros((ROWS, row_bytes), dtype=np.uint8)
        for r in range(ROWS):
            function(x[r].ctypes.data, blocks[r].ctypes.data, COLS)
        (out / f"activation_{name}.bin").write_bytes(blocks.tobytes())


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/quant"))

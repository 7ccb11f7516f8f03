#!/usr/bin/env python3
"""A small GGUF written and read back by the Python `gguf` package (llama.cpp's own), for the reader tests.

Writes Tests/Fixtures/gguf/all_types.gguf (every metadata value type, nested arrays, alignment 64,
F32/F16/Q8_0/Q4_K tensors) and Tests/Fixtures/gguf/all_types.json (what GGUFReader reads from it).

Made with gguf 0.19.0 from PyPI:
    pip install gguf
    python3 scripts/reference/gguf_small_file.py Tests/Fixtures/gguf
"""
import json
import sys
from pathlib import Path

import numpy as np
import gguf
from gguf import GGUFValueType as T, GGMLQuantizationType as Q


def write(path: Path) -> None:
    w = gguf.GGUFWriter(path, arch="testarch")
    w.add_custom_alignment(64)
    w.add_uint8("t.uint8", 200)
    w.add_int8("t.int8", -100)
    w.add_uint16("t.uint16", 60000)
    w.add_int16("t.int16", -30000)
    w.add_uint32("t.uint32", 4_000_000_000)
    w.add_int32("t.int32", -2_000_000_000)
    w.add_float32("t.float32", -1.25)
    w.add_bool("t.bool.true", True)
    w.add_bool("t.bool.false", False)
    w.add_string("t.string", "héllo ✓ wörld")
    w.add_uint64("t.uint64", 18_000_000_000_000_000_000)
    w.add_int64("t.int64", -9_000_000_000_000_000_000)
    w.add_float64("t.float64", 0.1)
    w.add_array("t.array.strings", ["a", "bc", "<0xFF>", "▁the"])
    w.add_key_value("t.array.uint8", [1, 2, 255], T.ARRAY, sub_type=T.UINT8)
    w.add_key_value("t.array.int32", [-1, 0, 7], T.ARRAY, sub_type=T.INT32)
    w.add_key_value("t.array.float32", [0.5, -2.0, 1e-6], T.ARRAY, sub_type=T.FLOAT32)
    w.add_key_value("t.array.bool", [True, False, True], T.ARRAY, sub_type=T.BOOL)
    w.add_key_value("t.array.uint64", [0, 2**63], T.ARRAY, sub_type=T.UINT64)
    w.add_key_value("t.array.nested", [[1, 2], [3]], T.ARRAY, sub_type=T.ARRAY)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)

    rng = np.random.default_rng(7)
    w.add_tensor("f32.vector", np.arange(10, dtype=np.float32))
    w.add_tensor("f16.matrix", (np.arange(24, dtype=np.float16) / 4).reshape(3, 8))
    w.add_tensor("q8_0.matrix", rng.integers(0, 256, size=(2, 34 * 2), dtype=np.uint8), raw_dtype=Q.Q8_0)
    w.add_tensor("q4_k.matrix", rng.integers(0, 256, size=(3, 144), dtype=np.uint8), raw_dtype=Q.Q4_K)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def value(field, part_index):
    """The value of a scalar part, as JSON can hold it."""
    return field.parts[part_index].tolist()[0] if field.types[-1] != T.STRING else str(bytes(field.parts[part_index]), "utf-8")


def plain(contents):
    """Nested lists of numpy scalars as plain Python values."""
    return [plain(c) for c in contents] if isinstance(contents, list) else getattr(contents, "item", lambda: contents)()


def describe(field) -> dict:
    entry = {"key": field.name, "type": field.types[0].name}
    if field.types[0] == T.ARRAY:
        entry["element_type"] = field.types[1].name
        if field.types[1] == T.ARRAY:
            # GGUFReader flattens nested arrays: keep the inner type and the values in order.
            entry["inner_element_type"] = field.types[2].name
            entry["value"] = plain(field.contents())
        else:
            entry["value"] = [value(field, i) for i in field.data]
    else:
        entry["value"] = value(field, field.data[0])
    return entry


def main() -> None:
    out = Path(sys.argv[1])
    path = out / "all_types.gguf"
    write(path)
    reader = gguf.GGUFReader(path)
    summary = {
        "version": int(reader.fields["GGUF.version"].contents()),
        "alignment": int(reader.alignment),
        "data_offset": int(reader.data_offset),
        "file_size": path.stat().st_size,
        "metadata": [describe(f) for k, f in reader.fields.items() if not k.startswith("GGUF.")],
        "tensors": [
            {
                "name": t.name,
                "type": int(t.tensor_type),
                "shape": [int(d) for d in t.shape],
                "element_count": int(t.n_elements),
                "byte_count": int(t.n_bytes),
                "offset": int(t.data_offset) - int(reader.data_offset),
                "data": bytes(t.data.view(np.uint8).reshape(-1)).hex(),
            }
            for t in reader.tensors
        ],
    }
    (out / "all_types.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

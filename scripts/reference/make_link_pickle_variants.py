#!/usr/bin/env python3
"""Makes torch.save-shaped checkpoints that exercise the parts of the format the shared fixtures do not:
pickle protocol 4 (FRAME, STACK_GLOBAL, MEMOIZE), an OrderedDict carrying `_metadata` (BUILD),
tensors sharing one storage at different offsets, `_rebuild_tensor` (v1), a zip whose central
directory uses ZIP64 extra fields, a non-contiguous tensor, and a hostile protocol-4 pickle.

Only the Python standard library is used (no torch): the pickles are written by Python's own
pickle module, naming the same globals and persistent ids torch.save writes, and every zip is read
back by Python's zipfile as a check. The tensor bytes are copied from Tests/Fixtures/links/adapter(math).pt,
so a correct reader gives exactly the floats of that file (and of inner_f32.safetensors: bf16-exact).

Command (from the repository root):
    python3 scripts/reference/make_link_pickle_variants.py Tests/Fixtures/links
"""
import collections
import io
import pickle
import struct
import sys
import types
import zipfile
import zlib
from pathlib import Path

# Stand-ins registered under torch's names so pickle refers to them by those names.
torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
sys.modules["torch"], sys.modules["torch._utils"] = torch, torch_utils


class BFloat16Storage:
    pass


BFloat16Storage.__module__ = "torch"
torch.BFloat16Storage = BFloat16Storage


def _rebuild_tensor_v2(*args):
    raise AssertionError("never called")


def _rebuild_tensor(*args):
    raise AssertionError("never called")


for function in (_rebuild_tensor_v2, _rebuild_tensor):
    function.__module__ = "torch._utils"
    setattr(torch_utils, function.__name__, function)


class Storage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class Tensor:
    def __init__(self, storage, offset, size, stride, v1=False):
        self.storage, self.offset, self.size, self.stride, self.v1 = storage, offset, size, stride, v1

    def __reduce__(self):
        if self.v1:
            return (_rebuild_tensor, (self.storage, self.offset, self.size, self.stride))
        return (_rebuild_tensor_v2, (self.storage, self.offset, self.size, self.stride, False, collections.OrderedDict()))


class CheckpointPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", BFloat16Storage, obj.key, "cpu", obj.numel)
        return None


def dumps(obj, protocol):
    buffer = io.BytesIO()
    CheckpointPickler(buffer, protocol=protocol).dump(obj)
    return buffer.getvalue()


def write_zip64(path, entries):
    """Stored entries; every central-directory size and offset is 0xFFFFFFFF with a ZIP64 extra field."""
    out = bytearray()
    directory = bytearray()
    for name, data in entries:
        name_bytes = name.encode()
        offset = len(out)
        crc = zlib.crc32(data)
        local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                           len(name_bytes), len(local_extra)) + name_bytes + local_extra + data
        extra = struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF,
                                 0xFFFFFFFF, len(name_bytes), len(extra), 0, 0, 0, 0, 0xFFFFFFFF) + name_bytes + extra
    directory_offset = len(out)
    out += directory
    record_offset = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(entries), len(entries),
                       len(directory), directory_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, record_offset, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    Path(path).write_bytes(out)


def write_plain_zip(path, entries):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            archive.writestr(name, data)


def main(directory):
    directory = Path(directory)
    with zipfile.ZipFile(directory / "adapter(math).pt") as source:
        raw = {str(i): source.read(f"adapter(math)/data/{i}") for i in range(8)}
    names = ["proj1.weight", "proj1.bias", "proj2.weight", "proj2.bias",
             "pre_ln.weight", "pre_ln.bias", "post_ln.weight", "post_ln.bias"]
    h = 64

    # Variant 1: protocol 4, OrderedDict with _metadata, pre_ln weight+bias in one storage, one v1 rebuild.
    storages = {name: Storage(str(i), len(raw[str(i)]) // 2) for i, name in enumerate(names)}
    shared = Storage("ln", 2 * h)
    state = collections.OrderedDict()
    for name in names:
        if name == "pre_ln.weight":
            state[name] = Tensor(shared, 0, (h,), (1,))
        elif name == "pre_ln.bias":
            state[name] = Tensor(shared, h, (h,), (1,))
        else:
            s = storages[name]
            size = (h, h) if name.endswith("weight") and name.startswith("proj") else (h,)
            stride = (h, 1) if len(size) == 2 else (1,)
            state[name] = Tensor(s, 0, size, stride, v1=(name == "post_ln.bias"))
    state._metadata = collections.OrderedDict([("", {"version": 1})])
    entries = [("variant/data.pkl", dumps(state, 4)), ("variant/byteorder", b"little")]
    for i, name in enumerate(names):
        if name.startswith("pre_ln"):
            continue
        entries.append((f"variant/data/{i}", raw[str(i)]))
    entries.append(("variant/data/ln", raw["4"] + raw["5"]))
    entries.append(("variant/version", b"3\n"))
    write_zip64(directory / "inner_bf16_p4_zip64.pt", entries)

    # Variant 2: proj1.weight seen through transposed strides: not contiguous.
    state = {name: Tensor(storages[name], 0, (h, h) if name in ("proj1.weight", "proj2.weight") else (h,),
                          ((1, h) if name == "proj1.weight" else (h, 1)) if name in ("proj1.weight", "proj2.weight") else (1,))
             for name in names}
    entries = [("transposed/data.pkl", dumps(state, 2))] + [(f"transposed/data/{i}", raw[str(i)]) for i in range(8)]
    write_plain_zip(directory / "inner_bf16_transposed.pt", entries)

    # Variant 3: protocol 4 pickle that asks to call builtins.eval.
    class Hostile:
        def __reduce__(self):
            return (eval, ("__import__('os').system('touch /tmp/pwned-by-pickle-eval')",))

    write_plain_zip(directory / "hostile_eval.pt", [("archive/data.pkl", dumps({"proj1.weight": Hostile()}, 4)),
                                                    ("archive/version", b"3\n")])

    for name in ("inner_bf16_p4_zip64.pt", "inner_bf16_transposed.pt", "hostile_eval.pt"):
        with zipfile.ZipFile(directory / name) as archive:
            assert archive.testzip() is None, name


if __name__ == "__main__":
    main(sys.argv[1])

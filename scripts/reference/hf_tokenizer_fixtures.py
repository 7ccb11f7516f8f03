#!/usr/bin/env python3
"""Reference tokenisations of the hf-tiny tokenizer.json files (Tests/Fixtures/hf-tiny) by Hugging Face
`tokenizers`, for the tokenizer.json loader.

Each variant is a hf-tiny tokenizer.json with some keys replaced ("set": dotted key -> JSON value) and tokens
appended to added_tokens ("add_tokens"), so the loader is checked on the pre-tokenizers, normalizers,
decoders and post-processors real checkpoints use (Llama 3 / Qwen2 Split regexes, SmolLM's Digits, Metaspace,
Llama 2's Prepend + Strip, unknown-token fusing) without shipping their large vocabularies. The Swift test
applies the same changes. For every text: ids with and without add_special_tokens, with special tokens parsed
(the default) and not (`encode_special_tokens = True`), and the decoded text of the first with and without
skip_special_tokens.

Command (from the repository root; tokenizers 0.23.3 was used):
    python3 scripts/reference/hf_tokenizer_fixtures.py > Tests/Fixtures/tokenizer/hf_tiny.json
"""
import copy
import json
import os
import sys

import tokenizers
from tokenizers import Tokenizer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gemma_tokenizer_fixtures import GEMMA_TEXTS  # noqa: E402
from tokenizer_fixtures import TEXTS as SHARED_TEXTS  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Fixtures")

LLAMA3_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
               r"|\s*[\r\n]+|\s+(?!\S)|\s+")
GPT2_REGEX = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"


def split(regex):
    return {"type": "Split", "pattern": {"Regex": regex}, "behavior": "Isolated", "invert": False}


BYTE_LEVEL_OFF = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}
BYTE_LEVEL_ON = dict(BYTE_LEVEL_OFF, use_regex=True)


def template(bos=None, eos=None, ids=None):
    single = ([{"SpecialToken": {"id": bos, "type_id": 0}}] if bos else []) + [{"Sequence": {"id": "A", "type_id": 0}}]
    single += [{"SpecialToken": {"id": eos, "type_id": 0}}] if eos else []
    pair = single + [{"Sequence": {"id": "B", "type_id": 1}}]
    special = {text: {"id": text, "ids": [ids[text]], "tokens": [text]} for text in (bos, eos) if text}
    return {"type": "TemplateProcessing", "single": single, "pair": pair, "special_tokens": special}


def metaspace(scheme, split_words):
    return {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": scheme, "split": split_words}


VARIANTS = [
    {"name": "byte-level", "base": "hf-tiny/llama", "set": {}},
    {"name": "llama3-split", "base": "hf-tiny/llama", "set": {
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [split(LLAMA3_REGEX), BYTE_LEVEL_OFF]},
        "model.ignore_merges": True,
        "post_processor": {"type": "Sequence", "processors": [
            {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
            template(bos="<|im_start|>", ids={"<|im_start|>": 1})]},
    }},
    {"name": "qwen2-split-nfc", "base": "hf-tiny/llama", "set": {
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [split(QWEN2_REGEX), BYTE_LEVEL_OFF]},
    }, "add_tokens": [
        {"id": 384, "content": "<think>", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": False},
        {"id": 385, "content": "</think>", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": False},
    ]},
    {"name": "gpt2-split-digits", "base": "hf-tiny/llama", "set": {
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Digits", "individual_digits": True}, BYTE_LEVEL_ON]},
        "post_processor": template(bos="<|endoftext|>", eos="<|im_end|>", ids={"<|endoftext|>": 0, "<|im_end|>": 2}),
    }},
    {"name": "gpt2-regex-split", "base": "hf-tiny/llama", "set": {
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [split(GPT2_REGEX), BYTE_LEVEL_OFF]},
    }},
    {"name": "sentencepiece", "base": "hf-tiny/gemma3", "set": {}},
    {"name": "metaspace-first", "base": "hf-tiny/gemma3", "set": {
        "normalizer": None,
        "pre_tokenizer": metaspace("first", False),
        "decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"}, metaspace("first", False)]},
        "post_processor": template(bos="<bos>", ids={"<bos>": 2}),
    }},
    {"name": "prepend-strip", "base": "hf-tiny/gemma3", "set": {
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": "\u2581"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "}, {"type": "ByteFallback"},
            {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
        "post_processor": template(bos="<bos>", eos="<eos>", ids={"<bos>": 2, "<eos>": 1}),
    }},
    {"name": "metaspace-split-unknown", "base": "hf-tiny/gemma3", "set": {
        "normalizer": None,
        "pre_tokenizer": metaspace("always", True),
        "decoder": metaspace("always", True),
        "model.byte_fallback": False,
        "model.fuse_unk": True,
    }},
]

EXTRA_TEXTS = [
    "<think>\nreasoning\n</think>\n\nanswer",
    "Question: what is 17 + 5? Step 1: add.",
    "The quick brown fox jumps over the lazy dog.",
    "unknown ☃ characters ☃☃ fused",
]

# The long texts of the shared list are left out: they only make the fixture large here.
TEXTS = [text for text in SHARED_TEXTS if len(text) < 200] + GEMMA_TEXTS + EXTRA_TEXTS


def patched(variant):
    with open(os.path.join(ROOT, variant["base"], "tokenizer.json"), encoding="utf-8") as file:
        data = json.load(file)
    for key, value in variant["set"].items():
        target = data
        *parents, last = key.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = copy.deepcopy(value)
    data["added_tokens"] += variant.get("add_tokens", [])
    return data


def record(variant):
    tokenizer = Tokenizer.from_str(json.dumps(patched(variant)))
    cases = []
    for text in TEXTS:
        tokenizer.encode_special_tokens = False
        ids = {
            "parse_special": tokenizer.encode(text, add_special_tokens=False).ids,
            "add_special_parse_special": tokenizer.encode(text, add_special_tokens=True).ids,
        }
        tokenizer.encode_special_tokens = True
        ids["plain"] = tokenizer.encode(text, add_special_tokens=False).ids
        ids["add_special"] = tokenizer.encode(text, add_special_tokens=True).ids
        full = ids["add_special_parse_special"]
        cases.append({
            "ids": ids,
            "decoded_skip_special": tokenizer.decode(full, skip_special_tokens=True),
            "decoded_keep_special": tokenizer.decode(full, skip_special_tokens=False),
        })
    return dict(variant, cases=cases)


def main():
    out = {"tokenizers": tokenizers.__version__, "texts": TEXTS, "variants": [record(v) for v in VARIANTS]}
    print(json.dumps(out, ensure_ascii=False, separators=(",", ":")))


if __name__ == "__main__":
    main()

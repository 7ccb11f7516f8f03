#!/usr/bin/env python3
"""Reference tokenisations of SmolLM2-135M-Instruct (Q4_1 GGUF, tokenizer.ggml.pre = "smollm") by llama.cpp.

Loads the vocabulary with llama-cpp-python (`Llama(model_path=..., vocab_only=True)`) and records, for
tricky strings, the token ids with and without add-special / parse-special, the detokenised text
(`llama_detokenize` with remove_special / unparse_special) and token pieces (`llama_token_to_piece`).
Besides the model's own settings, the same vocabulary is loaded with metadata overrides for the other
pre-tokenizers (llama-bpe, qwen2, gpt-2, default) and for add_bos / add_eos, so those code paths are
checked against llama.cpp too.

Command (from the repository root; llama-cpp-python 0.3.36 was used):
    python3 scripts/reference/tokenizer_fixtures.py \
        ~/.cache/mastui/models/SmolLM2-135M-Instruct.Q4_1.gguf > Tests/Fixtures/tokenizer/smollm2.json
"""
import ctypes
import json
import os
import sys

import llama_cpp
from llama_cpp import Llama

LONG_PROMPT = (
    "You are a careful assistant. Answer the question below step by step, and put the final answer "
    "in \\boxed{}.\n\nQuestion: A train leaves Zürich at 09:45 and travels 312.5 km at an average speed "
    "of 125 km/h; a second train leaves 20 minutes later from Genève (which is 278 km away) at 139 km/h. "
    "Which one arrives first, and by how many minutes? Don't forget: they're both late by 3–4 min!\n\n"
    "```python\ndef eta(distance_km: float, speed_kmh: float) -> float:\n    return 60.0 * distance_km / speed_kmh\n\n"
    "print(f\"{eta(312.5, 125):.1f} vs {eta(278, 139) + 20:.1f}\")\n```\n\n"
    "Notes — «quoted», “curly”, ‘single’; emoji 🚆🚄 and 👍🏽; CJK 列车时刻表; Русский: поезд; العربية: قطار.\n"
    "Tabs\tand  double  spaces,   triple   spaces;\r\nWindows line endings\r\nand trailing spaces   \n"
    "Numbers: 0, 7, 42, 1234, 98765, 3.14159, 6.022e23, -17, +1 (555) 010-9999, 1,000,000.00, ½ ¾ ² ³.\n"
    "Contractions: I'm, you're, he's, we've, they'll, she'd, can't, WON'T, Y'ALL'D'VE.\n"
) * 2

TEXTS = [
    "",
    " ",
    "Hello world",
    " Hello world",
    "Hello, world! How are you?",
    "   leading and trailing   ",
    "a  b   c    d",
    "line one\nline two\n\nline four\n",
    "\n\n\n",
    "\r\n windows \r\n",
    "\ttab\t\tdouble tab",
    "  \n  indented\n\tcode();",
    "123",
    "1234567890",
    "3.14159 + 2.71828 = 5.85987",
    "phone: +1 (555) 010-9999, 1,000,000.00",
    "I'm sure you're right, it's what we've said: they'll do what he'd want, don't you think?",
    "IT'S DON'T 'S 'T 'RE 'quoted' isn't",
    "!!!???... --- ***",
    "a...b---c__d",
    "café naïve résumé Ångström Øre",
    "e\u0301 and \u00e9",
    "中文字符测试，还有标点。",
    "日本語のテキストです。カタカナ",
    "한국어 텍스트",
    "Русский текст, да.",
    "Ελληνικά κείμενα",
    "مرحبا بالعالم",
    "हिन्दी पाठ",
    "emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇫🇷",
    "mixed: abc中文123😀!!ÅΩж",
    "«quotes» “curly” ‘single’ — dash … ellipsis",
    "$100 + €50 = ±©®™ → ∞",
    "nbsp\u00a0em\u2003ideo\u3000space",
    "zero\u200bwidth bom\ufeff",
    "ctrl \x00 \x1b \x7f chars",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
    "<|endoftext|>",
    "a<|im_end|>b",
    "<|im_start|><|im_end|><|im_start|>",
    "<|im_start",
    "<repo_name>x<reponame>y<file_sep>",
    "text <|endoftext|> more text",
    "```python\ndef f(x):\n    return x ** 2\n```",
    "https://example.com/path?q=1&r=2#frag",
    "snake_case camelCase PascalCase kebab-case SCREAMING_CASE",
    "    four spaces then text",
    "spaces before punctuation , . ! ? and ' quoted ' and he 's , we 're , I 'm , they 'll , don 't , 'd 've",
    "Hello   \n\n   world  \t\n",
    "ONE'S TWO'LL'VE three'Re",
    "x" * 300,
    " " * 100,
    LONG_PROMPT,
]

VARIANTS = [
    {},
    {"tokenizer.ggml.add_bos_token": True, "tokenizer.ggml.add_eos_token": True},
    {"tokenizer.ggml.pre": "llama-bpe"},
    {"tokenizer.ggml.pre": "qwen2"},
    {"tokenizer.ggml.pre": "gpt-2"},
    {"tokenizer.ggml.pre": "default"},
]


def detokenize(vocab, ids, remove_special, unparse_special):
    array = (llama_cpp.llama_token * max(len(ids), 1))(*ids)
    size = 64 + 64 * len(ids)
    buffer = ctypes.create_string_buffer(size)
    n = llama_cpp.llama_detokenize(vocab, array, len(ids), buffer, size, remove_special, unparse_special)
    assert 0 <= n <= size, n
    return buffer.raw[:n].decode("utf-8", errors="replace")


def piece(vocab, token, special):
    buffer = ctypes.create_string_buffer(256)
    n = llama_cpp.llama_token_to_piece(vocab, token, buffer, 256, 0, special)
    assert 0 <= n <= 256, n
    return buffer.raw[:n].hex()


def variant_record(model_path, overrides):
    llm = Llama(model_path=model_path, vocab_only=True, verbose=False, kv_overrides=overrides or None)
    vocab = llm._model.vocab
    cases = []
    for text in TEXTS:
        data = text.encode("utf-8")
        ids = {
            "plain": llm.tokenize(data, add_bos=False, special=False),
            "parse_special": llm.tokenize(data, add_bos=False, special=True),
            "add_special": llm.tokenize(data, add_bos=True, special=False),
            "add_special_parse_special": llm.tokenize(data, add_bos=True, special=True),
        }
        full = ids["add_special_parse_special"]
        cases.append({
            "ids": ids,
            "decoded_skip_special": detokenize(vocab, full, True, False),
            "decoded_keep_special": detokenize(vocab, full, False, True),
        })
    return {"overrides": overrides, "cases": cases}, llm  # cases[i] is TEXTS[i]


def main():
    model_path = os.path.expanduser(sys.argv[1])
    variants = []
    for overrides in VARIANTS:
        record, llm = variant_record(model_path, overrides)
        variants.append(record)
        if not overrides:
            vocab = llm._model.vocab
            sample = sorted(set(range(0, 400)) | set(range(400, llm.n_vocab(), 97)) | {llm.n_vocab() - 1})
            pieces = [{"id": token, "special": piece(vocab, token, True), "plain": piece(vocab, token, False)}
                      for token in sample]
            # As llama.cpp reads the vocabulary (its EOT is guessed from token texts, so it is left out).
            summary = {
                "tokens": llama_cpp.llama_vocab_n_tokens(vocab),
                "pre": llm.metadata["tokenizer.ggml.pre"],
                "bos": llama_cpp.llama_vocab_bos(vocab),
                "eos": llama_cpp.llama_vocab_eos(vocab),
                "pad": llama_cpp.llama_vocab_pad(vocab),
                "unknown": int(llm.metadata["tokenizer.ggml.unknown_token_id"]),
                "add_bos": llama_cpp.llama_vocab_get_add_bos(vocab),
                "add_eos": llama_cpp.llama_vocab_get_add_eos(vocab),
                "control": [token for token in range(llama_cpp.llama_vocab_n_tokens(vocab))
                            if llama_cpp.llama_vocab_is_control(vocab, token)],
            }
    out = {
        "model": os.path.basename(model_path),
        "model_bytes": os.path.getsize(model_path),
        "llama_cpp_python": llama_cpp.__version__,
        "vocabulary": summary,
        "texts": TEXTS,
        "variants": variants,
        "pieces": pieces,
    }
    print(json.dumps(out, ensure_ascii=False, separators=(",", ":")))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reference word splits for the byte-level BPE pre-tokenizers, made with the Python `regex` module.

Each pre-tokenizer is the chain of patterns llama.cpp runs for its `tokenizer.ggml.pre` name
(src/llama-vocab.cpp): every pattern splits each piece left by the previous one into its matches
and the unmatched text between them (which stays a piece too).

Command (from the repository root):
    python3 scripts/reference/pretokenizer_splits.py > Tests/Fixtures/tokenizer/pretokenizer_splits.json
"""
import json
import random

import regex

GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)"
LLAMA3 = r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2 = r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"

CHAINS = {
    "llama-bpe": [LLAMA3],
    "qwen2": [QWEN2],
    "gpt-2": [GPT2],
    "smollm": [r"\p{N}", GPT2],
    "default": [r"[\p{P}\$\+<=>\^~\|]+", GPT2, r"\p{N}+", r"[0-9][0-9][0-9]"],
}

HAND_PICKED = [
    "", " ", "  ", "\n", "\n\n", " \n ", "\r\n", "\t", "a", "Hello world",
    "Hello, world! How's it going? I'm fine; they're here, we've been, you'll see, he'd go.",
    "DON'T SHOUT. It'S fine 'Quoted' and 'sentences' isn't 'll 're",
    "   leading spaces", "trailing spaces   ", "mid   dle", "tab\there", "new\nline", "multi\n\n\nline",
    "  \n  indented\n\tcode();\n", "x = 1234567890 + 3.14159 - 42", "phone: +1 (555) 010-9999",
    "1,000,000.00 and 12345 and 7", "v2.0.1-beta+build.7", "abc123def456", "٣٤٥ and ²³ and ½ and Ⅻ",
    "café naïve résumé Ångström", "e\u0301 combining acute", "中文字符测试，还有标点。", "日本語のテキスト、カタカナ",
    "한국어 텍스트", "Русский текст, да.", "Ελληνικά κείμενα", "مرحبا بالعالم", "हिन्दी पाठ", "emoji 😀👍🏽 and 👨‍👩‍👧",
    "mixed: abc中文123😀!!", "!!!???...", "a...b---c", "«quotes» “curly” ‘single’ — dash … ellipsis",
    "<|im_start|>user\nhi<|im_end|>", "```python\ndef f(x):\n    return x ** 2\n```", "path/to/file.txt",
    "nbsp\u00a0here", "em\u2003space", "ideographic\u3000space", "next\u0085line", "line\u2028sep",
    "zero\u200bwidth", "bom\ufeffmark", "ctrl\x00\x1b\x7fchars", "private\ue000use", "$100 + €50 = ±©®™ → ∞",
    "'s", "'", "''", "' s", "x'S", "'ll've", "\r\r\n\n ", " ! ", " !\n\n", "a  b", "a \n b", "1 2  3   4",
]

POOL = (
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    + list("0123456789") * 2
    + [" "] * 12 + ["\t", "\n", "\n", "\r", "\x0b", "\x0c"]
    + list("!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~") + ["'"] * 6
    + list("sStTmMdD") + ["re", "RE", "ve", "ll", "LL"]
    + list("éñüÅçøßæ") + ["\u0301", "\u0308", "\u093f"]
    + list("中文字日本語カタひらがな한국어") + list("Русскийαβγ") + list("مرحباहिन्दी")
    + ["😀", "👍", "🏽", "\u200d", "🇫🇷"]
    + list("٣²½Ⅻ௰")
    + ["\u00a0", "\u2003", "\u3000", "\u0085", "\u2028", "\u1680"]
    + list("“”‘’—…«»「」、。，") + list("€©±→∞¬")
    + ["\x00", "\x1b", "\x7f", "\u200b", "\ufeff", "\ue000"]
)


def split(chain, text):
    pieces = [text] if text else []
    for pattern in chain:
        compiled = regex.compile(pattern)
        finer = []
        for piece in pieces:
            start = 0
            for match in compiled.finditer(piece):
                if match.start() > start:
                    finer.append(piece[start:match.start()])
                finer.append(match.group())
                start = match.end()
            if start < len(piece):
                finer.append(piece[start:])
        pieces = finer
    return pieces


def main():
    rng = random.Random(20261125)
    texts = list(HAND_PICKED)
    for _ in range(300):
        texts.append("".join(rng.choice(POOL) for _ in range(rng.randint(1, 40))))
    cases = [{"text": text, "splits": {name: split(chain, text) for name, chain in CHAINS.items()}}
             for text in texts]
    header = json.dumps({"regex_version": regex.__version__, "patterns": CHAINS})
    lines = ",\n".join(json.dumps(case, ensure_ascii=False) for case in cases)
    print(header[:-1] + ', "cases": [\n' + lines + "\n]}")


if __name__ == "__main__":
    main()

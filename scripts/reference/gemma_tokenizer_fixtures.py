#!/usr/bin/env python3
"""Reference tokenisations of Gemma 3 270M (Q4_K_M GGUF, tokenizer.ggml.model = "llama", SentencePiece BPE
with scores) by llama.cpp.

Loads the vocabulary with llama-cpp-python (`Llama(model_path=..., vocab_only=True)`) and records, for tricky
strings (those of tokenizer_fixtures.py plus Gemma's own control and user-defined tokens), the token ids with
and without add-special / parse-special, the detokenised text (`llama_detokenize` with remove_special /
unparse_special) and token pieces (`llama_token_to_piece`). Besides the model's own settings, the vocabulary is
loaded with metadata overrides for add_space_prefix and for add_bos / add_eos, so those paths are checked too.

Command (from the repository root; llama-cpp-python 0.3.36 was used):
    python3 scripts/reference/gemma_tokenizer_fixtures.py \
        ~/.cache/mastui/models/gemma-3-270m-q4_k_m.gguf > Tests/Fixtures/tokenizer/gemma3.json
"""
import json
import os
import sys

import llama_cpp
from llama_cpp import Llama

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tokenizer_fixtures import TEXTS as SHARED_TEXTS, detokenize, piece  # noqa: E402

GEMMA_TEXTS = [
    "<start_of_turn>user\nWhat is 17 + 5?<end_of_turn>\n<start_of_turn>model\n",
    "<bos><start_of_turn>user\nHi<end_of_turn>",
    "<bos>",
    "<eos> after",
    "a<start_of_turn>b",
    "<start_of_turn",
    "<unused0> and <unused41>",
    "<mask><pad><unk>",
    "[multimodal] image",
    "<div><span>html</span></div>",
    "line\n\n\n\nbreaks\n\n",
    "indent          ten spaces",
    "<0x41> is not a byte",
    "\u2581 lower one eighth block \u2581\u2581",
    "Hello\u2581world",
    " leading space",
    "trailing space ",
    "tab\tseparated\tvalues",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕸𝖆𝖙𝖍 \U0001F9EC\U0001FAE0 \U000E0041",
    "\ud7ff\ue000\uffff",
]

TEXTS = SHARED_TEXTS + GEMMA_TEXTS

VARIANTS = [
    {},
    {"tokenizer.ggml.add_space_prefix": True},
    {"tokenizer.ggml.add_bos_token": False, "tokenizer.ggml.add_eos_token": True},
]


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
            "decoded_plain_skip_special": detokenize(vocab, ids["plain"], True, False),
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
            n_vocab = llm.n_vocab()
            sample = sorted(set(range(0, 600)) | set(range(600, n_vocab, 211)) | {n_vocab - 1})
            pieces = [{"id": token, "special": piece(vocab, token, True), "plain": piece(vocab, token, False)}
                      for token in sample]
            summary = {
                "tokens": llama_cpp.llama_vocab_n_tokens(vocab),
                "bos": llama_cpp.llama_vocab_bos(vocab),
                "eos": llama_cpp.llama_vocab_eos(vocab),
                "pad": llama_cpp.llama_vocab_pad(vocab),
                "unknown": int(llm.metadata["tokenizer.ggml.unknown_token_id"]),
                "add_bos": llama_cpp.llama_vocab_get_add_bos(vocab),
                "add_eos": llama_cpp.llama_vocab_get_add_eos(vocab),
                "control": [token for token in range(n_vocab) if llama_cpp.llama_vocab_is_control(vocab, token)],
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

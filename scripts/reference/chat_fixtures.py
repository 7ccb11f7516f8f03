#!/usr/bin/env python3
"""Reference renderings of real chat templates, for Tests/MASKitTests/ChatTemplateTests.swift.

Command (from the repository root; needs `pip install jinja2 gguf` and the default models installed):
    python3 scripts/reference/chat_fixtures.py

Templates rendered:
  - gguf.json:    tokenizer.chat_template of the default GGUF models (~/.cache/mastui/models or $MASTUI_MODELS);
                  a model without one is recorded with template null (the Swift side falls back to ChatML + warning).
  - hf-tiny.json: chat_template.jinja of every folder in /work/shared/fixtures/hf-tiny (or $HF_TINY).
  - public.json:  the public templates in scripts/reference/chat_templates_public.json (text + provenance; Llama 3,
                  Llama 3.1/3.2, Mistral v1/v3/v3-tekken/v7, Gemma, Phi-3, Qwen, DeepSeek, Command-R, ...).

Rendering follows Hugging Face transformers' apply_chat_template(tokenize=False): a sandboxed Jinja2 environment with
trim_blocks, lstrip_blocks and the loopcontrols extension, raise_exception and strftime_now globals, and bos_token /
eos_token set to the model's special-token texts. The leading BOS text is kept when the template writes it (this is
what the RecursiveMAS reference tokenises, with add_special_tokens=False); a caller whose tokenizer adds BOS itself
(llama.cpp style) strips it (ChatRenderOptions.includeLeadingBOS = false).
strftime_now is pinned to TODAY below so templates that print today's date (Llama 3.2) are reproducible; the Swift
test passes the same date.
"""
import datetime
import json
import os
import pathlib
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "chat"
MODELS = pathlib.Path(os.environ.get("MASTUI_MODELS", pathlib.Path.home() / ".cache" / "mastui" / "models"))
HF_TINY = pathlib.Path(os.environ.get("HF_TINY", "/work/shared/fixtures/hf-tiny"))
TODAY = datetime.datetime(2025, 11, 25, 12, 0, 0)

SYSTEM = {"role": "system", "content": "You are a helpful assistant."}
MESSAGE_SETS = {
    "single_user": [{"role": "user", "content": "Hello"}],
    "system_user": [SYSTEM, {"role": "user", "content": "What is 2+2?"}],
    # llama.cpp's test conversation: leading/trailing spaces show which templates trim.
    "multi_turn_system": [
        {"role": "system", "content": "You are a helpful assistant"},
        {"role": "user", "content": "Hello"},
        {"role": "assistant", "content": "Hi there"},
        {"role": "user", "content": "Who are you"},
        {"role": "assistant", "content": "   I am an assistant   "},
        {"role": "user", "content": "Another question"},
    ],
    "multi_turn": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": " Hello! How can I help? "},
        {"role": "user", "content": "Tell me a joke.\n"},
    ],
}


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: TODAY.strftime(fmt)
    return env


def render_cases(template, bos, eos):
    compiled = environment().from_string(template)
    thinking_switch = "enable_thinking" in template
    cases = []
    for name, messages in MESSAGE_SETS.items():
        variants = [(True, None)]
        if name == "multi_turn_system":
            variants.append((False, None))
        if thinking_switch:
            variants.append((True, False))
        for add_generation_prompt, enable_thinking in variants:
            context = {"messages": messages, "add_generation_prompt": add_generation_prompt,
                       "bos_token": bos, "eos_token": eos}
            if enable_thinking is not None:
                context["enable_thinking"] = enable_thinking
            case = {"messages_name": name, "messages": messages, "add_generation_prompt": add_generation_prompt,
                    "enable_thinking": enable_thinking}
            try:
                case["expected"] = compiled.render(**context)
            except jinja2.exceptions.TemplateError as error:
                case["error"] = str(error)
            cases.append(case)
    return cases


def entry(name, source, template, bos, eos):
    item = {"name": name, "source": source, "template": template, "bos_token": bos, "eos_token": eos,
            "today": TODAY.strftime("%Y-%m-%d")}
    item["cases"] = render_cases(template, bos, eos) if template is not None else []
    return item


def gguf_entries():
    import gguf

    entries = []
    for file in ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]:
        reader = gguf.GGUFReader(str(MODELS / file))

        def value(key):
            field = reader.fields.get(key)
            return None if field is None else field.contents()

        tokens = reader.fields["tokenizer.ggml.tokens"]
        bos_id, eos_id = value("tokenizer.ggml.bos_token_id"), value("tokenizer.ggml.eos_token_id")
        bos = tokens.contents(bos_id) if bos_id is not None else ""
        eos = tokens.contents(eos_id) if eos_id is not None else ""
        entries.append(entry(file, f"tokenizer.chat_template of {file}", value("tokenizer.chat_template"), bos, eos))
    return entries


def hf_tiny_entries():
    entries = []
    for folder in sorted(p for p in HF_TINY.iterdir() if (p / "chat_template.jinja").exists()):
        config = json.loads((folder / "tokenizer_config.json").read_text())
        template = (folder / "chat_template.jinja").read_text()
        entries.append(entry(f"hf-tiny/{folder.name}", f"{folder}/chat_template.jinja", template,
                             config.get("bos_token") or "", config.get("eos_token") or ""))
    return entries


def public_entries():
    public = json.loads((ROOT / "scripts" / "reference" / "chat_templates_public.json").read_text())
    return [entry(p["name"], p["source"], p["template"], p["bos_token"], p["eos_token"]) for p in public]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for file, entries in [("gguf.json", gguf_entries()), ("hf-tiny.json", hf_tiny_entries()),
                          ("public.json", public_entries())]:
        (OUT / file).write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
        print(f"{file}: {len(entries)} templates, {sum(len(e['cases']) for e in entries)} renderings", file=sys.stderr)


if __name__ == "__main__":
    main()

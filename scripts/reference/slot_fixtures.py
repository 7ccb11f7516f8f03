#!/usr/bin/env python3
"""Reference slot splitting (RecursiveMAS `split_prompt_ids_by_slots`, spec §2.4), for SlotPromptTests.swift.

Command (from the repository root; needs `pip install jinja2 gguf` and the default models installed):
    python3 scripts/reference/slot_fixtures.py

For each default GGUF model's own chat template (rendered with Jinja2 as Hugging Face's
apply_chat_template(tokenize=False, add_generation_prompt=True) does, see chat_fixtures.py), and for a few
user prompts holding slot markers on their own lines, records the rendered text and the text segments the
reference cuts it into: for each marker in order, its first occurrence at or after the cursor ends a segment.
The Gemma 3 GGUF carries no chat template; it is rendered with the public google/gemma-3-4b-it template
(chat_templates_public.json), which is what a style's `chat_template = "gemma"` stands for.
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import chat_fixtures  # noqa: E402

OUT = chat_fixtures.ROOT / "Tests" / "Fixtures" / "recursion" / "slots.json"
SYSTEM = "You are a helpful assistant."
PROMPTS = [
    ("no_slot", "Plan the question below.\nQuestion:\nWhat is 3 + 4?", []),
    ("one_slot", "You refine plans.\nInitial Plan:\n<<LATENT_PLANNER_SLOT>>\nQuestion:\nWhat is 3 + 4?",
     ["<<LATENT_PLANNER_SLOT>>"]),
    ("three_slots", "Math expert signal:\n<<HIE_MATH_EXPERT_SLOT>>\nCode expert signal:\n<<HIE_CODE_EXPERT_SLOT>>\n"
     "Science expert signal:\n<<HIE_SCIENCE_EXPERT_SLOT>>\n---\nSolve: 2 × 21 = ?",
     ["<<HIE_MATH_EXPERT_SLOT>>", "<<HIE_CODE_EXPERT_SLOT>>", "<<HIE_SCIENCE_EXPERT_SLOT>>"]),
    ("slot_first", "<<LATENT_FEEDBACK_SLOT>>\nUse the feedback.", ["<<LATENT_FEEDBACK_SLOT>>"]),
    ("repeated_marker", "A:\n<<X_SLOT>>\nB:\n<<X_SLOT>>\nend", ["<<X_SLOT>>", "<<X_SLOT>>"]),
]


def split(text, markers):
    segments, cursor = [], 0
    for marker in markers:
        index = text.find(marker, cursor)
        if index < 0:
            raise ValueError(f"Failed to locate slot {marker}")
        segments.append(text[cursor:index])
        cursor = index + len(marker)
    segments.append(text[cursor:])
    return segments


def main():
    entries = []
    public = json.loads((chat_fixtures.ROOT / "scripts" / "reference" / "chat_templates_public.json").read_text())
    gemma3 = next(p["template"] for p in public if p["name"] == "google/gemma-3-4b-it")
    for model in chat_fixtures.gguf_entries():
        compiled = chat_fixtures.environment().from_string(model["template"] or gemma3)
        for name, prompt, markers in PROMPTS:
            messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}]
            text = compiled.render(messages=messages, add_generation_prompt=True,
                                   bos_token=model["bos_token"], eos_token=model["eos_token"])
            entries.append({"model": model["name"], "template": "gguf" if model["template"] else "gemma", "case": name, "system": SYSTEM, "user": prompt,
                            "markers": markers, "rendered": text, "segments": split(text, markers)})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
    print(f"{OUT}: {len(entries)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Shared facts for the reference scripts: where the default models live, their prompts, file hashing.

The models directory follows the app: $MASTUI_MODELS, else ~/.cache/mastui/models.
"""
import hashlib
import json
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "Tests" / "Fixtures"

MODEL_FILES = {
    "smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3": "gemma-3-270m-q4_k_m.gguf",
}

_SHARED_PROMPTS = [
    ("plain_english",
     "The quick brown fox jumps over the lazy dog. Once upon a time, in a small village by the sea,"),
    ("math_word_problem",
     "Question: Tom has 3 boxes with 12 apples in each box. He gives away 7 apples. "
     "How many apples does he have left?\nAnswer:"),
    ("code",
     "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n    if n < 2:\n        return n\n"),
    ("unicode_cjk_emoji",
     "Café naïve – 東京は日本の首都です。 😀🚀 Привет, мир! ∑x² ≤ ∞"),
]

# Each model's own chat markup; BOS is not written here because the tokenizer adds it when the
# model's metadata asks for it (gemma3: yes, smollm2: no).
_CHAT_PROMPTS = {
    "smollm2": "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
               "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
    "gemma3": "<start_of_turn>user\nWhat is the capital of France?<end_of_turn>\n<start_of_turn>model\n",
}

_LONG_PARAGRAPH = (
    "The history of computing is a story of layered abstractions. Early machines were programmed by "
    "physically rewiring circuits, a slow and error-prone process. Stored-program computers changed this "
    "by keeping instructions in memory alongside data, which made software possible. Assembly languages "
    "gave names to machine instructions, and compilers later translated high-level languages such as "
    "FORTRAN and C into efficient machine code. Today, interpreters, virtual machines and neural networks "
    "add further layers, yet every program still ends as a sequence of simple operations on bits."
)


def prompts_for(model_key):
    """The named prompts used for `model_key`, in fixture order."""
    return _SHARED_PROMPTS + [("chat_template", _CHAT_PROMPTS[model_key]), ("long_paragraph", _LONG_PARAGRAPH)]


def models_dir():
    env = os.environ.get("MASTUI_MODELS")
    return Path(env) if env else Path.home() / ".cache" / "mastui" / "models"


def model_path(model_key):
    return models_dir() / MODEL_FILES[model_key]


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def rounded(values, digits=6):
    """Floats rounded to `digits` significant digits, to keep fixtures small and diffable."""
    return [float(f"{float(v):.{digits}g}") for v in values]


def write_json(path, payload):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(text)} bytes)")

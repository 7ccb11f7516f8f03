#!/usr/bin/env python3
"""Reference values for the deliberation tools (Tests/Fixtures/tools/tool_protocol.json).

Made with:  pip install bm25s==0.3.16 && python3 scripts/reference/tool_fixtures.py

- Tool-call detection: the reference's TOOL_RE / UNCLOSED_TOOL_RE (inference_mas_deliberation.py)
  applied by a decode loop whose stop check works, i.e. checked after every piece of text; each
  call is answered with a fixed result. Texts are split into pieces by a seeded RNG.
- Result capping: the reference's truncate_result.
- Python results: the reference's run_python_tool formatting, run on small snippets.
- Search results: the reference's Tavily formatting applied to a reply (served by the tests).
- BM25: bm25s (method="lucene", k1=1.5, b=0.75) scores on a small corpus.
"""
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import bm25s

TOOL_RE = re.compile(r"<(python|search)>\s*(.*?)\s*</\1>", re.DOTALL | re.IGNORECASE)
UNCLOSED_TOOL_RE = re.compile(r"<(python|search)>(?!.*</\1>)", re.DOTALL | re.IGNORECASE)


def truncate_result(text, max_chars):
    text = text.replace("</result>", "< /result>")
    if len(text) <= max_chars:
        return text
    omitted = len(text) - max_chars
    return f"{text[:max_chars]}\n... [truncated {omitted} chars]"


def decode_loop(pieces):
    """Feeds pieces; after each, the first call at/after the cursor is cut out and answered."""
    text, cursor, calls = "", 0, []
    for piece in pieces:
        text += piece
        match = TOOL_RE.search(text, cursor)
        if match:
            calls.append({"tool": match.group(1).lower(), "arguments": match.group(2).strip()})
            text = text[: match.end()] + f" <result> R{len(calls)} </result>"
            cursor = len(text)
    return {"calls": calls, "text": text, "unclosed": UNCLOSED_TOOL_RE.search(text, cursor) is not None}


def split(text, rng):
    pieces, i = [], 0
    while i < len(text):
        n = rng.randint(1, 6)
        pieces.append(text[i : i + n])
        i += n
    return pieces


HAND_WRITTEN = [
    "Let me compute. <python>print(17+5)</python> The answer is 22.",
    "<PYTHON>\n  x = 3\n  print(x*x)\n</Python> then <search> capital of France </SEARCH> done",
    "<search>a</search><search>b</search><python>c</python>",
    "<search> q <python> 1+1 </python> tail </search>",
    "<python> a <python> b </python>",
    "</python> stray close, then <python>ok()</python>",
    "<python>never closed ... print(1)",
    "<search>unclosed</python> and <python>x</search>",
    "< python>not a tag</python> <python >nor this</python>",
    "<python></python><search>   </search>",
    "text with a hallucinated result <python>1</python> <result> 99 </result> more",
    "unicode: <search>café über 東京 \u00a0naïve\u2003</search> ✓",
    "<python>print('</result>')</python>",
    "<Search>mixed</sEaRcH><pYtHoN>print(2)</PyThOn>",
    "no calls at all, just <b>html</b> and <result>",
    "<python>" + "x" * 200 + "</python>",
]

FRAGMENTS = ["<python>", "</python>", "<search>", "</search>", "<PYTHON>", "</Search>", "<", "/", ">",
             "py", "thon", " ", "\n", "a", "é", "东", "print(1)", "</", "<result>", "</result>", "\u00a0"]


def detection_cases():
    rng = random.Random(20260517)
    texts = list(HAND_WRITTEN)
    for _ in range(60):
        texts.append("".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(3, 30))))
    cases = []
    for text in texts:
        for pieces in ([text], split(text, rng), split(text, rng), list(text)):
            cases.append({"pieces": pieces, **decode_loop(pieces)})
    return cases


def python_result(code, timeout=10.0, max_chars=6000):
    """The reference's run_python_tool result text, for snippets whose output has no file paths."""
    completed = subprocess.run([sys.executable, "-c", code], text=True, capture_output=True, timeout=timeout)
    pieces = []
    if completed.stdout:
        pieces.append(completed.stdout.rstrip())
    if completed.stderr:
        pieces.append("[stderr]\n" + completed.stderr.rstrip())
    if completed.returncode != 0:
        pieces.append(f"[exit_code] {completed.returncode}")
    return truncate_result("\n".join(pieces).strip() or "[no output]", max_chars)


PYTHON_SNIPPETS = [
    "print(17 + 5)",
    "print(math.factorial(20), fractions.Fraction(3, 12), statistics.mean([1, 2, 3, 4]))",
    "print('out   \\n\\n'); import sys; print('err  ', file=sys.stderr); sys.exit(3)",
    "pass",
    "import sys; sys.exit(0)",
    "print('é' * 7000)",
    "print('<result> x </result>')",
    "print(list(itertools.permutations([1, 2, 3]))[:3], functools.reduce(lambda a, b: a * b, range(1, 6)))",
]
PRELUDE = "import math\nimport itertools\nimport functools\nimport fractions\nimport statistics\n"


def search_reply():
    long_content = "  The   speed of light\n\nin vacuum is " + "exactly 299,792,458 m/s. " * 30
    return {
        "query": "speed of light",
        "results": [
            {"title": " Speed of light ", "url": "https://example.org/light", "content": long_content, "score": 0.9},
            {"title": "No URL here", "content": "short\tcontent\nwith   spaces"},
            {"title": "Empty content", "url": "https://example.org/empty", "content": ""},
            {"title": 42, "url": None, "content": "a numeric title"},
            {"title": "Fifth, not shown", "url": "https://example.org/5", "content": "hidden"},
        ],
    }


def search_text(query, response):
    lines = [f"Query: {query}"]
    results = response.get("results") or []
    if results:
        lines.append("Results:")
    for idx, item in enumerate(results[:4], start=1):
        title = str(item.get("title") or "").strip()
        url = str(item.get("url") or "").strip()
        content = re.sub(r"\s+", " ", str(item.get("content") or "").strip()).strip()
        if len(content) > 320:
            content = content[:320].rstrip() + " ..."
        lines.append(f"[{idx}] {title}")
        if url:
            lines.append(f"URL: {url}")
        if content:
            lines.append(content)
    if not results:
        lines.append("[no search results]")
    return truncate_result("\n".join(lines), 6000)


BM25_DOCUMENTS = [
    "The speed of light in vacuum is exactly 299792458 metres per second.",
    "Light travels from the Sun to the Earth in about eight minutes.",
    "Water boils at 100 degrees Celsius at standard pressure; water freezes at 0 degrees.",
    "A prime number has exactly two divisors: one and itself. The first prime is 2.",
    "The Moon orbits the Earth every 27.3 days; the phases of the Moon repeat every 29.5 days.",
    "Euler's number e is the base of the natural logarithm, about 2.718.",
    "Café culture in Zürich: coffee, light meals and long conversations.",
    "Speed limits on roads are given in kilometres per hour in most countries.",
]
BM25_QUERIES = [
    "speed of light",
    "how long does light take from the sun to the earth",
    "water boiling point celsius",
    "prime number divisors",
    "moon moon phases",
    "café zürich",
    "quantum chromodynamics",
]


def terms(text):
    return re.findall(r"[^\W_]+", text.lower())


def bm25_cases():
    corpus = [terms(d) for d in BM25_DOCUMENTS]
    retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    retriever.index(corpus, show_progress=False)
    return {
        "documents": BM25_DOCUMENTS,
        "terms": corpus,
        "queries": [
            {"query": q, "terms": terms(q), "scores": [float(s) for s in retriever.get_scores(terms(q))]}
            for q in BM25_QUERIES
        ],
    }


def main():
    truncation = []
    for text, limit in [("short", 6000), ("x" * 6010, 6000), ("é東" * 20, 25), ("a</result>b" * 3, 12),
                        ("</result>", 6000), ("abc", 0)]:
        truncation.append({"text": text, "max": limit, "expected": truncate_result(text, limit)})
    reply = search_reply()
    fixture = {
        "detection": detection_cases(),
        "truncation": truncation,
        "python": [{"code": code, "expected": python_result(PRELUDE + code)} for code in PYTHON_SNIPPETS],
        "search": {"query": reply["query"], "reply": reply, "expected": search_text(reply["query"], reply),
                   "empty_expected": search_text("nothing", {"results": []})},
        "bm25": bm25_cases(),
    }
    out = Path(__file__).resolve().parents[2] / "Tests/Fixtures/tools/tool_protocol.json"
    out.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(fixture['detection'])} detection cases)")


if __name__ == "__main__":
    main()

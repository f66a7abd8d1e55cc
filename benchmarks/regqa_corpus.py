"""Corpora and question sets for the regqa benchmarks and the realdata quality-floor tests.

The egov-laws-md Markdown is chunked by ``yorozu_core.regulations.egov_markdown`` when that module
exists; until then a minimal chunker here follows the format notes in
``../shared/data/egov-laws-md/SOURCE.md`` (spurious anchors skipped, 附則 detected by the first
repeated article label, Markdown links unwrapped). One chunk per article.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from yorozu_core.retrieval.evaluate import EvalQuestion, GoldRef
from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.normalize import article_ref_to_arabic, normalize_article_label

REPO = Path(__file__).resolve().parent.parent
LAWQA_SOURCES = {
    "金融商品取引法": "323AC0000000025",
    "金融商品取引法施行令": "340CO0000000321",
    "借地借家法": "403AC0000000090",
    "医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律": "335AC0000000145",
}


def shared_data() -> Path:
    """``$YOROZU_SHARED_DATA`` or ``<repo>/../shared/data``."""
    return Path(os.environ.get("YOROZU_SHARED_DATA", REPO.parent / "shared" / "data"))


def law_files() -> list[Path]:
    return sorted((shared_data() / "egov-laws-md").glob("*/*.md"))


# --- egov-laws-md ----------------------------------------------------------------------------

_ANCHOR = re.compile(r'^<a id="([^"]+)"></a>$')
_HEADING = re.compile(r"^\*\*(第[^*]+)\*\*(.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NUMBER = re.compile(r"^\*（(.+)）\*$")
# 「**第二十七条の三十二**の二」: the converter cut a branch number outside the bold; still a heading
_BRANCH_TAIL = re.compile(r"^(?:の[〇一二三四五六七八九十百千]+)+$")


def parse_markdown(text: str, source: str) -> list[Chunk]:
    """Use the parser engineer's chunker when it has landed, else the minimal one below."""
    try:
        from yorozu_core.regulations.egov_markdown import parse_egov_markdown
    except ImportError:
        return _minimal_parse(text, source)
    return parse_egov_markdown(text, source)


@dataclass
class _Article:
    label: str
    supplementary: bool
    lines: list[str]


def _minimal_parse(text: str, source: str) -> list[Chunk]:
    lines = text.splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), source)
    number = next((m[1] for ln in lines[:10] if (m := _NUMBER.match(ln.strip()))), "")
    articles = list(_articles(lines))
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for art in articles:
        key = ("[附則]" if art.supplementary else "") + art.label
        seen[key] = seen.get(key, 0) + 1
        suffix = f"~{seen[key]}" if seen[key] > 1 else ""
        body = "\n".join(_LINK.sub(r"\1", ln) for ln in art.lines).strip()
        chunks.append(
            Chunk(
                chunk_id=f"{source}#{key}{suffix}",
                source=source,
                regulation_title=title,
                regulation_number=number,
                article=art.label,
                article_caption="",
                paragraph=None,
                chapter_path=(),
                supplementary=art.supplementary,
                text=body,
            )
        )
    return chunks


def _articles(lines: list[str]) -> Iterator[_Article]:
    """Real headings are anchor + bold label lines whose article numbers increase (see
    :func:`_real_headings`); everything else is body text. A repeated 第一条 starts a 附則 block."""
    real = _real_headings(lines)
    current: _Article | None = None
    supplementary = False
    i = 0
    while i < len(lines):
        if i in real:
            label = real[i]
            if label == "第一条" and current is not None:
                supplementary = True
            if current:
                yield current
            current = _Article(label, supplementary, [])
            i += 2
            continue
        line = lines[i].strip()
        if current and line and not _ANCHOR.match(line):
            current.lines.append(heading[1] + heading[2] if (heading := _HEADING.match(line)) else line)
        i += 1
    if current:
        yield current


def _candidates(lines: list[str]) -> list[tuple[int, str, tuple[int, ...]]]:
    out = []
    for i in range(len(lines) - 1):
        heading = _HEADING.match(lines[i + 1].strip()) if _ANCHOR.match(lines[i].strip()) else None
        if heading and (not heading[2].strip() or _BRANCH_TAIL.match(heading[2].strip())):
            label = heading[1] + heading[2].strip()
            out.append((i, label, _article_key(label)))
    return out


def _real_headings(lines: list[str]) -> dict[int, str]:
    """Line index → label of the real headings: numbers increase (a repeated 第一条 restarts the
    count for 附則), and a jump of more than ``_MAX_JUMP`` articles is rejected when the
    sequence continues from the current article further down (a table cell 「第二十七条の四」
    inside 第十四条 is not a heading; 労基法 第四十二条 → 第五十六条 after deleted articles is)."""
    cands = _candidates(lines)
    real: dict[int, str] = {}
    last: tuple[int, ...] = ()
    for n, (i, label, key) in enumerate(cands):
        if key == (1,) and last:
            last = ()
        if last and (key <= last or (key[0] > last[0] + _MAX_JUMP and _continues(cands[n + 1 :], last))):
            continue
        real[i] = label
        last = key
    return real


def _continues(rest: list[tuple[int, str, tuple[int, ...]]], last: tuple[int, ...]) -> bool:
    for _, _, key in rest:
        if key == (1,):
            return False
        if last < key and key[0] <= last[0] + _MAX_JUMP:
            return True
    return False


_MAX_JUMP = 10  # a table cell 「第百条」 inside 第六条 is not the next article


def _article_key(label: str) -> tuple[int, ...]:
    """「第二十七条の三十二の二」 → (27, 32, 2); unreadable labels sort first."""
    try:
        return tuple(int(x) for x in article_ref_to_arabic(label).strip("第").replace("条", "").split("の"))
    except ValueError:
        return ()


def load_laws(sources: set[str] | None = None) -> list[Chunk]:
    """All chunks of the egov-laws-md corpus (or of the named file stems only)."""
    chunks: list[Chunk] = []
    for path in law_files():
        if sources is None or path.stem in sources:
            chunks.extend(parse_markdown(path.read_text(encoding="utf-8"), path.stem))
    return chunks


# --- lawqa_jp --------------------------------------------------------------------------------


def lawqa_questions(with_choices: bool = False) -> list[EvalQuestion]:
    """The lawqa_jp questions whose gold (law, 第N条) lies in the four laws of egov-laws-md."""
    samples = json.loads((shared_data() / "lawqa-jp" / "selection.json").read_text(encoding="utf-8"))[
        "samples"
    ]
    out: list[EvalQuestion] = []
    for s in samples:
        gold = _lawqa_gold(s["コンテキスト"])
        if not gold:
            continue
        question = s["問題文"] + ("\n" + s["選択肢"] if with_choices else "")
        out.append(EvalQuestion(id=s["ファイル名"], question=question, gold=tuple(gold)))
    return out


def _lawqa_gold(context: str) -> list[GoldRef]:
    gold: list[GoldRef] = []
    law = ""
    for line in context.splitlines():
        if line.startswith("## "):
            law = line[3:].strip()
        elif line.startswith("### ") and law in LAWQA_SOURCES and line[4:].strip().startswith("第"):
            ref = GoldRef(LAWQA_SOURCES[law], normalize_article_label(line[4:].strip()))
            if ref not in gold:
                gold.append(ref)
    return gold


# --- JSQuAD ----------------------------------------------------------------------------------


def jsquad(split: str = "valid") -> tuple[list[Chunk], list[EvalQuestion]]:
    """Paragraphs of JSQuAD as chunks (source = "jsquad", article = paragraph number) and one
    question per QA pair whose gold is its paragraph."""
    data = json.loads((shared_data() / "jsquad" / f"{split}-v1.3.json").read_text(encoding="utf-8"))["data"]
    chunks: list[Chunk] = []
    questions: list[EvalQuestion] = []
    ids: dict[str, str] = {}
    for article in data:
        for para in article["paragraphs"]:
            ctx = para["context"]
            if ctx not in ids:
                ids[ctx] = f"p{len(ids)}"
                title, _, body = ctx.partition(" [SEP] ")
                chunks.append(_jsquad_chunk(ids[ctx], title, body))
            for qa in para["qas"]:
                questions.append(
                    EvalQuestion(id=qa["id"], question=qa["question"], gold=(GoldRef("jsquad", ids[ctx]),))
                )
    return chunks, questions


def _jsquad_chunk(pid: str, title: str, body: str) -> Chunk:
    return Chunk(
        chunk_id=f"jsquad#{pid}",
        source="jsquad",
        regulation_title=title,
        regulation_number="",
        article=pid,
        article_caption="",
        paragraph=None,
        chapter_path=(),
        supplementary=False,
        text=body,
    )


# --- colloquial staff questions ----------------------------------------------------------------


def colloquial_path() -> Path:
    return REPO / "benchmarks" / "data" / "colloquial.jsonl"


# --- embedding cache (dense runs are slow on 2 cores; vectors are keyed by text hash) ----------


def cache_dir() -> Path:
    """``$YOROZU_BENCH_CACHE`` or ``~/.cache/yorozu-bench``."""
    return Path(os.environ.get("YOROZU_BENCH_CACHE", Path.home() / ".cache" / "yorozu-bench"))


def load_vectors(name: str) -> dict[str, Any]:
    path = cache_dir() / f"{name}.npz"
    if not path.exists():
        return {}
    data = np.load(path)
    return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))


def save_vectors(name: str, vectors: dict[str, Any]) -> None:
    cache_dir().mkdir(parents=True, exist_ok=True)
    keys = sorted(vectors)
    np.savez(cache_dir() / f"{name}.npz", keys=np.array(keys), vectors=np.stack([vectors[k] for k in keys]))

"""Readers for the public retrieval benchmarks used as quality floors (docs/retrieval.md).

- lawqa_jp (デジタル庁, PDL 1.0): questions with gold (law, 第N条) read from the ``###``
  headings of each sample's ``コンテキスト``, kept when the law is one of ``sources``.
- JSQuAD (JGLUE, CC BY-SA 4.0): every paragraph becomes a chunk (source ``jsquad``, article =
  paragraph number); every question's gold is its paragraph.
- egov-laws-md: every ``*.md`` below a directory, chunked by the parser package.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from yorozu_core.regulations.egov_markdown import parse_egov_markdown
from yorozu_core.retrieval.evaluate import EvalQuestion, GoldRef
from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.normalize import normalize_article_label

# lawqa_jp law names → egov-laws-md file stems (the four laws both data sets share)
LAWQA_SOURCES: Mapping[str, str] = {
    "金融商品取引法": "323AC0000000025",
    "金融商品取引法施行令": "340CO0000000321",
    "借地借家法": "403AC0000000090",
    "医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律": "335AC0000000145",
}


def read_egov_laws(directory: Path, sources: set[str] | None = None) -> list[Chunk]:
    """Chunks of every egov-laws-md file below ``directory`` (or of the named stems only)."""
    chunks: list[Chunk] = []
    for path in sorted(directory.glob("*/*.md")):
        if sources is None or path.stem in sources:
            chunks.extend(parse_egov_markdown(path.read_text(encoding="utf-8"), path.stem))
    return chunks


def read_lawqa(
    path: Path, *, with_choices: bool = False, sources: Mapping[str, str] = LAWQA_SOURCES
) -> list[EvalQuestion]:
    """lawqa_jp ``selection.json`` → questions (問題文, plus 選択肢 when asked) with gold."""
    samples = json.loads(path.read_text(encoding="utf-8"))["samples"]
    out: list[EvalQuestion] = []
    for s in samples:
        gold = lawqa_gold(s["コンテキスト"], sources)
        if gold:
            question = s["問題文"] + ("\n" + s["選択肢"] if with_choices else "")
            out.append(EvalQuestion(id=s["ファイル名"], question=question, gold=tuple(gold)))
    return out


def lawqa_gold(context: str, sources: Mapping[str, str] = LAWQA_SOURCES) -> list[GoldRef]:
    """Gold articles of one sample: ``## 法令名`` then ``### 第N条`` headings."""
    gold: list[GoldRef] = []
    law = ""
    for line in context.splitlines():
        if line.startswith("## "):
            law = line[3:].strip()
        elif line.startswith("### ") and law in sources and line[4:].strip().startswith("第"):
            ref = GoldRef(sources[law], normalize_article_label(line[4:].strip()))
            if ref not in gold:
                gold.append(ref)
    return gold


def read_jsquad(path: Path) -> tuple[list[Chunk], list[EvalQuestion]]:
    """JSQuAD v1.3 JSON → (paragraph chunks, questions whose gold is their paragraph)."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    chunks: list[Chunk] = []
    questions: list[EvalQuestion] = []
    ids: dict[str, str] = {}
    for article in data:
        for para in article["paragraphs"]:
            ctx = para["context"]
            if ctx not in ids:
                ids[ctx] = f"p{len(ids)}"
                title, _, body = ctx.partition(" [SEP] ")
                chunks.append(_paragraph(ids[ctx], title, body))
            gold = (GoldRef("jsquad", ids[ctx]),)
            questions.extend(
                EvalQuestion(id=qa["id"], question=qa["question"], gold=gold) for qa in para["qas"]
            )
    return chunks, questions


def _paragraph(pid: str, title: str, body: str) -> Chunk:
    return Chunk(f"jsquad#{pid}", "jsquad", title, "", pid, "", None, (), False, body)

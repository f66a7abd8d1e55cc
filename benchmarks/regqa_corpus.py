"""Corpora and question sets for the regqa benchmarks and the realdata quality-floor tests.

The egov-laws-md Markdown is chunked by the parser package
(``yorozu_core.regulations.egov_markdown``): one chunk per article, 附則 labelled.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from yorozu_core.regulations.egov_markdown import parse_egov_markdown
from yorozu_core.retrieval.evaluate import EvalQuestion, GoldRef
from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.normalize import normalize_article_label

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


def load_laws(sources: set[str] | None = None) -> list[Chunk]:
    """All chunks of the egov-laws-md corpus (or of the named file stems only)."""
    chunks: list[Chunk] = []
    for path in law_files():
        if sources is None or path.stem in sources:
            chunks.extend(parse_egov_markdown(path.read_text(encoding="utf-8"), path.stem))
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

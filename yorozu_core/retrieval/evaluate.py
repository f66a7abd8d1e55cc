"""Retrieval evaluation: the eval JSON Lines format of issue 3 and rank metrics.

A question *hits* at rank r when the chunk at r has the gold entry's source (file name without
extension) and the same normalized article label (「第5条」 = 「第五条」). A gold 「附則第二条」 only
matches a supplementary chunk, a plain 「第二条」 only a main-provision chunk.

``recall@k`` is the share of questions with at least one hit in the top k (success@k, the usual
reading for passage retrieval with one relevant passage; most questions here have one gold).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from yorozu_core.retrieval.types import Chunk, Hit
from yorozu_core.text.normalize import normalize_article_label

KS = (1, 5, 10)


@dataclass(frozen=True, slots=True)
class GoldRef:
    source: str
    article: str


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    gold: tuple[GoldRef, ...]


@dataclass(frozen=True, slots=True)
class EvalReport:
    n: int
    recall: Mapping[int, float]
    mrr10: float
    ndcg10: float
    no_hit_rate: float

    def as_dict(self) -> dict[str, float]:
        """The ``--json`` keys of ``yorozu regqa eval``."""
        out = {f"recall@{k}": v for k, v in sorted(self.recall.items())}
        return out | {"mrr@10": self.mrr10, "ndcg@10": self.ndcg10, "no_hit_rate": self.no_hit_rate}


def read_eval_jsonl(lines: Iterable[str]) -> list[EvalQuestion]:
    """Parse ``{"id", "question", "gold": [{"source", "article"}]}`` objects, one per line."""
    out = []
    for raw in lines:
        if not raw.strip():
            continue
        obj = json.loads(raw)
        gold = tuple(
            GoldRef(source_stem(g["source"]), normalize_article_label(g["article"])) for g in obj["gold"]
        )
        out.append(EvalQuestion(id=str(obj["id"]), question=obj["question"], gold=gold))
    return out


def source_stem(name: str) -> str:
    """「misc/406RJNJ15014000.md」 → 「406RJNJ15014000」."""
    return PurePosixPath(name.replace("\\", "/")).stem


def gold_index(chunk: Chunk, gold: Sequence[GoldRef]) -> int | None:
    """Index of the gold entry this chunk satisfies, or None."""
    label = normalize_article_label(chunk.article)
    for i, g in enumerate(gold):
        wants_suppl = g.article.startswith("附則")
        article = g.article.removeprefix("附則") if wants_suppl else g.article
        if g.source == chunk.source and article == label and wants_suppl == chunk.supplementary:
            return i
    return None


def judge(ranked: Sequence[Chunk], gold: Sequence[GoldRef]) -> list[int | None]:
    """Per rank, the gold entry newly satisfied there (None for misses and repeats)."""
    found: set[int] = set()
    out: list[int | None] = []
    for chunk in ranked:
        g = gold_index(chunk, gold)
        out.append(g if g is not None and g not in found else None)
        if g is not None:
            found.add(g)
    return out


def reciprocal_rank(rel: Sequence[int | None], k: int = 10) -> float:
    """MRR term: 1 / rank of the first hit within k, else 0."""
    return next((1.0 / (r + 1) for r, g in enumerate(rel[:k]) if g is not None), 0.0)


def ndcg(rel: Sequence[int | None], n_gold: int, k: int = 10) -> float:
    """nDCG@k with binary gains: DCG = Σ 1/log2(r+1) over ranks r of distinct gold hits;
    IDCG = the same with all min(n_gold, k) golds ranked first (Järvelin & Kekäläinen 2002)."""
    dcg = sum(1.0 / math.log2(r + 2) for r, g in enumerate(rel[:k]) if g is not None)
    ideal = sum(1.0 / math.log2(r + 2) for r in range(min(n_gold, k)))
    return dcg / ideal if ideal else 0.0


def evaluate(
    questions: Sequence[EvalQuestion],
    search: Callable[[str], Sequence[Hit]],
    chunks: Mapping[str, Chunk],
    k: int = 10,
) -> EvalReport:
    """Run ``search`` on every question and aggregate R@1/5/10, MRR@10, nDCG@10, no-hit rate."""
    rels = [judge([chunks[h.chunk_id] for h in search(q.question)[:k]], q.gold) for q in questions]
    return summarize(rels, [len(q.gold) for q in questions], k)


def summarize(rels: Sequence[Sequence[int | None]], n_gold: Sequence[int], k: int = 10) -> EvalReport:
    n = max(len(rels), 1)
    recall = {kk: sum(any(g is not None for g in rel[:kk]) for rel in rels) / n for kk in KS if kk <= k}
    return EvalReport(
        n=len(rels),
        recall=recall,
        mrr10=sum(reciprocal_rank(rel) for rel in rels) / n,
        ndcg10=sum(ndcg(rel, g) for rel, g in zip(rels, n_gold, strict=True)) / n,
        no_hit_rate=sum(all(g is None for g in rel[:k]) for rel in rels) / n,
    )

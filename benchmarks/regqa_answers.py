"""What a staff member gets: answer containment, the right article, and "not found" only when
nothing relevant was found.

    uv run python benchmarks/regqa_answers.py                 # every set, the new decision
    uv run python benchmarks/regqa_answers.py --sweep         # calibration table of the threshold
    uv run python benchmarks/regqa_answers.py --decision overlap   # the previous rule (MIN_OVERLAP 0.5)

Sets (benchmarks/data, written before the vocabulary changed; see docs/regqa.md):
  answers_dev       20 questions over the 22 laws, the figure asked for marked (tuned on)
  answers_holdout   20 more, never tuned on
  katsuragi         18 questions over the かつらぎ町 例規 HTML (../shared/data), never tuned on
  colloquial(+holdout)  the retrieval sets: share answered (a gold article quoted)
  notfound_dev / notfound_holdout   15 + 15 questions no collection answers (旅費, 住民票 …)
  *_holdout2        30 answer, 20 かつらぎ町, 30 colloquial and 20 not-found questions written on
                    2026-12-01 by someone who never ran the search (data/HOLDOUT2.md); never tuned on

Columns: answered = not "not found"; article = a gold article among the quoted passages;
lead = the figure in the highlighted sentence; text = the figure anywhere in the answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.regqa_corpus import load_laws, shared_data  # noqa: E402
from yorozu_core.regulations.dispatch import parse_document  # noqa: E402
from yorozu_core.retrieval.answer import build_extractive_answer  # noqa: E402
from yorozu_core.retrieval.hybrid import EVIDENCE_THRESHOLD, HybridRetriever  # noqa: E402
from yorozu_core.retrieval.types import Chunk  # noqa: E402
from yorozu_core.text.query import analyze_query  # noqa: E402
from yorozu_core.text.tokenize import SudachiTokenizer  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
_WORDS = SudachiTokenizer("B")


def katsuragi_chunks() -> list[Chunk]:
    chunks: list[Chunk] = []
    for f in sorted((shared_data() / "reiki-html-katsuragi").glob("*.html")):
        chunks += parse_document(f.read_bytes(), f.name).chunks
    return chunks


def word_overlap(question: str, chunk: Chunk) -> float:
    """The previous rule (ADR 0406), for comparison."""
    analyzed = analyze_query(question)
    target = set(_WORDS(" ".join((chunk.regulation_title, chunk.article_caption, chunk.text))))
    best = 0.0
    for part in (analyzed.text, analyzed.expansion_text):
        terms = set(_WORDS(part))
        if terms:
            best = max(best, len(terms & target) / len(terms))
    return best


def read(name: str) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]


def run_set(
    r: HybridRetriever, rows: list[dict[str, object]], decide: str, threshold: float
) -> dict[str, float]:
    relevance: Callable[[str, Chunk], float] = r.evidence if decide == "evidence" else word_overlap
    n = answered = article = lead = text = 0
    for row in rows:
        q = str(row["question"])
        hits = r.search(q, k=10)
        answer = build_extractive_answer(q, hits, r.chunks, min_relevance=threshold, relevance=relevance)
        gold = {(g["source"], g["article"]) for g in row["gold"]}  # type: ignore[attr-defined,index]
        figure = str(row.get("answer", ""))
        n += 1
        if not answer.found:
            continue
        answered += 1
        article += any((p.citation.source, p.citation.article) in gold for p in answer.passages)
        lead += bool(figure) and bool(answer.passages) and figure in answer.passages[0].highlight
        text += bool(figure) and figure in answer.text
    return {
        "n": n,
        "answered": answered / n,
        "article": article / n,
        "lead": lead / n,
        "text": text / n,
    }


SETS = {
    "answers_dev": "laws",
    "answers_holdout": "laws",
    "katsuragi": "katsuragi",
    "colloquial": "laws",
    "colloquial_holdout": "laws",
    "notfound_dev": "laws",
    "notfound_holdout": "laws",
    "notfound_holdout@katsuragi": "katsuragi",
    "answers_holdout2": "laws",
    "katsuragi_holdout2": "katsuragi",
    "colloquial_holdout2": "laws",
    "notfound_holdout2": "laws",
    "notfound_holdout2@katsuragi": "katsuragi",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--decision", choices=("evidence", "overlap"), default="evidence")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args()
    corpora = {"laws": load_laws(), "katsuragi": katsuragi_chunks()}
    retrievers = {}
    for name, chunks in corpora.items():
        retrievers[name] = HybridRetriever()
        retrievers[name].add(chunks)
    default = EVIDENCE_THRESHOLD if args.decision == "evidence" else 0.5
    thresholds = [0.4, 0.5, 0.55, 0.6, 0.7] if args.sweep else [args.threshold or default]
    print(f"{'set':<28} {'thr':>4} {'n':>4} {'answered':>8} {'article':>8} {'lead':>6} {'text':>6}")
    for threshold in thresholds:
        for name in args.sets.split(","):
            corpus = SETS[name]
            rows = read(name.split("@")[0])
            m = run_set(retrievers[corpus], rows, args.decision, threshold)
            print(
                f"{name:<28} {threshold:>4} {m['n']:>4} {m['answered']:>8.3f} {m['article']:>8.3f}"
                f" {m['lead']:>6.3f} {m['text']:>6.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()

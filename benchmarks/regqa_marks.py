"""The desk's loop of ADR 0419, measured: questions marked with their article → synonym pairs
suggested → the top pair accepted (one click) → R@1/R@5 of the marked questions again.

    uv run python benchmarks/regqa_marks.py

Every question of a set stands for a logged question a consultant marked with its gold article.
For each one whose article is not ranked first, the best pair of ``suggest_pairs`` is accepted as a
collection synonym, as the desk would with 「追加」. Printed: R@1/R@5 before and after on the same
questions (what ``yorozu regqa eval-marked`` shows the desk: in-sample by construction), the same
on a set no pair was mined from (does a city's curated vocabulary hurt other questions?), the
pairs accepted, and the cost of suggesting (ms per question) and of one eval-marked pass.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.regqa_answers import katsuragi_chunks  # noqa: E402
from benchmarks.regqa_corpus import load_laws  # noqa: E402
from yorozu_core.retrieval.evaluate import EvalQuestion, EvalReport, evaluate, gold_index, read_eval_jsonl  # noqa: E402
from yorozu_core.retrieval.hybrid import HybridRetriever  # noqa: E402
from yorozu_core.text.suggest import suggest_pairs  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
Synonyms = Mapping[str, tuple[str, ...]]


def questions(name: str) -> list[EvalQuestion]:
    return read_eval_jsonl((DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines())


def run(retriever: HybridRetriever, qs: list[EvalQuestion], synonyms: Synonyms) -> EvalReport:
    return evaluate(
        qs, lambda q: retriever.search(q, k=10, extra_synonyms=synonyms or None), retriever.chunks
    )


def accept_top_pairs(
    retriever: HybridRetriever, qs: list[EvalQuestion]
) -> tuple[dict[str, tuple[str, ...]], float]:
    """The desk's clicks: the best pair of every question whose article is not first."""
    accepted: dict[str, tuple[str, ...]] = {}
    spent = 0.0
    for q in qs:
        top = retriever.search(q.question, k=1, extra_synonyms=accepted or None)
        if top and gold_index(retriever.chunks[top[0].chunk_id], q.gold) is not None:
            continue
        article = [c for c in retriever.chunks.values() if gold_index(c, q.gold) is not None]
        if not article:
            continue
        start = time.perf_counter()
        pairs = suggest_pairs(
            q.question,
            "\n".join(c.text for c in article),
            caption=article[0].article_caption,
            df=retriever.word.document_frequency,
            known=accepted,
        )
        spent += time.perf_counter() - start
        if pairs:
            accepted[pairs[0].term] = (*accepted.get(pairs[0].term, ()), pairs[0].word)
    return accepted, spent


def report(
    label: str, retriever: HybridRetriever, marked: list[EvalQuestion], other: list[EvalQuestion]
) -> None:
    before = run(retriever, marked, {})
    accepted, spent = accept_top_pairs(retriever, marked)
    start = time.perf_counter()
    after = run(retriever, marked, accepted)
    eval_ms = (time.perf_counter() - start) * 1000
    print(f"\n== {label}: {len(marked)} marked questions, {len(retriever.chunks)} chunks")
    print(
        f"  marked   R@1 {before.recall[1]:.3f} → {after.recall[1]:.3f}   R@5 {before.recall[5]:.3f} → {after.recall[5]:.3f}"
    )
    if other:
        o_before, o_after = run(retriever, other, {}), run(retriever, other, accepted)
        print(
            f"  unseen ({len(other)})  R@1 {o_before.recall[1]:.3f} → {o_after.recall[1]:.3f}   "
            f"R@5 {o_before.recall[5]:.3f} → {o_after.recall[5]:.3f}"
        )
    asked = max(len(accepted), 1)
    print(
        f"  pairs accepted: {len(accepted)}  suggest {spent * 1000 / asked:.1f} ms/question  eval-marked pass {eval_ms:.0f} ms"
    )
    print("  " + ", ".join(f"{t}→{'・'.join(w)}" for t, w in accepted.items()))


def main() -> None:
    katsuragi = HybridRetriever()
    katsuragi.add(katsuragi_chunks())
    report("かつらぎ町 例規", katsuragi, questions("katsuragi"), [])
    laws = HybridRetriever()
    laws.add(load_laws())
    report(
        "22 laws, colloquial_holdout marked / colloquial unseen",
        laws,
        questions("colloquial_holdout"),
        questions("colloquial"),
    )


if __name__ == "__main__":
    main()

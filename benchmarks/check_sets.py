"""Check the question sets in benchmarks/data against the parsed corpora (no retrieval involved).

For every set: ids are unique and each row has the fields of its kind. For every gold
(source, article): a main-provision (non-附則) chunk with that source and article exists in the
corpus the set is asked over. For every row with an "answer": the string occurs verbatim in the
text of at least one of its gold articles. notfound_* sets must have empty gold.

    uv run python benchmarks/check_sets.py            # all sets
    uv run python benchmarks/check_sets.py holdout2   # only the files whose name contains it
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from regqa_corpus import load_laws, shared_data  # noqa: E402

from yorozu_core.regulations.dispatch import parse_document  # noqa: E402
from yorozu_core.retrieval.types import Chunk  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
Articles = dict[tuple[str, str], str]


def articles(chunks: list[Chunk]) -> Articles:
    """(source, article) -> the article's main-provision text (its 項 chunks joined)."""
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for chunk in chunks:
        if not chunk.supplementary and chunk.article:
            texts[(chunk.source, chunk.article)].append(chunk.text)
    return {key: "\n".join(parts) for key, parts in texts.items()}


def katsuragi_chunks() -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in sorted((shared_data() / "reiki-html-katsuragi").glob("*.html")):
        chunks += parse_document(path.read_bytes(), path.name).chunks
    return chunks


def check_row(row: dict[str, object], corpus: Articles, notfound: bool) -> list[str]:
    problems: list[str] = []
    gold = row.get("gold")
    if not isinstance(row.get("question"), str) or not isinstance(gold, list):
        return ["question or gold missing"]
    if notfound:
        return ["notfound row has gold"] if gold else []
    if not gold:
        problems.append("no gold article")
    texts = []
    for item in gold:
        key = (item["source"], item["article"])
        if key not in corpus:
            problems.append(f"gold {key} not in the parsed corpus")
        else:
            texts.append(corpus[key])
    answer = row.get("answer")
    if answer is not None and texts and not any(str(answer) in text for text in texts):
        problems.append(f"answer {answer!r} not in any gold article")
    return problems


def check_file(path: Path, corpora: dict[str, Articles]) -> list[str]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    corpus = corpora["katsuragi" if path.name.startswith("katsuragi") else "laws"]
    notfound = path.name.startswith("notfound")
    needs_answer = path.name.startswith(("answers", "katsuragi"))
    problems: list[str] = []
    ids = [row.get("id") for row in rows]
    if len(set(ids)) != len(ids):
        problems.append(f"{path.name}: duplicate ids")
    for row in rows:
        found = check_row(row, corpus, notfound)
        if needs_answer and not row.get("answer"):
            found.append("answer missing")
        problems += [f"{path.name} {row.get('id')}: {p}" for p in found]
    print(f"{path.name:32s} {len(rows):3d} rows  {'ok' if not problems else f'{len(problems)} problems'}")
    return problems


def main(argv: list[str]) -> int:
    corpora = {"laws": articles(load_laws()), "katsuragi": articles(katsuragi_chunks())}
    pattern = argv[0] if argv else ""
    problems: list[str] = []
    for path in sorted(DATA.glob("*.jsonl")):
        if pattern in path.name:
            problems += check_file(path, corpora)
    for problem in problems:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

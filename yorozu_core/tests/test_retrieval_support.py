"""Shared fixtures for the retrieval tests (no tests here): a small regulation in 例規 form written
for the tests, and a deterministic embedder standing in for a model."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from yorozu_core.retrieval.dense import Matrix
from yorozu_core.retrieval.types import Chunk

RULE = "職員の休暇に関する規則"
LAW = "国家公務員の育児休業等に関する法律"

ARTICLES: list[tuple[str, str, str, str]] = [
    ("rule", "第一条", "（趣旨）", "この規則は、職員の休暇に関し必要な事項を定めるものとする。"),
    (
        "rule",
        "第五条",
        "（年次休暇）",
        "年次休暇は一の年ごとに二十日とする。残日数は二十日を限度として翌年に繰り越すことができる。",
    ),
    ("rule", "第十条", "（病気休暇）", "病気休暇は負傷又は疾病のため療養する必要がある場合の休暇とする。"),
    (
        "rule",
        "第十三条の二",
        "（子の看護休暇）",
        "小学校就学前の子の看護のため、一の年において五日の範囲内で特別休暇を与える。",
    ),
    ("rule", "第十七条", "（超過勤務）", "超過勤務は一箇月について四十五時間を上限とする。"),
    (
        "law",
        "第五条",
        "",
        "育児休業をしている職員は、職務に従事しない。育児休業をしている期間については、給与を支給しない。",
    ),
    ("law", "第三条", "", "職員は、任命権者の承認を受けて、三歳に達する日まで、育児休業をすることができる。"),
    ("hr", "第一条", "（人事評価）", "人事評価の結果は人事課において秘密として管理する。"),
]
TITLES = {"rule": RULE, "law": LAW, "hr": "人事評価実施要領"}


def make_chunks() -> list[Chunk]:
    return [
        Chunk(
            chunk_id=f"{source}#{article}",
            source=source,
            regulation_title=TITLES[source],
            regulation_number="",
            article=article,
            article_caption=caption,
            paragraph=None,
            chapter_path=(),
            supplementary=False,
            text=text,
        )
        for source, article, caption, text in ARTICLES
    ]


def paragraph_chunk(article: str, paragraph: int, text: str) -> Chunk:
    return Chunk(f"rule#{article}-{paragraph}", "rule", RULE, "", article, "", paragraph, (), False, text)


class HashEmbedder:
    """Deterministic bag-of-bigrams embedder standing in for a model in tests."""

    name = "hash-bigrams-64"

    def _vector(self, text: str) -> Matrix:
        v = np.zeros(64, dtype=np.float32)
        for i in range(len(text) - 1):
            v[int(hashlib.md5(text[i : i + 2].encode()).hexdigest(), 16) % 64] += 1.0
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, 64), dtype=np.float32)

    def embed_query(self, text: str) -> Matrix:
        return self._vector(text)

"""Explicit article references in a question, resolved to chunks directly.

「育児休業法第5条」, 「規則第17条第2項」, 「第十三条の二」: the law name (full title, a 略称 from
:data:`LAW_ALIASES`, or 「同法」/「法」 for the last one named) and the article are read from the
normalized question and looked up in the index's chunk metadata, so the cited article is ranked
first whatever its lexical score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.normalize import kanji_to_int, normalize_text
from yorozu_core.text.tokenize import prepare

# 略称 → full titles (a 略称 may name several laws; the ones present in the index are used).
LAW_ALIASES: Mapping[str, tuple[str, ...]] = {
    "育児休業法": ("国家公務員の育児休業等に関する法律", "地方公務員の育児休業等に関する法律"),
    "国家公務員育児休業法": ("国家公務員の育児休業等に関する法律",),
    "地方公務員育児休業法": ("地方公務員の育児休業等に関する法律",),
    "地方育児休業法": ("地方公務員の育児休業等に関する法律",),
    "育介法": ("育児休業、介護休業等育児又は家族介護を行う労働者の福祉に関する法律",),
    "育児介護休業法": ("育児休業、介護休業等育児又は家族介護を行う労働者の福祉に関する法律",),
    "育児・介護休業法": ("育児休業、介護休業等育児又は家族介護を行う労働者の福祉に関する法律",),
    "地公法": ("地方公務員法",),
    "国公法": ("国家公務員法",),
    "労基法": ("労働基準法",),
    "金商法": ("金融商品取引法",),
    "金商法施行令": ("金融商品取引法施行令",),
    "金融商品取引法施行令": ("金融商品取引法施行令",),
    "薬機法": ("医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律",),
    "医薬品医療機器等法": ("医薬品、医療機器等の品質、有効性及び安全性の確保等に関する法律",),
    "勤務時間法": ("一般職の職員の勤務時間、休暇等に関する法律",),
    "勤務時間・休暇法": ("一般職の職員の勤務時間、休暇等に関する法律",),
    "給与法": ("一般職の職員の給与に関する法律",),
    "地公災法": ("地方公務員災害補償法",),
    "国公災法": ("国家公務員災害補償法",),
    "借地借家法": ("借地借家法",),
}

_NUM = "〇一二三四五六七八九十百千"
_REF = re.compile(rf"(附則)?第([{_NUM}]+)条((?:の[{_NUM}]+)*)(?:第([{_NUM}]+)項)?")
_GENERIC_LAW = ("規則", "法", "令")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\u30a0-\u30ff]")
_RULE_NUMBER = re.compile(rf"人事院規則([{_NUM}〇]+)[―ー-]([{_NUM}〇]+)")


@dataclass(frozen=True, slots=True)
class ArticleRef:
    sources: frozenset[str] | None  # None: no law named, any source
    article: str  # 「第十三条の二」
    paragraph: int | None
    supplementary: bool


def _rule_aliases(title: str) -> list[str]:
    """人事院規則一五―一四（…） → 「人事院規則15-14」「規則15-14」 (after NFKC/prepare)."""
    m = _RULE_NUMBER.match(title)
    if not m:
        return []
    a, b = (str(kanji_to_int(x)) for x in (m[1], m[2]))
    return [f"人事院規則{a}-{b}", f"規則{a}-{b}", f"人事院規則{m[1]}-{m[2]}"]


class ReferenceResolver:
    """Finds law names and 第N条 references in a question and maps them to chunk ids."""

    def __init__(self, chunks: Iterable[Chunk] = ()) -> None:
        self._titles: dict[str, str] = {}
        self._articles: dict[tuple[str, str, bool], list[Chunk]] = {}
        self._names: dict[str, set[str]] = {}
        self.add(list(chunks))

    def add(self, chunks: list[Chunk]) -> None:
        for c in chunks:
            self._titles[c.source] = c.regulation_title
            bucket = self._articles.setdefault((c.source, c.article, c.supplementary), [])
            bucket[:] = [b for b in bucket if b.chunk_id != c.chunk_id] + [c]
        self._names = self._build_names()

    def remove(self, chunk_ids: set[str]) -> None:
        for key, bucket in list(self._articles.items()):
            bucket[:] = [b for b in bucket if b.chunk_id not in chunk_ids]
            if not bucket:
                del self._articles[key]
        live = {s for s, _, _ in self._articles}
        self._titles = {s: t for s, t in self._titles.items() if s in live}
        self._names = self._build_names()

    def _build_names(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        by_title: dict[str, set[str]] = {}
        for source, title in self._titles.items():
            by_title.setdefault(normalize_text(title), set()).add(source)
        for title, sources in by_title.items():
            for name in [title, title.split("(")[0], *_rule_aliases(title)]:
                names.setdefault(prepare(name), set()).update(sources)
        for alias, titles in LAW_ALIASES.items():
            hit = set().union(*(by_title.get(normalize_text(t), set()) for t in titles))
            if hit:
                names.setdefault(prepare(alias), set()).update(hit)
        return names

    def law_mentions(self, text: str) -> list[tuple[int, int, frozenset[str]]]:
        """Non-overlapping law names in ``text`` as ``(start, end, sources)``, longest first."""
        found: list[tuple[int, int, frozenset[str]]] = []
        for name in sorted(self._names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                if all(m.end() <= s or m.start() >= e for s, e, _ in found):
                    found.append((m.start(), m.end(), frozenset(self._names[name])))
        return sorted(found)

    def mentioned_sources(self, text: str) -> frozenset[str]:
        return frozenset().union(*(s for _, _, s in self.law_mentions(prepare(text))))

    def references(self, text: str) -> list[ArticleRef]:
        """The article references in ``text`` with the law each belongs to."""
        text = prepare(text)
        mentions = self.law_mentions(text)
        refs: list[ArticleRef] = []
        for m in _REF.finditer(text):
            ref = ArticleRef(
                sources=self._law_before(text, m.start(), mentions),
                article=f"第{m[2]}条{m[3]}",
                paragraph=kanji_to_int(m[4]) if m[4] else None,
                supplementary=bool(m[1]),
            )
            if ref not in refs:
                refs.append(ref)
        return refs

    @staticmethod
    def _law_before(
        text: str, pos: int, mentions: list[tuple[int, int, frozenset[str]]]
    ) -> frozenset[str] | None:
        """The law a reference at ``pos`` belongs to: a name ending right there; the last law
        named for 「同法」 or a bare 「法」/「令」/「規則」; an empty set for a law we do not know
        (「…に関する内閣府令第十六条」); None when no law is named at all."""
        before = [m for m in mentions if m[1] <= pos]
        if before and before[-1][1] == pos:
            return before[-1][2]
        word = next((w for w in _GENERIC_LAW if text[:pos].endswith(w)), None)
        if word is None:
            return None
        start = pos - len(word)
        same = text[:start].endswith("同") or start == 0 or not _IDEOGRAPH.match(text[start - 1])
        if same:
            return before[-1][2] if before else None
        return frozenset()

    def resolve(
        self, text: str, allowed_sources: frozenset[str] | None = None
    ) -> list[tuple[ArticleRef, list[Chunk]]]:
        """Each reference with the chunks it names (paragraph chunk preferred when split)."""
        out = []
        for ref in self.references(text):
            chunks: list[Chunk] = []
            sources = ref.sources if ref.sources is not None else frozenset(self._titles)
            for source in sorted(sources):
                if allowed_sources is not None and source not in allowed_sources:
                    continue
                chunks.extend(
                    self._pick(self._articles.get((source, ref.article, ref.supplementary), []), ref)
                )
            if chunks:
                out.append((ref, chunks))
        return out

    @staticmethod
    def _pick(bucket: list[Chunk], ref: ArticleRef) -> list[Chunk]:
        if ref.paragraph is not None:
            exact = [c for c in bucket if c.paragraph == ref.paragraph]
            if exact:
                return exact
        whole = [c for c in bucket if c.paragraph is None]
        return whole or sorted(bucket, key=lambda c: c.paragraph or 0)

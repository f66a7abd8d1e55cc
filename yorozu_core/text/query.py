"""Query analysis: strip question boilerplate, expand colloquial words, keep the original.

Staff write 「子どもが熱を出したら休めますか？教えてください」; the words that carry no search signal
(「教えてください」「ですか」) are removed and the law terms of
:data:`yorozu_core.text.synonyms.COLLOQUIAL` are added as a separate, lower-weight expansion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from yorozu_core.text.normalize import statute_numerals
from yorozu_core.text.synonyms import expand
from yorozu_core.text.tokenize import prepare

_BOILERPLATE = re.compile(
    "|".join(
        (
            r"(?:を|について)?(?:教えて|おしえて)(?:ください|下さい|ほしい|欲しい)?",
            r"(?:を|が)?知りたい(?:です)?",
            r"(?:次の|以下の)?うち[、,]?",
            r"(?:正しい|誤っている|誤った|適切な|適切でない|不適切な)もの(?:は|を|として)?(?:どれ)?",
            r"(?:に関する|についての)?説明として",
            r"(?:でしょう|です|ます|ました|ません)か",
            r"(?:んですか|のですか|んでしょうか|のでしょうか)",
            r"(?:いいですか|よいですか|よろしいですか)",
            r"(?:どう|どのように)(?:なって)?(?:いますか|なりますか|すればいい|したらいい)",
            r"って(?:何|なに|本当|ほんと)",
            r"[?？!！。]+",
        )
    )
)


@dataclass(frozen=True, slots=True)
class AnalyzedQuery:
    original: str
    text: str  # normalized, boilerplate removed
    expansions: tuple[str, ...]  # law terms: the domain list, the collection's synonyms and lexicon
    numerals: tuple[str, ...] = ()  # 「1週間」 as statutes write it: 「一週間」
    listed: tuple[str, ...] = ()  # the expansions from the domain list and the collection's synonyms

    @property
    def expansion_text(self) -> str:
        return " ".join(self.expansions)

    @property
    def search_text(self) -> str:
        """The question as searched: its words plus its figures in statute form."""
        return " ".join((self.text, *self.numerals))


def strip_boilerplate(text: str) -> str:
    """Remove 「教えてください」「ですか」「正しいものを」… ; never returns an empty string for
    a non-empty input (the original is kept when everything would go)."""
    stripped = re.sub(r"\s+", " ", _BOILERPLATE.sub(" ", text)).strip()
    return stripped or text


def analyze_query(
    query: str,
    extra_synonyms: Mapping[str, tuple[str, ...]] | None = None,
    related: Callable[[str], list[str]] | None = None,
) -> AnalyzedQuery:
    """Normalize (NFKC, 第5条→第五条), strip boilerplate, and collect expansions: the domain list
    and the collection's own synonyms (:func:`~yorozu_core.text.synonyms.expand`), then
    ``related`` — the collection's words of the same synonym group or reading
    (:meth:`yorozu_core.text.expansion.CollectionLexicon.related`)."""
    text = strip_boilerplate(prepare(query))
    listed = expand(text, extra_synonyms)
    expansions = listed + [w for w in (related(text) if related else []) if w not in listed]
    return AnalyzedQuery(
        original=query,
        text=text,
        expansions=tuple(expansions),
        numerals=tuple(statute_numerals(text)),
        listed=tuple(listed),
    )

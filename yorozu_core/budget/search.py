"""Finding budget lines as a resident types: by name or 説明 (事業), in any width, in kana or kanji.

Text and query are folded the same way: NFKC (ﾎｲｸ → ホイク, ＡＢＣ → ABC), case-folded, katakana
turned into hiragana, spaces removed. Each line also carries the reading of its name and 説明
from SudachiPy (sudachidict-core), so 「ほいく」 finds 保育所運営費 (reading ホイクショウンエイヒ).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_SPACES = str.maketrans("", "", " \u3000\t\n")


def fold(text: str) -> str:
    """NFKC, case-folded, hiragana for katakana, no spaces: the form both sides are compared in."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_KATAKANA_TO_HIRAGANA).translate(_SPACES)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C, fields={"reading_form"})


@lru_cache(maxsize=50_000)
def reading(text: str) -> str:
    """The text's reading in hiragana (「保育所運営費」 → 「ほいくしょうんえいひ」); "" for an empty text.

    Names repeat across lines and years (every 目 has its 報酬, 委託料 …): the cache keeps this cheap."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return ""
    morphemes = _tokenizer().tokenize(cleaned[:2000])
    return fold("".join(m.reading_form() or m.surface() for m in morphemes))


def search_key(name: str, explanations: list[str]) -> str:
    """What a line is searched by: its name and 説明 folded, then their readings."""
    texts = [name, *explanations]
    return "\n".join([*(fold(t) for t in texts), *(reading(t) for t in texts)])


def query_words(query: str) -> list[str]:
    """The query's words folded; every word must occur in a line's key."""
    return [word for word in (fold(part) for part in unicodedata.normalize("NFKC", query).split()) if word]


def matches(key: str, words: list[str]) -> bool:
    return bool(words) and all(word in key for word in words)

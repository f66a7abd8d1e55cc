"""Tokenizers: Sudachi normalized forms, the 49,149-byte input limit, character n-grams."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from yorozu_core.text.tokenize import SUDACHI_MAX_BYTES, CharNgramTokenizer, SudachiTokenizer, split_by_bytes


def test_sudachi_uses_normalized_forms_so_spelling_variants_meet() -> None:
    tok = SudachiTokenizer("B")
    assert tok("申込み") == tok("申し込み")
    assert tok("子ども") == tok("子供")


def test_sudachi_drops_particles_and_punctuation() -> None:
    tokens = SudachiTokenizer("B")("年次休暇を請求する。")
    assert "を" not in tokens and "。" not in tokens
    assert {"年次", "休暇", "請求"} <= set(tokens)


def test_sudachi_accepts_text_beyond_its_byte_limit() -> None:
    text = "職員は年次休暇を請求することができる。" * 3000
    assert len(text.encode("utf-8")) > SUDACHI_MAX_BYTES
    assert SudachiTokenizer("C")(text).count("年次休暇") == 3000


def test_sudachi_splits_a_long_line_without_sentence_ends() -> None:
    text = "あ" * 40_000  # 120,000 bytes, no 「。」
    assert SudachiTokenizer("B")(text)


@given(st.text(min_size=0, max_size=3000), st.integers(min_value=4, max_value=200))
def test_byte_split_keeps_every_character_and_respects_the_limit(text: str, limit: int) -> None:
    pieces = list(split_by_bytes(text, limit))
    assert "".join(pieces) == text
    assert all(len(p.encode("utf-8")) <= limit for p in pieces)


def test_bigrams_skip_punctuation_and_normalize_numbers() -> None:
    assert CharNgramTokenizer(2)("第5条、休暇") == ["第五", "五条", "休暇"]


def test_bigrams_keep_a_single_character_run() -> None:
    assert CharNgramTokenizer(2)("子 休暇") == ["子", "休暇"]

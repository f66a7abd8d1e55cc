"""Explicit article references resolve to that article directly."""

from __future__ import annotations

from yorozu_core.retrieval.references import ReferenceResolver
from yorozu_core.tests.test_retrieval_support import make_chunks, paragraph_chunk


def resolved(resolver: ReferenceResolver, text: str, allowed: frozenset[str] | None = None) -> list[str]:
    return [c.chunk_id for _, chunks in resolver.resolve(text, allowed) for c in chunks]


def test_a_law_abbreviation_and_arabic_article_resolve() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert resolved(resolver, "育児休業法第5条について") == ["law#第五条"]


def test_the_full_title_resolves() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert resolved(resolver, "国家公務員の育児休業等に関する法律第三条の内容") == ["law#第三条"]


def test_a_branch_article_without_a_law_resolves_in_any_source() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert resolved(resolver, "第十三条の二") == ["rule#第十三条の二"]
    assert resolved(resolver, "第13条の2") == ["rule#第十三条の二"]


def test_an_unnamed_law_matches_every_source_with_that_article() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert sorted(resolved(resolver, "第五条")) == ["law#第五条", "rule#第五条"]


def test_same_law_refers_to_the_last_one_named() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert resolved(resolver, "育児休業法第3条及び同法第5条") == ["law#第三条", "law#第五条"]


def test_a_paragraph_reference_prefers_the_paragraph_chunk() -> None:
    resolver = ReferenceResolver(
        [*make_chunks(), paragraph_chunk("第十七条", 2, "前項の上限は臨時に延長できる。")]
    )
    assert resolved(resolver, "規則第17条第2項") == ["rule#第十七条-2"]


def test_references_respect_the_allowed_sources() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert resolved(resolver, "第一条", frozenset({"rule"})) == ["rule#第一条"]


def test_removed_chunks_no_longer_resolve() -> None:
    resolver = ReferenceResolver(make_chunks())
    resolver.remove({"law#第五条"})
    assert resolved(resolver, "育児休業法第5条") == []


def test_a_rule_number_alias_is_generated_from_the_title() -> None:
    chunk = make_chunks()[0]
    from dataclasses import replace

    rule = replace(
        chunk,
        source="r15",
        chunk_id="r15#第一条",
        regulation_title="人事院規則一五―一四（職員の勤務時間、休日及び休暇）",
    )
    assert resolved(ReferenceResolver([rule]), "規則15-14第1条") == ["r15#第一条"]


def test_an_unknown_law_ending_in_rei_is_not_taken_for_the_last_law_named() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert resolved(resolver, "育児休業法第三条に関する内閣府令第五条") == ["law#第三条"]


def test_a_bare_law_word_after_punctuation_means_the_law_just_named() -> None:
    resolver = ReferenceResolver(make_chunks())
    assert resolved(resolver, "育児休業法第三条により、法第5条") == ["law#第三条", "law#第五条"]

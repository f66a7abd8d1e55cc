"""``{% load regqa %}``: links to the article viewer, and generated answers with their citations."""

from __future__ import annotations

import re

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from yorozu.regqa.answering import MARKER, Passage
from yorozu_core.retrieval.types import Chunk

register = template.Library()


def chunk_url(chunk: Chunk, collection_id: int) -> str:
    url = reverse("regqa:article-detail", args=[collection_id, chunk.source, chunk.article or "-"])
    url += "?suppl=1" if chunk.supplementary else ""
    return url + f"#{chunk.chunk_id}"


@register.simple_tag
def article_url(passage: Passage) -> str:
    return chunk_url(passage.chunk, passage.collection_id)


@register.filter
def with_citations(text: str, passages: list[Passage]) -> SafeString:
    """Escape a generated answer and turn each ``[[id]]`` marker into a link to the cited article."""
    by_id = {p.chunk.chunk_id: p for p in passages}

    def link(m: re.Match[str]) -> str:
        p = by_id.get(m[1].strip())
        if p is None:
            return ""
        return str(format_html('（<a href="{}">{}</a>）', article_url(p), p.chunk.citation))

    html = MARKER.sub(link, str(escape(text))).replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - the text is escaped, links are built by format_html


@register.filter
def anchor(chunk: Chunk) -> str:
    return chunk.chunk_id

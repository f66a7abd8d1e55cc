"""The search index of each collection on disk, loaded once per process.

``DATA_DIR/regqa/index/<collection id>/v<index_version>/`` holds one
:class:`~yorozu_core.retrieval.hybrid.HybridRetriever` directory. A change writes the next version
next to the current one (the current stays readable until the database commits the new
``index_version``), so a failed ingest leaves the collection as it was (decision record 0403).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from django.conf import settings

from yorozu_core.retrieval.hybrid import HybridRetriever
from yorozu_core.retrieval.types import Chunk

_CACHE: dict[tuple[str, int], tuple[int, HybridRetriever]] = {}
_LOCK = threading.Lock()


def collection_root(collection_id: int) -> Path:
    return Path(settings.DATA_DIR) / "regqa" / "index" / str(collection_id)


def version_dir(collection_id: int, version: int) -> Path:
    return collection_root(collection_id) / f"v{version}"


def load(collection_id: int, version: int) -> HybridRetriever | None:
    """The collection's retriever at ``version`` (None before the first ingest), cached per process
    under (data folder, collection); a newer version replaces the cached one."""
    if version <= 0:
        return None
    key = (str(settings.DATA_DIR), collection_id)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        directory = version_dir(collection_id, version)
        if not (directory / "config.json").exists():
            return None
        retriever = HybridRetriever.load(directory)
        _CACHE[key] = (version, retriever)
        return retriever


def write_next(collection_id: int, version: int, *, remove: list[str], add: list[Chunk]) -> int:
    """Apply an incremental change (remove ids, add chunks) to a fresh copy of the current index and
    save it as ``version + 1``. The cached retriever of ``version`` is never mutated."""
    current = version_dir(collection_id, version)
    retriever = HybridRetriever.load(current) if (current / "config.json").exists() else HybridRetriever()
    if remove:
        retriever.remove(remove)
    if add:
        retriever.add(add)
    target = version_dir(collection_id, version + 1)
    if target.exists():
        shutil.rmtree(target)
    retriever.save(target)
    return version + 1


def discard_except(collection_id: int, keep: int) -> None:
    """Remove the index versions other than ``keep`` (after the database committed it)."""
    root = collection_root(collection_id)
    if not root.exists():
        return
    for child in root.iterdir():
        if child.is_dir() and child.name != f"v{keep}":
            shutil.rmtree(child, ignore_errors=True)

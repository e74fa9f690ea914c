"""The `SearchBackend` on Milvus (standalone, cluster, or Milvus Lite for tests), through pymilvus.

One collection holds a row per chunk: its chunk_id (primary key, the join to the local chunk texts), doc_id,
the document's sha256 (to sync only changed reports), places (adcodes), the report year, the dense vector
(HNSW, inner product) and a SPARSE_FLOAT_VECTOR of BM25 *term-frequency parts*. A companion collection
`<name>_terms` holds the vocabulary: term → id (append-only, so a term keeps its dimension forever) and its
document frequency.

BM25 stays on our side so scores are the same on every backend: rank-bm25's score of chunk d for query q is
Σ_t count_q(t) · idf(t) · tfpart(t, d) with tfpart = tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl)). The stored
vectors carry tfpart; the query carries count · idf, computed here from the document frequencies, so adding a
report rewrites its own rows and the term table, never every row. Milvus's own BM25 function is not used: in
Lite 3.x it gives negative scores, per-segment IDF and has no Chinese analyzer (measured). Weighted RRF stays
client-side too (Milvus's RRFRanker has no per-route weights).

Rows kept from an earlier sync keep the length normalisation (avgdl) of their time — adding one report to
thousands moves avgdl by a fraction of a percent; `qa index --force` rewrites every row.
"""

from __future__ import annotations

import json
import logging
import math
import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from index.backend import SearchFilter, document_year
from index.errors import IndexLoadError

if TYPE_CHECKING:
    from pymilvus import MilvusClient

    from index.reader import CorpusIndex

SCHEMA_VERSION = 1
_BATCH = 500
_MAX_PLACES = 64


@dataclass(frozen=True, slots=True)
class SyncSummary:
    inserted_chunks: int
    deleted_documents: int
    kept_documents: int
    new_terms: int


def connect(uri: str, token: str = "", timeout: float = 30.0) -> MilvusClient:
    """A client for `uri`, checked with one call: an unreachable server is an IndexLoadError saying what to do.
    gRPC keepalive is relaxed so long bulk calls are not cut by pings (Milvus's server-side default policy
    closes chatty clients)."""
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:  # pragma: no cover - pymilvus is a dependency; a broken install lands here
        raise IndexLoadError(f"QA_BACKEND=milvus needs pymilvus: {exc}. Run `make setup`.") from None
    # After the import (pymilvus sets its own levels then): it warns on every query iterator against Milvus
    # Lite, which has no server-side MVCC timestamp.
    logging.getLogger("pymilvus.client.iterator").setLevel(logging.ERROR)
    try:
        client = MilvusClient(
            uri=uri,
            token=token,
            timeout=timeout,
            grpc_options={"grpc.keepalive_time_ms": 60_000, "grpc.keepalive_timeout_ms": 30_000},
        )
        client.list_collections(timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - pymilvus raises MilvusException and grpc errors of many kinds
        raise IndexLoadError(
            f"cannot reach Milvus at {uri} ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}). Start it "
            "(e.g. `.venv/bin/milvus-lite server --data-dir var/milvus --host 127.0.0.1 --port 19530`) or set "
            "QA_MILVUS_URI / QA_MILVUS_TOKEN."
        ) from None
    return client


def _idf(n_docs: int, df: np.ndarray, average_idf: float, epsilon: float) -> np.ndarray:
    """rank-bm25's idf with its floor: negative idfs become epsilon · (average idf over all terms)."""
    idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    return np.where(idf < 0, epsilon * average_idf, idf)


def _build_properties(index: CorpusIndex) -> dict[str, str]:
    """What a collection must agree on with the local index to be searched with it."""
    bm25 = index.bm25
    return {
        "qa.schema": str(SCHEMA_VERSION),
        "qa.embed_model": index.embed_model,
        "qa.dimension": str(index.vectors.dimension),
        "qa.tokenizer": json.dumps(index.manifest.get("tokenizer"), sort_keys=True, ensure_ascii=False),
        "qa.bm25": json.dumps({"k1": bm25.params.k1, "b": bm25.params.b, "epsilon": bm25.params.epsilon}),
    }


def _schema(client: MilvusClient, dimension: int) -> Any:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False, description="report-qa chunks")
    schema.add_field("chunk_id", DataType.VARCHAR, is_primary=True, max_length=512)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=512)
    schema.add_field("doc_sha", DataType.VARCHAR, max_length=64)
    schema.add_field("places", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=_MAX_PLACES, max_length=16)
    schema.add_field("year", DataType.INT64)
    schema.add_field("start", DataType.INT64)
    schema.add_field("end", DataType.INT64)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    return schema


def _terms_schema(client: MilvusClient) -> Any:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False, description="report-qa BM25 terms")
    schema.add_field("term", DataType.VARCHAR, is_primary=True, max_length=1024)
    schema.add_field("id", DataType.INT64)
    schema.add_field("df", DataType.INT64)
    # Milvus needs a vector field in every collection; the term table is only queried by scalar filters.
    schema.add_field("unused", DataType.FLOAT_VECTOR, dim=2)
    return schema


def _create(client: MilvusClient, collection: str, index: CorpusIndex, m: int, ef_construction: int) -> None:
    params = client.prepare_index_params()
    params.add_index(
        field_name="dense", index_type="HNSW", metric_type="IP", params={"M": m, "efConstruction": ef_construction}
    )
    params.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    client.create_collection(
        collection, schema=_schema(client, index.vectors.dimension), index_params=params, properties={}
    )
    terms_params = client.prepare_index_params()
    terms_params.add_index(field_name="unused", index_type="FLAT", metric_type="L2")
    client.create_collection(f"{collection}_terms", schema=_terms_schema(client), index_params=terms_params)


def _properties(client: MilvusClient, collection: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in (client.describe_collection(collection).get("properties") or {}).items()}


def _check_compatible(client: MilvusClient, collection: str, index: CorpusIndex, *, for_search: bool) -> None:
    found = _properties(client, collection)
    wanted = _build_properties(index)
    if for_search:
        wanted["qa.build"] = index.path.name
    differing = sorted(k for k, v in wanted.items() if found.get(k) != v)
    if differing:
        what = ", ".join(k.removeprefix("qa.") for k in differing)
        raise IndexLoadError(
            f"the Milvus collection {collection!r} was built with other settings or another index build ({what} "
            "differ). Run `qa index` (or `qa index --force` to rewrite it)."
        )


def _iterate(client: MilvusClient, collection: str, fields: list[str]) -> Iterator[dict[str, Any]]:
    iterator = client.query_iterator(collection, batch_size=4096, filter="", output_fields=fields)
    try:
        while batch := iterator.next():
            yield from batch
    finally:
        iterator.close()


def _quote(values: Sequence[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def filter_expression(where: SearchFilter | None) -> str:
    """The neutral filter as a Milvus boolean expression ("" when it does not restrict)."""
    if not where:
        return ""
    parts = []
    if where.documents:
        parts.append(f"doc_id in {_quote(where.documents)}")
    if where.places:
        parts.append(f"array_contains_any(places, {_quote(where.places)})")
    if where.years:
        parts.append(f"year in [{', '.join(str(int(y)) for y in where.years)}]")
    return " and ".join(parts)


def sync(
    index: CorpusIndex,
    client: MilvusClient,
    collection: str,
    *,
    force: bool = False,
    hnsw_m: int = 32,
    ef_construction: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> SyncSummary:
    """Make `collection` hold the chunks of the local index build: rows of new or changed reports written,
    rows of removed ones deleted, unchanged reports' rows kept (all rewritten with `force`), the term table
    brought up to date, then the build id recorded so searches can check they agree."""
    terms_collection = f"{collection}_terms"
    if force:
        for name in (collection, terms_collection):
            if client.has_collection(name):
                client.drop_collection(name)
    if not client.has_collection(collection) or not client.has_collection(terms_collection):
        for name in (collection, terms_collection):
            if client.has_collection(name):
                client.drop_collection(name)
        _create(client, collection, index, hnsw_m, ef_construction)
    else:
        _check_compatible(client, collection, index, for_search=False)
    client.load_collection(collection)
    client.load_collection(terms_collection)

    bm25 = index.bm25
    local_terms = sorted(bm25.vocabulary, key=bm25.vocabulary.__getitem__)
    ids = {row["term"]: int(row["id"]) for row in _iterate(client, terms_collection, ["term", "id"])}
    next_id = max(ids.values(), default=-1) + 1
    new_terms = [t for t in local_terms if t not in ids]
    for offset, term in enumerate(new_terms):
        ids[term] = next_id + offset
    milvus_id = np.fromiter((ids[t] for t in local_terms), dtype=np.int64, count=len(local_terms))

    # Which reports changed: by the sha256 of their source, per row.
    stored: dict[str, str] = {}
    for record in _iterate(client, collection, ["doc_id", "doc_sha"]):
        stored[record["doc_id"]] = record["doc_sha"]
    local = {d.doc_id: d for d in index.documents.values()}
    removed = [doc_id for doc_id, sha in stored.items() if doc_id not in local or local[doc_id].sha256 != sha]
    keep = {doc_id for doc_id in stored if doc_id not in removed}
    for start in range(0, len(removed), _BATCH):
        client.delete(collection, filter=f"doc_id in {_quote(removed[start : start + _BATCH])}")

    # Documents × terms view of the BM25 weights; tfpart = weight / idf (idf 0 carries no score either way).
    by_doc = bm25.weights.T.tocsr()
    idf = np.asarray(bm25.idf if bm25.idf is not None else np.ones(len(local_terms)))
    safe_idf = np.where(idf == 0, 1.0, idf)
    years = {d.doc_id: document_year(d.title, d.text) for d in local.values()}
    rows_to_write = [r for r, c in enumerate(index.chunks) if c.doc_id not in keep]
    inserted = 0
    for start in range(0, len(rows_to_write), _BATCH):
        batch = []
        for chunk_row in rows_to_write[start : start + _BATCH]:
            chunk = index.chunks[chunk_row]
            lo, hi = by_doc.indptr[chunk_row], by_doc.indptr[chunk_row + 1]
            terms = by_doc.indices[lo:hi]
            tfpart = by_doc.data[lo:hi] / safe_idf[terms]
            batch.append(
                {
                    "chunk_id": chunk.chunk_id,
                    "doc_id": chunk.doc_id,
                    "doc_sha": local[chunk.doc_id].sha256,
                    "places": list(chunk.places[:_MAX_PLACES]),
                    "year": years[chunk.doc_id],
                    "start": chunk.start,
                    "end": chunk.end,
                    "dense": index.vectors.index.reconstruct(chunk_row).tolist(),
                    "sparse": {int(milvus_id[t]): float(w) for t, w in zip(terms, tfpart) if w != 0},
                }
            )
        client.insert(collection, batch)
        inserted += len(batch)
        if progress:
            progress(inserted, len(rows_to_write))

    df = np.diff(bm25.indptr)
    term_rows = [
        {"term": t, "id": int(milvus_id[i]), "df": int(df[i]), "unused": [0.0, 0.0]} for i, t in enumerate(local_terms)
    ]
    for start in range(0, len(term_rows), 5 * _BATCH):
        client.upsert(terms_collection, term_rows[start : start + 5 * _BATCH])

    idf_raw = np.log(bm25.n_docs - df + 0.5) - np.log(df + 0.5)
    average_idf = float(idf_raw.sum() / len(idf_raw)) if len(idf_raw) else 0.0
    client.alter_collection_properties(
        collection,
        properties={
            **_build_properties(index),
            "qa.build": index.path.name,
            "qa.n_docs": str(bm25.n_docs),
            "qa.average_idf": repr(average_idf),
        },
    )
    client.flush(collection)
    client.flush(terms_collection)
    return SyncSummary(inserted, len(removed), len(keep), len(new_terms))


def _first_rows(index: CorpusIndex) -> dict[str, int]:
    """doc_id → row of its first chunk (chunks are stored document by document)."""
    chunks = index.chunks
    doc_rows = getattr(chunks, "doc_rows", None)
    if doc_rows is not None:
        by_row = doc_rows()
        ids = list(index.documents)
        starts = np.flatnonzero(np.r_[True, by_row[1:] != by_row[:-1]]) if len(by_row) else np.array([], dtype=int)
        return {ids[int(by_row[s])]: int(s) for s in starts}
    first: dict[str, int] = {}
    for row, chunk in enumerate(chunks):
        first.setdefault(chunk.doc_id, row)
    return first


class MilvusBackend:
    """Sparse and dense search in a Milvus collection written by `sync` from the same index build."""

    name = "milvus"

    def __init__(self, index: CorpusIndex, client: MilvusClient, collection: str, ef_search: int = 256) -> None:
        if not client.has_collection(collection) or not client.has_collection(f"{collection}_terms"):
            raise IndexLoadError(
                f"the Milvus collection {collection!r} does not exist. Run `qa index` with QA_BACKEND=milvus."
            )
        _check_compatible(client, collection, index, for_search=True)
        self.index = index
        self.client = client
        # The server swaps in a new backend on every reload while requests in flight keep the old one: its
        # connection closes when the last of them lets go (or at close()), not at the swap.
        self._release = weakref.finalize(self, client.close)
        self.collection = collection
        self.ef_search = ef_search
        client.load_collection(collection)
        client.load_collection(f"{collection}_terms")
        props = _properties(client, collection)
        n_docs, average_idf = int(props["qa.n_docs"]), float(props["qa.average_idf"])
        terms, term_ids, dfs = [], [], []
        for row in _iterate(client, f"{collection}_terms", ["term", "id", "df"]):
            terms.append(row["term"])
            term_ids.append(int(row["id"]))
            dfs.append(int(row["df"]))
        idf = _idf(n_docs, np.asarray(dfs, dtype=np.float64), average_idf, index.bm25.params.epsilon)
        self._terms = {t: (i, float(w)) for t, i, w in zip(terms, term_ids, idf)}
        self._first_row = _first_rows(index)

    def _row(self, chunk_id: str) -> int | None:
        """The local row of a chunk id (`<doc_id>#<n>`: its document's first row + n), None if not in this build.
        Per document, not per chunk: the map stays small at hundreds of millions of chunks."""
        doc_id, _, n = chunk_id.rpartition("#")
        first = self._first_row.get(doc_id)
        if first is None or not n.isdecimal():
            return None
        row = first + int(n)
        if row >= len(self.index.chunks) or self.index.chunks[row].chunk_id != chunk_id:
            return None
        return row

    def count(self) -> int:
        result = self.client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(result[0]["count(*)"])

    def _hits(self, result: Any) -> list[tuple[int, float]]:
        found = ((self._row(h["chunk_id"]), float(h["distance"])) for h in result[0])
        hits = [(row, score) for row, score in found if row is not None]
        # Scores are float32 inside Milvus: ties and near-ties are ordered by row, as the in-process backend does.
        return sorted(hits, key=lambda pair: (-float(np.float32(pair[1])), pair[0]))

    def sparse_search(
        self, tokens: Sequence[str], k: int, where: SearchFilter | None = None
    ) -> list[tuple[int, float]]:
        counts = Counter(t for t in tokens if t in self._terms)
        query = {self._terms[t][0]: n * self._terms[t][1] for t, n in counts.items()}
        query = {i: w for i, w in query.items() if w != 0 and math.isfinite(w)}
        if not query:
            return []
        result = self.client.search(
            self.collection,
            data=[query],
            anns_field="sparse",
            limit=k,
            filter=filter_expression(where),
            output_fields=["chunk_id"],
            search_params={"metric_type": "IP", "params": {"drop_ratio_search": 0.0}},
        )
        return [(row, score) for row, score in self._hits(result) if score > 0]

    def dense_search(self, vector: np.ndarray, k: int, where: SearchFilter | None = None) -> list[tuple[int, float]]:
        result = self.client.search(
            self.collection,
            data=[np.asarray(vector, dtype=np.float32).reshape(-1).tolist()],
            anns_field="dense",
            limit=k,
            filter=filter_expression(where),
            output_fields=["chunk_id"],
            search_params={"metric_type": "IP", "params": {"ef": max(self.ef_search, k)}},
        )
        return self._hits(result)

    def close(self) -> None:
        self._release()  # once: a finalizer runs at most one time

"""Benchmarks of the retrieval path at 10k, 100k and 1M chunks (`make bench`, `make bench-1m`).

`bench.corpus` builds deterministic corpora of any size from real Chinese sentences; `bench.run` builds the
indexes, measures them against rank-bm25 and exact FAISS search, and writes `var/bench/results.json`.
"""

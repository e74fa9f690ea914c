# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
QA := $(VENV)/bin/qa
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export HF_HUB_OFFLINE := 1
# `make run PORT=8123` when 8000 is taken
PORT ?= 8000
export TOKENIZERS_PARALLELISM := false

.PHONY: setup setup-test index run lint test bench loadtest probe eval clean

# `make run` installs what the assistant needs; the test tools (pytest, playwright, ruff, mypy…) come with
# `make test` only.
setup: $(STAMP)
setup-test: $(TEST_STAMP)

# torch first, pinned: 2.13.0 is the CPU build this machine carries; anything else would pull CUDA wheels.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install -q -e ".[test]"
	touch $(TEST_STAMP)

index: setup
	$(QA) index

run: setup
	$(QA) index
	$(QA) serve --host 127.0.0.1 --port $(PORT)

# Lint, format, types (config in pyproject.toml) and the scan for paths outside the repo (tests/check_paths.py).
lint: setup-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m tests.check_paths

# Every test runs, the slow end-to-end ones (`-m slow`) included; `pytest -m "not slow"` for a quick pass.
test: setup-test lint
	$(PY) -m pytest -q
	$(QA) index
	$(QA) eval eval/sets/dev_questions.jsonl --check

eval: setup
	$(QA) eval eval/sets/dev_questions.jsonl --mode all
	$(QA) eval eval/sets/cmrc2018-trial --mode all

# Retrieval benchmark (bench/): 10k and 100k chunks of real Chinese text, table on the terminal and in
# var/bench/results.json (about 5 min here). BENCH_1M=1 adds 1M chunks to the same run: ~40 min the first
# time (30 of them building the HNSW graph, cached in var/bench/cache), ~9 min after; `make bench-1m` runs
# 1M alone and keeps the figures of the other sizes from the previous run. bench.big_report then times
# cleaning and chunking one generated 1/10/50 MB report (and 1 MB of short lines), with peak memory
# (var/bench/big_report.json, a few minutes).
COMMA := ,
bench: setup
	$(PY) -m bench.run --sizes 10k,100k$(if $(BENCH_1M),$(COMMA)1m)
	$(QA) index
	$(PY) -m bench.ask --chunks 100000
	$(PY) -m bench.big_report --sizes 1,10,50,short:1
	$(PY) -m bench.milvus --sizes 10k,100k
	$(PY) -m bench.embedding encode
	$(PY) -m bench.embedding add-report --chunks 10000

.PHONY: bench-1m
bench-1m: setup
	$(PY) -m bench.run --sizes 1m
	$(MAKE) bench-hnsw HNSW_N=1000000

# HNSW recall/latency by efSearch on real e5 chunk vectors (CMRC trial's, plus any under var/eval and var/index)
# and on e5-like ones grown to HNSW_N (their mean and covariance), real e5 questions; the graph is grown in
# 50k steps cached in var/bench/cache (a stopped run resumes). 1M: ~1 h of 2 idle cores. var/bench/embedding.json.
# Then the same on real_kde vectors (real e5 chunk + sentence vectors, then draws around them with noise shaped
# like their covariance; the generator checked against the real vectors by `make bench-ann-hardness`): ~15 min at 1M.
HNSW_N ?= 1000000
HNSW_REAL := var/bench/cmrc-e5/current/chunk_vectors.npy,var/eval/*/index/current/chunk_vectors.npy,var/index/current/chunk_vectors.npy
ANN_REAL := var/eval/*/index/builds/*/chunk_vectors.npy,var/eval/*/index/builds/*/sentence_vectors.npy
ANN_QUERIES := eval/sets/cmrc2018-trial/queries.jsonl,eval/sets/drcd-dev/queries.jsonl
.PHONY: bench-hnsw
bench-hnsw: setup
	$(QA) index --corpus eval/sets/cmrc2018-trial/corpus.jsonl --index-dir var/bench/cmrc-e5
	$(PY) -m bench.ann_scale --kind real --real '$(HNSW_REAL)' --queries eval/sets/cmrc2018-trial/queries.jsonl
	nice $(PY) -m bench.ann_scale --kind e5_like --n $(HNSW_N) --real '$(HNSW_REAL)' \
		--queries eval/sets/cmrc2018-trial/queries.jsonl
	nice $(PY) -m bench.ann_scale --kind real_kde --bandwidth 0.4 --n $(HNSW_N) --real '$(ANN_REAL)' \
		--queries '$(ANN_QUERIES)' --ef 32,64,96,128,192,256,384,512,1024

# Which synthetic vectors are as hard for approximate search as real e5 ones: relative contrast, local intrinsic
# dimensionality and HNSW recall by efSearch of the real vectors (eval indexes' chunk and sentence vectors, ~19k)
# against generators fitted on 1/4, 1/16 and 1/52 of them and grown back to the real count; then RC/LID of the
# grown corpora at 100k and 1M. Needs the eval indexes (`qa eval` builds them). ~10 min. var/bench/embedding.json.
.PHONY: bench-ann-hardness
bench-ann-hardness: setup
	nice $(PY) -m bench.ann_compare --hardness --fit-parts 4,16,52 --hardness-n 100000,1000000 \
		--real '$(ANN_REAL)' --queries '$(ANN_QUERIES)'

# Other approximate-search kinds against flat HNSW, grown to ANN_N e5-like vectors with real e5 questions
# (bench/ann_compare.py: HNSW over SQ8 codes or PCA-projected vectors with exact re-rank, IVF flat and 4-bit PQ
# fast scan; docs/embedding.md "Other index kinds"). ~30 min at 200k on 2 shared cores. var/bench/embedding.json.
ANN_N ?= 200000
.PHONY: bench-ann-compare
bench-ann-compare: setup
	nice $(PY) -m bench.ann_compare --kind e5_like --n $(ANN_N) --measure-at 100000,$(ANN_N) \
		--variants hnsw48,hnsw48_sq8,pca128_hnsw32,ivf,ivfpq192fs

# Load test, not part of `make test`: builds the index if needed, starts `qa serve` on a free loopback port,
# runs 32 clients for 60 s (after a 5 s warm-up), stops it; figures on the terminal and in var/loadtest.json.
loadtest: setup-test
	$(QA) index
	$(PY) -m bench.loadtest --clients 32 --duration 60 --json var/loadtest.json

# Hostile-client probe, not part of `make test` (about 2 min): starts `qa serve` on a free loopback port over
# the index, runs header floods, slowloris, slow and over-limit bodies, costly questions, /healthz under 8
# costly clients and a burst of asks; the table on the terminal and in var/probe.json (bench/probe_server.py).
probe: setup-test
	$(QA) index
	$(PY) -m bench.probe_server --clients 8 --seconds 10 --json var/probe.json

clean:
	rm -rf var/

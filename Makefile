# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
QA := $(VENV)/bin/qa
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup index run test bench loadtest eval clean

setup: $(STAMP)

# torch first, pinned: 2.13.0 is the CPU build this machine carries; anything else would pull CUDA wheels.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

index: setup
	$(QA) index

run: setup
	$(QA) index
	$(QA) serve --host 127.0.0.1 --port 8000

test: setup
	$(PY) -m pytest -q
	$(QA) eval eval/sets/dev_questions.jsonl --check

eval: setup
	$(QA) eval eval/sets/dev_questions.jsonl --mode all
	$(QA) eval eval/sets/cmrc2018-trial --mode all

clean:
	rm -rf var/

# Habitual commands. `make report` and `make test` are the README's two Quick start commands.
PY ?= python3
YEAR ?=
WORKERS ?=

.PHONY: setup report test test-fast bench sample validate score clean

setup:
	PYTHON=$(PY) ./scripts/setup.sh

report: setup  ## all district reports + comparison + index for the latest year of the bundled sample
	$(PY) -m dxkit batch --inputs inputs/ --format html,pdf $(if $(WORKERS),--workers $(WORKERS),) $(if $(YEAR),--year $(YEAR),)

test: setup  ## lint, types and the import contract (stages point one way), then the whole suite with notebooks (nbval)
	$(PY) -m ruff check dxkit tests benchmarks scripts
	$(PY) -m ruff format --check dxkit tests benchmarks scripts
	$(PY) -m mypy
	$(PY) -c "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"
	$(PY) -m pytest tests notebooks --nbval-lax -p no:cacheprovider

test-fast:  ## unit tests only, no set-up, no notebooks
	$(PY) -m pytest tests -x -q

score:
	$(PY) -m dxkit score inputs/ --out outputs/scores.csv

validate:
	$(PY) -m dxkit validate inputs/ --districts inputs/districts.csv

sample:  ## regenerate the synthetic sample province (fixed seed)
	$(PY) -m dxkit.sample

bench:
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_intake.py
	$(PY) benchmarks/bench_sensitivity.py
	$(PY) benchmarks/bench_batch.py

clean:
	find outputs -mindepth 1 ! -name .gitkeep ! -name README.md -exec rm -rf {} +

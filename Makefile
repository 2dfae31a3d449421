# The README's two commands: `make demo` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
TF_VENV ?= .venv-tf
PY := $(VENV)/bin/python

.PHONY: demo test docs docs-site readme dist oracle-docs vscode-screenshot bench ecosystem fuzz tf-env clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Real TensorFlow lives in its own environment: the oracle tests run rule examples in it.
$(TF_VENV)/.installed:
	$(PYTHON) -m venv $(TF_VENV)
	$(TF_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TF_VENV)/bin/python -m pip install --quiet 'tensorflow-cpu>=2.16,<2.22'
	touch $@

tf-env: $(TF_VENV)/.installed

demo: $(VENV)/.installed
	@echo '$$ hybridlint check examples/   # the stable rules: on by default'
	@$(VENV)/bin/hybridlint check --no-progress examples/ || true
	@echo
	@echo '$$ hybridlint check --preview examples/   # and the preview rules: every hazard in the examples'
	@$(VENV)/bin/hybridlint check --no-progress --preview examples/ || true
	@echo
	@echo '$$ hybridlint check --preview --diff examples/   # the safe fixes --fix would apply'
	@$(VENV)/bin/hybridlint check --preview --diff examples/ || true
	@echo
	@echo '$$ hybridlint check --preview --diff --unsafe-fixes examples/'
	@$(VENV)/bin/hybridlint check --preview --diff --unsafe-fixes examples/ || true
	@echo
	@echo 'hybridlint is installed in $(VENV)/bin: run `$(VENV)/bin/hybridlint check PATH`, or'
	@echo '`source $(VENV)/bin/activate` to have `hybridlint` on PATH in this shell.'

test: $(VENV)/.installed $(TF_VENV)/.installed
	HYBRIDLINT_TF_PYTHON=$(abspath $(TF_VENV))/bin/python $(PY) -m pytest

# docs/rules.md, docs/rules/*.md and the HTML pages diagnostics link to (hybridlint/rule_docs/).
docs: $(VENV)/.installed
	$(PY) -m hybridlint.docs docs

# site/: a MkDocs (Material) site of docs/, for organisations that host the rule pages (`docs-url`).
docs-site: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,docs]'
	$(PY) -m hybridlint.docs docs
	$(PY) -m mkdocs build --strict --site-dir site

# The README's demo section, from a real run on examples/ (tests/test_readme.py fails while it is stale).
readme: $(VENV)/.installed
	$(PY) tools/readme_demo.py --write

# dist/: the wheel and sdist of hybridlint, and the VS Code extension with the server bundled in it.
dist: $(VENV)/.installed
	rm -rf dist
	$(PY) -m build --outdir dist .
	$(MAKE) -C editors/vscode vsix PYTHON=$(abspath $(PY))
	cp editors/vscode/hybridlint-*.vsix dist/
	@ls -1 dist

# docs/oracle.md: what real TensorFlow showed for each rule's examples and fixes.
oracle-docs: $(VENV)/.installed $(TF_VENV)/.installed
	HYBRIDLINT_TF_PYTHON=$(abspath $(TF_VENV))/bin/python $(PY) -m tests.oracle.generate

# docs/images/vscode.png: the screenshot the real-VS-Code test takes (code-server + headless Chromium).
vscode-screenshot: $(VENV)/.installed
	CI=true HYBRIDLINT_VSCODE_SCREENSHOT=$(abspath docs/images/vscode.png) $(PY) -m pytest -q tests/e2e/test_vscode_real.py

bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/batch.py
	$(PY) bench/lsp_latency.py

# The ecosystem check (docs/accuracy.md): pinned real TensorFlow projects from PyPI, cached under
# .cache/ecosystem/, every finding matched against tests/ecosystem/verdicts.toml.
# ECOSYSTEM_ARGS passes options on, e.g. `make ecosystem ECOSYSTEM_ARGS=--write`.
ecosystem: $(VENV)/.installed
	$(PY) bench/ecosystem.py $(ECOSYSTEM_ARGS)

# The long fuzz run of the language server (the test suite runs a few seconds of it); figures in
# docs/reliability.md. FUZZ_SEED picks another seed.
FUZZ_EDITS ?= 20000
FUZZ_MALFORMED ?= 2000
FUZZ_SEED ?= 20261206
fuzz: $(VENV)/.installed
	HYBRIDLINT_FUZZ_EDITS=$(FUZZ_EDITS) HYBRIDLINT_FUZZ_MALFORMED=$(FUZZ_MALFORMED) HYBRIDLINT_FUZZ_FRAMING=20 \
	HYBRIDLINT_FUZZ_SEED=$(FUZZ_SEED) $(PY) -m pytest -q -s -p no:cacheprovider tests/test_fuzz_lsp.py

clean:
	rm -rf $(VENV) $(TF_VENV) .pytest_cache .hypothesis build dist site *.egg-info

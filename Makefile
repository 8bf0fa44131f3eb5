# Two commands set everything up on a fresh machine with Python 3.11 and pip: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: demo test bench clean-out

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

SEED := drafts/mc-4-international-cooperation
ROUNDS := $(SEED)/r1.md $(SEED)/r2.md $(SEED)/r3.md
CW := $(BIN)/clausewise
# --pdf only where LibreOffice is installed (the Word file is built either way)
PDF := $(if $(shell command -v soffice 2>/dev/null),--pdf,)

# The main job on the seed: check, build the Word file, diff two rounds, write the HTML report.
# `diff` exits 1 when rounds differ (like diff(1)), so those lines accept 1 as success.
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(CW) check $(SEED)
	$(CW) summary $(SEED)/pre-session-document.md
	$(CW) build $(SEED)/pre-session-document.md -o $(OUT)/seed-pre-session-document.docx $(PDF)
	$(CW) build $(SEED)/r2.md -o $(OUT)/mc-4-r2.docx --highlight-brackets
	$(CW) diff $(SEED)/r1.md $(SEED)/r2.md || [ $$? -eq 1 ]
	$(CW) diff $(SEED)/r1.md $(SEED)/r2.md --format html -o $(OUT)/diff-r1-r2.html || [ $$? -eq 1 ]
	$(CW) redline $(SEED)/r1.md $(SEED)/r2.md -o $(OUT)/redline-r1-r2.docx
	$(CW) brackets $(SEED)/r2.md
	$(CW) history $(ROUNDS) --format html -o $(OUT)/history.html
	$(CW) clean $(SEED)/r3.md -o $(OUT)/MC-4-final.docx --number MC-4/11
	@echo "demo: results in $(OUT)/ (open $(OUT)/diff-r1-r2.html in a browser)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

clean-out:
	rm -rf $(OUT)

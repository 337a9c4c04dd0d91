# chiso — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo install install-test test lint format bench screenshots clean-demo

demo: install
	$(BIN)/chiso demo --addr $(HOST)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package for the browser tests"; fi; }
	@{ tesseract --list-langs 2>/dev/null | grep -qx vie && tesseract --list-langs 2>/dev/null | grep -qx eng \
	  && command -v pdftoppm >/dev/null && test -f /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng poppler-utils fonts-noto-core >/dev/null; \
	  else echo "OCR tools are missing: install Debian's tesseract-ocr, tesseract-ocr-vie, tesseract-ocr-eng, poppler-utils and fonts-noto-core for the OCR tests"; fi; }
	@# Liberation Serif 2 has Times New Roman's metrics and the Vietnamese letters (1.07 lacks them).
	@{ command -v soffice >/dev/null && command -v pdftotext >/dev/null \
	  && test -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation2 >/dev/null; \
	  else echo "LibreOffice is missing: install Debian's libreoffice-writer-nogui, poppler-utils and fonts-liberation2 for the report PDFs and their tests"; fi; }
	touch $@

test: install install-test
	$(BIN)/chiso makemigrations --check --dry-run
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install install-test
	$(BIN)/python bench/run.py

screenshots: install install-test
	$(BIN)/python scripts/screenshots.py

clean-demo:
	rm -f var/chiso.sqlite3 var/chiso.sqlite3-wal var/chiso.sqlite3-shm
	rm -rf var/metrics

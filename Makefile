# `make run` and `make test` set everything up on a fresh machine; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
TOOLS := .tools
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

# The first interpreter >= 3.12 among the usual names (pyenv shims, distribution packages, PATH).
find_python = for c in python3.13 python3.14 python3.12 python3 python; do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; exit 0; }; \
	done; \
	for p in $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	  [ -x $$p ] && { echo $$p; exit 0; }; \
	done; exit 1

.PHONY: help
help:
	@echo "make run    – cài đặt, nạp dữ liệu mẫu và chạy ứng dụng tại http://127.0.0.1:8000"
	@echo "             set up, load the demo data and serve the app at http://127.0.0.1:8000"
	@echo "make test   – cài đặt và chạy toàn bộ bộ kiểm thử / set up and run the whole test suite"
	@echo "make lint   – kiểm tra mã nguồn (ruff, các tầng của mã: import-linter)"
	@echo "             check the code (ruff, the code's layers: import-linter)"
	@echo "make bench  – đo hiệu năng (xem bench/README.md) / measure performance (see bench/README.md)"

$(TOOLS)/python:
	@python=$$($(find_python)) || { echo "Cần Python >= 3.12 (Python >= 3.12 is required): không tìm thấy trên máy này." >&2; exit 1; }; \
	echo "Python: $$python ($$($$python --version))"; \
	mkdir -p $(TOOLS) && ln -sf $$python $(TOOLS)/python

# uv itself is installed with pip into a private folder when it is not on the PATH already.
$(TOOLS)/uv: | $(TOOLS)/python
	@if command -v uv >/dev/null 2>&1; then ln -sf $$(command -v uv) $(TOOLS)/uv; \
	else $(TOOLS)/python -m venv $(TOOLS)/venv && $(TOOLS)/venv/bin/pip install -q uv && ln -sf venv/bin/uv $(TOOLS)/uv; fi

$(VENV)/.synced: pyproject.toml uv.lock | $(TOOLS)/uv
	$(TOOLS)/uv sync --frozen --python $$(readlink -f $(TOOLS)/python)
	@touch $@

# The browser's third-party files (package.json, pinned in package-lock.json) are copied into static/vendor/,
# which is not in git: the app serves them itself, no CDN.
VENDOR := static/vendor
$(VENDOR)/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Cần npm (Node.js) để cài các tệp giao diện (npm is required)." >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/tom-select
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/css/tom-select.default.min.css $(VENDOR)/tom-select/
	@touch $@

.PHONY: install
install: $(VENV)/.synced $(VENDOR)/.installed

.PHONY: messages
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(MANAGE) compilemessages -v0 --ignore=.venv --ignore=.tools; \
	else echo "Cảnh báo: chưa có gettext (msgfmt), giao diện tiếng Anh sẽ không được dịch." >&2; fi

.PHONY: run
run: messages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo
	@echo ""
	@echo "Mở http://127.0.0.1:8000 và đăng nhập bằng một tài khoản ở trên."
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

.PHONY: test
test: messages
	$(PY) -m pytest

.PHONY: lint
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

# make bench ARGS="--tier province --generate"  (options: .venv/bin/python bench/run.py --help)
.PHONY: bench
bench: install
	$(PY) bench/run.py $(ARGS)

.PHONY: clean
clean:
	rm -rf $(VENV) $(TOOLS) staticfiles node_modules $(VENDOR)

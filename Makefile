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
	@echo "make dev    – như make run nhưng với DEBUG (trang lỗi chi tiết, tự nạp lại mã)"
	@echo "             like make run, with DEBUG (detailed error pages, code reloaded)"
	@echo "make serve  – chạy như trên máy chủ thật (gunicorn, DEBUG tắt; biến môi trường: docs/deploy.md)"
	@echo "             serve as in production (gunicorn, DEBUG off; environment: docs/deploy.md)"
	@echo "make test   – cài đặt và chạy toàn bộ bộ kiểm thử / set up and run the whole test suite"
	@echo "make lint   – kiểm tra mã nguồn (ruff, các tầng của mã: import-linter)"
	@echo "             check the code (ruff, the code's layers: import-linter)"
	@echo "make bench  – đo hiệu năng (xem bench/README.md) / measure performance (see bench/README.md)"
	@echo "make backtest – kiểm chứng dự báo 31/12 trên dữ liệu sinh (xem bench/README.md) / backtest the year-end forecast"
	@echo "make soak   – chạy thử tải: nhiều văn thư nhập liệu cùng lúc, khởi động lại PostgreSQL giữa chừng"
	@echo "             soak test: many clerks at once, PostgreSQL restarted in the middle"

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

# A random key of this checkout for a laptop (config/settings.py reads it when SECRET_KEY is not set).
.secret_key: | $(TOOLS)/python
	@umask 077 && $(TOOLS)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# The browser's third-party files (package.json, pinned in package-lock.json) are copied into static/vendor/,
# which is not in git: the app serves them itself, no CDN. Their source maps go too: the files name them, and
# the hashed static storage of make serve resolves every file a stylesheet names.
VENDOR := static/vendor
$(VENDOR)/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Cần npm (Node.js) để cài các tệp giao diện (npm is required)." >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/tom-select
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js{,.map} node_modules/tom-select/dist/css/tom-select.default.min.css{,.map} $(VENDOR)/tom-select/
	@touch $@

.PHONY: install
install: $(VENV)/.synced .secret_key $(VENDOR)/.installed

CATALOGUE := locale/en/LC_MESSAGES/django

.PHONY: messages
messages: install
	@if [ $(CATALOGUE).mo -nt $(CATALOGUE).po ]; then :; \
	elif command -v msgfmt >/dev/null 2>&1; then $(MANAGE) compilemessages -v0 --ignore=.venv --ignore=.tools; \
	else echo "Cảnh báo: chưa có gettext (msgfmt), giao diện tiếng Anh sẽ không được dịch." >&2; fi

# Served the way users are served (gunicorn, DEBUG off, the app's own 404/500 pages, static files through
# WhiteNoise); only what a laptop without TLS needs is turned off.
LAPTOP_ENV := SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	SERVE_SKIP_DEPLOY_CHECK=1
GUNICORN := $(VENV)/bin/gunicorn --config config/gunicorn.conf.py
# The background worker (manage.py db_worker: long imports and exports) runs beside the server and stops
# with it (ops/with-worker.sh).
WITH_WORKER := ops/with-worker.sh
WORKERS ?= 3
BIND ?= 127.0.0.1:8000

.PHONY: demo
demo: messages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo

.PHONY: run
run: demo
	@echo ""
	@echo "Mở http://127.0.0.1:8000 và đăng nhập bằng một tài khoản ở trên."
	$(LAPTOP_ENV) $(WITH_WORKER) $(GUNICORN) --workers 2 --bind 127.0.0.1:8000

.PHONY: dev
dev: demo
	DEBUG=1 $(WITH_WORKER) $(MANAGE) runserver 127.0.0.1:8000

# The production command: the environment of docs/deploy.md (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, ...)
# must be set; gunicorn refuses to start on any `check --deploy` warning, then collects the static files
# (config/gunicorn.conf.py). Migrations are a separate step (upgrades). The background worker runs beside it.
.PHONY: serve
serve: messages
	exec $(WITH_WORKER) $(GUNICORN) --workers $(WORKERS) --bind $(BIND)

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

# make backtest BACKTEST_ARGS="--orgs 60 --seed 1"  (the year-end forecast against generated history; see bench/README.md)
.PHONY: backtest
backtest: install
	$(PY) bench/backtest.py $(BACKTEST_ARGS)

# make soak SOAK_ARGS="--clerks 20 --seconds 120"  (a PostgreSQL cluster of its own; see bench/soak.py)
.PHONY: soak
soak: install
	$(PY) bench/soak.py $(SOAK_ARGS)

.PHONY: clean
clean:
	rm -rf $(VENV) $(TOOLS) staticfiles node_modules $(VENDOR)

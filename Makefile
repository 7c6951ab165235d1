# One entry point for editors and CI. Every target sets up .venv first, so a fresh clone needs
# only Python 3.11+ and make. Windows editors: see README ("Without make").

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
# The stamp names a hash of pyproject.toml and the lock file, so editing either reinstalls.
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib;print(hashlib.sha256(open('pyproject.toml','rb').read()+open('$(LOCK)','rb').read()).hexdigest()[:12])" 2>/dev/null)
# The tool that writes the lock file ('make lock'), pinned so that the lock is reproducible too.
UV_VERSION := 0.13.9
PIP_VERSION := 25.3

.PHONY: help setup serve build test bench bundle clean lock

help:
	@echo "make serve   validate, index and serve the site at http://127.0.0.1:8000 (live reload; PORT=8001 for another)"
	@echo "make build   validate, index and build the static site into site/"
	@echo "make test    run the whole test suite"
	@echo "make bench   run the search and build benchmark"
	@echo "make bundle  build the signed offline edition into dist/ (key: KC_SIGNING_KEY or KC_SIGNING_KEY_FILE)"
	@echo "make lock    re-resolve requirements.lock (with hashes) after changing a pin in pyproject.toml"

setup: $(STAMP)

# Reinstall whenever pyproject.toml or the lock changes. Every package, transitive ones, pip and setuptools
# included, comes from requirements.lock and must match one of its hashes; the project itself is then
# installed without resolving anything (--no-deps) and built with the locked setuptools.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info < (3, 11))" || { echo "Python 3.11 or later is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian/Ubuntu install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

# PORT=8001 make serve, or make serve PORT=8001, when 8000 is taken. Content errors do not stop the preview:
# they are listed on every page in the browser until they are fixed (so validate and index may fail here).
PORT ?= 8000

serve: setup
	-@$(BIN)/kc validate
	-@$(BIN)/kc index
	@$(BIN)/kc serve --port $(PORT)

build: setup
	$(BIN)/kc build
	$(BIN)/kc index

# axe-core for the accessibility tests, exactly as package-lock.json pins it; reinstalled when the lock changes.
# Without npm the accessibility tests are skipped (and fail in CI, where .ci/run installs npm).
NODE_STAMP := node_modules/.installed-lock

$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped (Debian/Ubuntu: apt-get install nodejs npm)"; fi

test: setup $(NODE_STAMP)
	$(BIN)/ruff check tools tests
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/kc bench

bundle: setup
	$(BIN)/kc bundle

# Resolve every dependency of pyproject.toml (test extra included) for all platforms against plain PyPI,
# with the hash of every file of each pinned release. uv runs from a venv of its own, outside .venv.
lock:
	@test -x .cache/uv/bin/uv || { $(PYTHON) -m venv .cache/uv && .cache/uv/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	printf 'pip==$(PIP_VERSION)\nsetuptools==%s\n' "$$($(PYTHON) -c "import re;print(re.search(r'setuptools==([^\x22]+)',open('pyproject.toml').read())[1])")" \
	  | .cache/uv/bin/uv pip compile --no-config --quiet pyproject.toml - --extra test --universal \
	    --python-version 3.11.5 --generate-hashes --custom-compile-command "make lock" --index-url https://pypi.org/simple -o $(LOCK)

# Staging folders of interrupted builds and bundles (.site-*, dist/.kc-bundle-*) go too.
clean:
	rm -rf site dist .cache .site-*

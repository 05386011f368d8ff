#!/usr/bin/env bash
# Installs what the tests need (in .venv) and runs them all: lint, format, then pytest.
# Set TEST_DATABASE_URL to a PostgreSQL database to run the data-layer tests on it too.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"

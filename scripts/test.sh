#!/usr/bin/env bash
# Installs what the tests need and runs them all: lint, format, then pytest.
# Python packages go in .venv; Chromium and ChromeDriver come from Debian (installed when
# missing and run as root); axe-core, for the accessibility checks, from the npm registry.
# Set TEST_DATABASE_URL to a PostgreSQL database to run the data-layer tests on it too.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if ! command -v chromium > /dev/null || ! command -v chromedriver > /dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y -qq chromium chromium-driver > /dev/null \
            || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver > /dev/null; }
    else
        echo "Browser tests need Chromium and ChromeDriver: apt-get install chromium chromium-driver" >&2
    fi
fi
# The scrutiny pack's PDF: WeasyPrint needs Pango; its tests read the PDF with poppler-utils.
if ! command -v pdftoppm > /dev/null || ! ldconfig -p | grep libpangoft2-1.0 > /dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y -qq poppler-utils libpango-1.0-0 libpangoft2-1.0-0 > /dev/null \
            || { apt-get update -qq \
                && apt-get install -y -qq poppler-utils libpango-1.0-0 libpangoft2-1.0-0 > /dev/null; }
    else
        echo "PDF tests need Pango and poppler-utils: apt-get install libpango-1.0-0" \
            "libpangoft2-1.0-0 poppler-utils" >&2
    fi
fi
if [ ! -f .browser/node_modules/axe-core/axe.min.js ]; then
    npm install --prefix .browser --no-save --no-audit --no-fund --silent axe-core@4.14.1
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# One test process per CPU, each taking whole modules (their fixtures are built once).
.venv/bin/python -m pytest -n auto --dist loadfile "$@"

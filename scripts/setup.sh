#!/usr/bin/env bash
# Set up a fresh machine for dxkit: system packages for PDF (Debian, as root) and the Python package.
# Safe to re-run: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || need_apt+=(fonts-dejavu-core)
# Liberation 2 covers Vietnamese (Liberation 1.07, which chromium pulls in, does not)
dpkg -s fonts-liberation2 >/dev/null 2>&1 || need_apt+=(fonts-liberation2)
# LibreOffice: the tests round-trip workbooks through it, as an officer's office suite would
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: PDF export needs: ${need_apt[*]} (run as root: apt-get install -y ${need_apt[*]}); HTML still works" >&2
  fi
fi

# Optional: Chromium's headless shell prints the same PDFs for a fifth less CPU (dxkit prefers it; chromium does
# the job where the package is missing, as on a distribution without it)
if ! command -v chromium-headless-shell >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  if apt-cache show chromium-headless-shell >/dev/null 2>&1; then
    echo "setup: apt-get install chromium-headless-shell"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-headless-shell >/dev/null \
      || echo "setup: chromium-headless-shell not installed (optional: PDFs print with chromium)" >&2
  fi
fi

if ! "$PY" -c "import dxkit, nbval, pypdf, babel, mypy, ruff" >/dev/null 2>&1 || [ pyproject.toml -nt .setup-stamp ]; then
  echo "setup: pip install -e .[test]"
  "$PY" -m pip install -q --disable-pip-version-check -e ".[test]"
  touch .setup-stamp
fi

#!/usr/bin/env bash
# Set up everything the tests need, then run the whole suite (lint and format checks too).
# Every install step is skipped when it is already satisfied, so a second run costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp_dir=.kgnotes_cache
mkdir -p "$stamp_dir"
want="$(python3 --version) $(sha256sum pyproject.toml | cut -d' ' -f1)"
# Imported from outside the checkout, kgnotes must be this checkout's (the pre-commit tests
# run it from other folders): an editable install left by a clone that was moved or
# deleted still satisfies an import made from here.
installed="$(cd / && python3 -c "import os, kgnotes, pytest, hypothesis, playwright, tokenizers, safetensors, wordllama; print(os.path.realpath(kgnotes.__file__))" 2>/dev/null || true)"
if [ "$(cat "$stamp_dir/test-env.stamp" 2>/dev/null)" != "$want" ] || [ "$installed" != "$(pwd -P)/kgnotes/__init__.py" ]; then
  echo "== installing kgnotes and its test dependencies"
  python3 -m pip install --quiet --disable-pip-version-check -e ".[test,dev,semantic]"
  echo "$want" > "$stamp_dir/test-env.stamp"
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq chromium >/dev/null
fi

echo "== ruff"
python3 -m ruff check .
python3 -m ruff format --check .

echo "== pytest"
set +e
python3 -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"

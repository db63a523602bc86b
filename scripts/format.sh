#!/usr/bin/env bash
# Formats the Swift sources with the checked-in .swift-format, then lints strictly.
#   scripts/format.sh          format in place, then lint
#   scripts/format.sh --lint   only check (CI): fails if a file is not formatted or a rule is broken
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Benchmarks)
if [[ "${1:-}" != "--lint" ]]; then
    swift format format --in-place --recursive --parallel "${paths[@]}"
fi
swift format lint --strict --recursive --parallel "${paths[@]}"
echo "format: clean"

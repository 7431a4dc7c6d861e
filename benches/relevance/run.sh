#!/usr/bin/env bash
# Relevance of the search ranking on judged queries (docs/guide/performance.md, "Search relevance").
#   benches/relevance/run.sh [BINARY] [--misses]
# Builds the default site (content/) with BINARY (default target/release/porchlight) into a
# temporary folder and scores default.tsv through `porchlight search --json`.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-target/release/porchlight}
shift || true
SITE=$(mktemp -d)
trap 'rm -rf "$SITE"' EXIT
"$BIN" build --quiet --out "$SITE/public" --now 2026-11-23T12:00:00Z
python3 benches/relevance/score.py "$BIN" "$SITE/public" benches/relevance/default.tsv "$@"

#!/usr/bin/env bash
# Relevance on a generated corpus (benches/relevance/generated.tsv).
#   benches/relevance/generated.sh [BINARY] [--misses] [--pagefind]
# Generates 1,000 tickets + 100 docs (seed 42) with ../shared/bench/gen-support-corpus.py,
# builds them with BINARY (default target/release/porchlight) and scores generated.tsv through
# `porchlight search --json`. --pagefind also scores Pagefind on the same corpus: it indexes
# the corpus's Hugo shape built by Hugo (Debian's `hugo`, as ../shared/bench/peers.sh uses),
# or Porchlight's pages of it when Hugo is not installed (see pagefind.sh for the rest).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-target/release/porchlight}
shift || true
SHARED=${SHARED:-../shared}
[ -f "$SHARED/bench/gen-support-corpus.py" ] || { echo "generated.sh: no $SHARED/bench/gen-support-corpus.py" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 "$SHARED/bench/gen-support-corpus.py" --tickets 1000 --docs 100 --seed 42 --out "$W" >/dev/null 2>&1
cp benches/corpus.toml "$W/porchlight.toml"
"$BIN" build --quiet --config "$W/porchlight.toml" --out "$W/public" --now 2026-11-23T12:00:00Z
args=(); pagefind=0
for a in "$@"; do [ "$a" = --pagefind ] && pagefind=1 || args+=("$a"); done
python3 benches/relevance/score.py "$BIN" "$W/public" benches/relevance/generated.tsv "${args[@]}"
if [ "$pagefind" = 1 ]; then
  if command -v hugo >/dev/null; then
    (cd "$W/hugo" && hugo --quiet --cacheDir "$W/hugo-cache")
    echo "Pagefind on Hugo's pages of the corpus ($(hugo version | awk '{print $2}')):"
    SITE_DIR="$W/hugo/public" benches/relevance/pagefind.sh "$BIN" benches/relevance/generated.tsv "${args[@]}"
  else
    echo "Pagefind on Porchlight's pages of the corpus (no hugo on PATH):"
    SITE_DIR="$W/public" benches/relevance/pagefind.sh "$BIN" benches/relevance/generated.tsv "${args[@]}"
  fi
fi

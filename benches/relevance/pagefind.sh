#!/usr/bin/env bash
# Pagefind on the same content and the same judged queries as run.sh, for comparison.
#   benches/relevance/pagefind.sh [BINARY] [QUERIES.tsv] [--misses]
# Builds the default site (or takes the site already built in $SITE_DIR: generated.sh
# --pagefind passes the generated corpus's), keeps its doc and ticket pages (the pages the queries judge; the
# lists, search and new-ticket pages are left out so they cannot compete), indexes them with
# Pagefind (the npm package in $PAGEFIND_DIR, default /tmp/porchlight-bench-pagefind, as
# ../shared/bench/peers.sh installs it), serves them on 127.0.0.1 and queries Pagefind's own
# pagefind.js in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-target/release/porchlight}
TSV=${2:-benches/relevance/default.tsv}
PAGEFIND_DIR=${PAGEFIND_DIR:-/tmp/porchlight-bench-pagefind}
PF=$(ls "$PAGEFIND_DIR"/node_modules/@pagefind/linux-*/bin/pagefind* 2>/dev/null | grep -v sha256 | head -1)
[ -x "$PF" ] || { echo "pagefind.sh: no Pagefind in $PAGEFIND_DIR (npm install pagefind@1.6.0 there)" >&2; exit 1; }
W=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$W"' EXIT
if [ -n "${SITE_DIR:-}" ]; then
  ln -s "$SITE_DIR" "$W/public"
else
  "$BIN" build --quiet --out "$W/public" --now 2026-11-23T12:00:00Z
fi
mkdir -p "$W/site"
(cd "$W/public" && find docs tickets -mindepth 2 -name index.html | while read -r f; do
  mkdir -p "$W/site/$(dirname "$f")"; cp "$f" "$W/site/$f"; done)
echo '<!doctype html><html><body></body></html>' > "$W/site/index.html"
"$PF" --site "$W/site" --glob '{docs,tickets}/**/*.html' --quiet >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$W/site" >/dev/null 2>&1 &
SERVER=$!
sleep 1
node benches/relevance/pagefind.mjs "http://127.0.0.1:$PORT/" "$TSV" > "$W/results.json"
echo "Pagefind $("$PF" --version 2>/dev/null | awk '{print $2}'), $(find "$W/site" -name index.html | wc -l) pages:"
python3 benches/relevance/score.py --results "$W/results.json" "$TSV" "${@:3}"

#!/usr/bin/env bash
# Lighthouse on every page kind of the default site, desktop and mobile (issue 18). A bench, not
# a test: CI never runs it, and it is the only place that downloads anything (Lighthouse from
# npm, once, into LIGHTHOUSE_DIR).
#
#   benches/lighthouse/run.sh [BINARY]
#
# Builds and serves the default site with `BINARY serve` (default target/release/porchlight) on
# 127.0.0.1, runs Lighthouse with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium,
# headless, the flags of ../shared/BROWSER.md) on the page kinds below, and prints one table
# row per page and form factor: performance, accessibility, best practices, SEO (0-100).
# The JSON reports stay in $OUT (default a temp folder, printed at the end). Scores and what
# they mean: docs/guide/performance.md.
#
# Environment:
#   LIGHTHOUSE_DIR      where the npm package is installed (default /tmp/porchlight-bench-lighthouse)
#   LIGHTHOUSE_VERSION  default 12.2.3 (13.x wants Node 22)
#   CHROME_PATH         default /usr/bin/chromium
#   OUT                 folder for the JSON reports
set -euo pipefail
cd "$(dirname "$0")/../.."
die() { echo "lighthouse/run.sh: $*" >&2; exit 2; }
BIN=${1:-target/release/porchlight}
[ -x "$BIN" ] || die "$BIN: no such binary (cargo build --release)"
LIGHTHOUSE_DIR=${LIGHTHOUSE_DIR:-/tmp/porchlight-bench-lighthouse}
LIGHTHOUSE_VERSION=${LIGHTHOUSE_VERSION:-12.2.3}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$CHROME_PATH" ] || die "no Chromium at $CHROME_PATH (apt-get install -y chromium)"
LH=$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse
if [ ! -x "$LH" ]; then
  echo "lighthouse/run.sh: installing lighthouse@$LIGHTHOUSE_VERSION into $LIGHTHOUSE_DIR" >&2
  npm install --prefix "$LIGHTHOUSE_DIR" --cache "$LIGHTHOUSE_DIR/.npm-cache" --no-audit --no-fund \
    --no-update-notifier --loglevel=error -E "lighthouse@$LIGHTHOUSE_VERSION" >&2
fi
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"

# The page kinds of issue 18 (tests/browser/axe.mjs checks the same ones).
PAGES=(
  "home|"
  "ticket list|tickets/"
  "stage list|tickets/stage/in-progress/"
  "ticket|tickets/4101/"
  "doc|docs/billing/refunds/"
  "docs index|docs/"
  "search with results|search/?q=refund"
  "new ticket|new/"
  # Lighthouse gives up on a 404 status, so the 404 page is loaded as the file it is.
  "404|404.html"
)

# `serve` builds into its own folder and prints its URL first.
LOG=$OUT/serve.log
"$BIN" serve --port 0 --now 2026-11-23T12:00:00Z >"$LOG" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$LOG" | head -n 1 || true)
  [ -n "$URL" ] && break
  kill -0 $SERVE 2>/dev/null || die "serve stopped: $(cat "$LOG")"
  sleep 0.1
done
[ -n "${URL:-}" ] || die "serve printed no URL: $(cat "$LOG")"
curl -fsS -o /dev/null "$URL" || die "$URL does not answer"

FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
printf '%-20s %-8s %5s %5s %5s %5s\n' page form perf a11y best seo
for form in desktop mobile; do
  preset=()
  [ "$form" = desktop ] && preset=(--preset=desktop)
  for entry in "${PAGES[@]}"; do
    name=${entry%%|*}
    path=${entry#*|}
    file="$OUT/$(echo "$name" | tr ' ' '-')-$form.json"
    "$LH" "$URL$path" "${preset[@]}" --quiet --output=json --output-path="$file" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="$FLAGS" --max-wait-for-load=30000 >/dev/null 2>"$file.log" \
      || die "lighthouse failed on $URL$path ($form): $(tail -5 "$file.log")"
    # search/, new/ and 404.html carry noindex by design, so their SEO is_crawlable audit fails.
    node -e '
      const r = require(process.argv[1]);
      const s = (k) => r.categories[k].score === null ? "n/a" : Math.round(r.categories[k].score * 100);
      console.log(process.argv[2].padEnd(20) + " " + process.argv[3].padEnd(8) + " " +
        ["performance", "accessibility", "best-practices", "seo"].map((k) => String(s(k)).padStart(5)).join(" "));
      for (const k of ["performance", "accessibility", "best-practices", "seo"]) {
        if (r.categories[k].score !== null && r.categories[k].score < 0.95) {
          const fails = r.categories[k].auditRefs
            .map((a) => r.audits[a.id])
            .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative")
            .map((a) => a.id);
          console.log("    " + k + " below 95: " + fails.join(", "));
        }
      }' "$file" "$name" "$form"
  done
done
echo "reports: $OUT"

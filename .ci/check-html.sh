#!/usr/bin/env bash
# The W3C Nu HTML Checker (vnu-jar from tests/browser's npm packages, run with Java) on every
# page kind of the default site: home, ticket list (all, open, closed, a stage), find my
# ticket, ticket (open and closed), doc, docs index, search, new ticket, 404; the German and
# French parts (home, a ticket, a translated doc, a doc shown untranslated); and the promise
# lines of tests/fixtures/promises (kept, missed, overdue, pending). Fails on any error. Needs
# a release build (cargo build --release) and `npm ci --prefix tests/browser`.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=tests/browser/node_modules/vnu-jar/build/dist/vnu.jar
[ -f "$jar" ] || { echo "check-html: $jar is missing: run npm ci --prefix tests/browser" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
target/release/porchlight build -q --now 2026-11-23T12:00:00Z --out "$out/site"
target/release/porchlight build -q --now 2026-11-23T12:00:00Z \
  --config tests/fixtures/promises/porchlight.toml --out "$out/promises"
cd "$out"
java -jar "$OLDPWD/$jar" --errors-only \
  site/index.html site/tickets/index.html site/tickets/open/index.html \
  site/tickets/closed/index.html site/tickets/stage/in-progress/index.html \
  site/tickets/find/index.html site/tickets/4101/index.html site/tickets/4103/index.html \
  site/docs/index.html site/docs/billing/refunds/index.html site/search/index.html \
  site/new/index.html site/404.html \
  site/fr/index.html site/de/tickets/4101/index.html site/fr/docs/billing/refunds/index.html \
  site/de/docs/billing/tax-rates/index.html \
  promises/tickets/index.html promises/tickets/501/index.html promises/tickets/503/index.html \
  promises/tickets/504/index.html
echo "check-html: 0 errors on 21 pages"

#!/usr/bin/env bash
# The W3C Nu HTML Checker (vnu-jar from tests/browser's npm packages, run with Java) on every
# page kind of the default site: home, ticket list (all, open, closed, a stage), find my
# ticket, ticket (open and closed), doc, docs index, search, new ticket, 404. Fails on any
# error. Needs a release build (cargo build --release) and `npm ci --prefix tests/browser`.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=tests/browser/node_modules/vnu-jar/build/dist/vnu.jar
[ -f "$jar" ] || { echo "check-html: $jar is missing: run npm ci --prefix tests/browser" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
target/release/porchlight build -q --now 2026-11-23T12:00:00Z --out "$out/site"
cd "$out/site"
java -jar "$OLDPWD/$jar" --errors-only \
  index.html tickets/index.html tickets/open/index.html tickets/closed/index.html \
  tickets/stage/in-progress/index.html tickets/find/index.html \
  tickets/4101/index.html tickets/4103/index.html \
  docs/index.html docs/billing/refunds/index.html search/index.html new/index.html 404.html
echo "check-html: 0 errors on 14 pages"

#!/bin/sh
# Runs every fuzz target for SECONDS (default 90) in sequence; logs in $LOGS (default
# /tmp/porchlight-fuzz). Needs a nightly toolchain and `cargo install cargo-fuzz`.
# Built without a sanitizer (safe Rust: panics, aborts, stack overflows, timeouts and memory
# blow-ups are what is looked for; ASan would halve the executions).
set -u
cd "$(dirname "$0")"
SECONDS_EACH=${SECONDS_EACH:-${1:-90}}
LOGS=${LOGS:-/tmp/porchlight-fuzz}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
mkdir -p "$LOGS"
# Build once, then run the binaries directly (`cargo fuzz run` rebuilds whenever the tree
# changes, which it does while others work on it).
cargo +nightly fuzz build --sanitizer none --target-dir "$TARGET_DIR" >"$LOGS/build.log" 2>&1 || { tail -20 "$LOGS/build.log"; exit 1; }
BIN="$TARGET_DIR/x86_64-unknown-linux-gnu/release"
for t in ${TARGETS:-native redmine mantis_json mantis_xml github docs_front_matter config markup_markdown markup_textile markup_plain}; do
  mkdir -p "corpus/$t"
  mkdir -p "artifacts/$t"
  "$BIN/$t" -artifact_prefix="artifacts/$t/" "corpus/$t" \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
    > "$LOGS/$t.log" 2>&1
  echo "$t exit $? $(grep -E '^stat::number_of_executed_units' "$LOGS/$t.log")" >> "$LOGS/summary.txt"
done

#!/usr/bin/env bash
# Build benchmark on a generated support corpus of realistic shape and size.
#
#   benches/build.sh N [RUNS] [--peers] [--floor] [--rebuild]
#
# Generates N tickets + N/10 docs with ../shared/bench/gen-support-corpus.py (a Redmine 5 JSON
# export with private issues and notes, and Markdown docs; cached in $BENCH_DIR/tN), builds it
# with the release binary RUNS times (default 3) under /usr/bin/time -v, and prints each run
# and the median wall time and peak RSS. With --peers it also runs ../shared/bench/peers.sh
# (Hugo + Pagefind on the same content) once and prints the ratios.
# Also checks the output for leaked private markers (PRIVMARK-…) after the last run.
# --floor: after each run, times `cp -r` of the finished output folder (the cost of just writing
#   the same files and bytes on this disk), the floor the build is compared with (medians).
# --rebuild: changes one public ticket's subject in a copy of the export and times the rebuild
#   into the existing output folder (unchanged files are hard-linked), printing what changed.
#
# Every timed tool writes into a folder that was never written before (runs/N/public, and
# Hugo's public/ is removed before the peers run), after `sync` and dropping the page cache,
# with the inputs read back into the cache: as a CI job on a fresh clone does. Why: on this
# machine's ext4, creating files right where tens of thousands were just deleted is 3-10x
# slower (the inode allocator scans the recently deleted inodes; `perf` shows
# find_inode_bit/recently_deleted), so a loop of `rm -rf public; build` measured the disk's
# bookkeeping, not the tools: cp -r of a 10,000-ticket site took 0.4 s into fresh space and
# 3-6 s after such a delete. So old outputs are deleted first, then the bench waits SETTLE_S
# (65) seconds. Dropping the cache needs root; without it the runs still go to fresh folders.
# Order: the runs (each followed by its floor copy), the peers, and last the rebuild (it deletes the site it
# replaces, as every rebuild does).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:?usage: benches/build.sh N [RUNS] [--peers]}
RUNS=${2:-3}
PEERS=0; FLOOR=0; REBUILD=0
for a in "$@"; do
  case "$a" in --peers) PEERS=1 ;; --floor) FLOOR=1 ;; --rebuild) REBUILD=1 ;; esac
done
[[ "$RUNS" =~ ^[0-9]+$ ]] || RUNS=3
BENCH_DIR=${BENCH_DIR:-/tmp/porchlight-bench}
SHARED=${SHARED:-../shared}
DIR="$BENCH_DIR/t$N"
DOCS=$(( N / 10 ))

command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
if [ ! -f "$DIR/SUMMARY.json" ]; then
  echo "generating $N tickets + $DOCS docs into $DIR" >&2
  python3 "$SHARED/bench/gen-support-corpus.py" --tickets "$N" --docs "$DOCS" --out "$DIR" >/dev/null
fi
cp benches/corpus.toml "$DIR/porchlight.toml"

cargo build --release --quiet
BIN=${BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/porchlight}
RUNS_DIR="$DIR/runs"
# Earlier outputs go first, well before anything is timed (see the header).
rm -rf "$RUNS_DIR" "$DIR/public" "$DIR/.public.porchlight-"* "$DIR/hugo/public"
# ext4 skips inodes deleted in the last 60 s (longer while their blocks are dirty) when it
# allocates new ones: wait that out once; nothing is deleted between the timed runs.
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; sleep "${SETTLE_S:-65}"
settle() { # write back, drop the page cache (root only), read the inputs back in
  sync
  echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  find "$DIR/redmine" "$DIR/docs" "$DIR/hugo/content" -type f -exec cat {} + >/dev/null 2>&1 || true
}
elapsed() { grep 'Elapsed (wall clock)' "$1" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }
walls=(); rss=(); floors=()
SRC=/dev/shm/porchlight-floor-$$
for i in $(seq 1 "$RUNS"); do
  OUT="$RUNS_DIR/$i/public"
  mkdir -p "$RUNS_DIR/$i"
  settle
  /usr/bin/time -v "$BIN" build --config "$DIR/porchlight.toml" --out "$OUT" --now 2026-11-23T12:00:00Z \
    >"$DIR/build.out" 2>"$DIR/build.time"
  w=$(elapsed "$DIR/build.time")
  r=$(grep 'Maximum resident set size' "$DIR/build.time" | awk '{print $NF}')
  walls+=("$w"); rss+=("$r")
  printf 'run %d: wall_s=%s peak_rss_mib=%.1f' "$i" "$w" "$(echo "$r/1024" | bc -l)"
  if [ "$FLOOR" = 1 ]; then
    # The floor after every run, so both see the disk in the same state (its speed drifts
    # with what was deleted before; see the header): the same files and bytes copied from
    # memory (tmpfs) into fresh space on this disk.
    [ -d "$SRC" ] || cp -r "$OUT" "$SRC"
    settle
    /usr/bin/time -v cp -r "$SRC" "$RUNS_DIR/floor$i" 2>"$DIR/floor.time"
    f=$(elapsed "$DIR/floor.time"); floors+=("$f")
    printf ' floor_s=%s' "$f"
  fi
  echo
done
rm -rf "$SRC"
grep -E 'tickets|notes|docs|files|time ' "$DIR/build.out" | sed 's/^/  /'
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
MW=$(med "${walls[@]}"); MR=$(med "${rss[@]}")
printf 'porchlight N=%d docs=%d median wall_s=%s peak_rss_mib=%.1f files=%s bytes=%s\n' "$N" "$DOCS" "$MW" "$(echo "$MR/1024" | bc -l)" \
  "$(find "$OUT" -type f | wc -l)" "$(du -sb "$OUT" | cut -f1)"
if grep -rlE 'PRIVMARK-[0-9a-f]{10}' "$OUT" >/dev/null; then echo "LEAK: private markers in output" >&2; exit 1; fi
echo "leak check: no PRIVMARK- marker in $(find "$OUT" -type f | wc -l) files"

if [ "$FLOOR" = 1 ]; then
  FW=$(med "${floors[@]}")
  echo "write floor (cp -r of the output from tmpfs to fresh space, after each run): median wall_s=$FW; build/floor = $(echo "$MW/$FW" | bc -l | cut -c1-6)"
fi
if [ "$PEERS" = 1 ]; then
  settle
  P=$("$SHARED/bench/peers.sh" "$DIR")
  echo "$P"
  HW=$(echo "$P" | awk '/^hugo/ {for(i=1;i<=NF;i++) if ($i ~ /^wall_s=/) {sub("wall_s=","",$i); print $i}}')
  PW=$(echo "$P" | awk '/^pagefind/ {for(i=1;i<=NF;i++) if ($i ~ /^wall_s=/) {sub("wall_s=","",$i); print $i}}')
  HR=$(echo "$P" | awk '/^hugo/ {for(i=1;i<=NF;i++) if ($i ~ /^peak_rss_mib=/) {sub("peak_rss_mib=","",$i); print $i}}')
  PR=$(echo "$P" | awk '/^pagefind/ {for(i=1;i<=NF;i++) if ($i ~ /^peak_rss_mib=/) {sub("peak_rss_mib=","",$i); print $i}}')
  echo "ratio wall (hugo+pagefind)/porchlight = $(echo "($HW+$PW)/$MW" | bc -l | cut -c1-6)"
  echo "ratio peak rss max(hugo,pagefind)/porchlight = $(echo "m=$HR; if ($PR>m) m=$PR; m/($MR/1024)" | bc -l | cut -c1-6)"
fi

if [ "$REBUILD" = 1 ]; then
  # One public ticket (the first in the export that is not private) gets a new subject.
  python3 - "$DIR" <<'PY'
import json, sys
d = sys.argv[1]
data = json.load(open(f"{d}/redmine/issues.json", encoding="utf-8"))
for i in data["issues"]:
    if not i["is_private"]:
        i["subject"] += " (edited)"
        print(f"rebuild: changed the subject of ticket {i['id']}", file=sys.stderr)
        break
with open(f"{d}/redmine/issues-edited.json", "w", encoding="utf-8") as f:
    json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
PY
  sed 's#redmine/issues.json#redmine/issues-edited.json#' "$DIR/porchlight.toml" > "$DIR/porchlight-edited.toml"
  settle
  /usr/bin/time -v "$BIN" build --config "$DIR/porchlight-edited.toml" --out "$OUT" --now 2026-11-23T12:00:00Z \
    >"$DIR/rebuild.out" 2>"$DIR/rebuild.time"
  RW=$(grep 'Elapsed (wall clock)' "$DIR/rebuild.time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  RR=$(grep 'Maximum resident set size' "$DIR/rebuild.time" | awk '{print $NF}')
  echo "rebuild after one ticket changed: wall_s=$RW peak_rss_mib=$(echo "$RR/1024" | bc -l | cut -c1-6)"
  grep -E 'files|time ' "$DIR/rebuild.out" | sed 's/^/  /'
fi

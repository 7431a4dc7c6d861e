#!/usr/bin/env python3
"""Times `porchlight watch` from a save of one ticket file to the rewritten page on disk.

    python3 benches/split_export.py DIR          # once: one file per issue
    python3 benches/watch_bench.py DIR [EDITS] [--kind subject|stage|new]   # default 7 edits

Starts `porchlight watch` on DIR/porchlight-split.toml (output in DIR/watch-out), waits for the
first (full) build, then EDITS times changes one public issue (a different one each time,
spread over the id range) and saves it the way editors and `pull` do (write a temporary file,
rename it over the old one):
  subject  changes the subject (the default);
  stage    moves the issue to another status (and marks the subject, to spot the page);
  new      adds a new issue with the next free id (a copy of a public one, marked subject).
It polls the ticket's page every 0.5 ms until the mark is in it, then waits for watch's report
line, which it prints once every file of the rebuild is written. Prints, per edit, save-to-page
and save-to-report times (both include the watcher's debounce) and the rebuild time `watch`
reports, then the medians and the watch process's peak memory. BIN overrides the binary.
"""
import json
import os
import subprocess
import sys
import threading
import time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
kind = sys.argv[sys.argv.index("--kind") + 1] if "--kind" in sys.argv else "subject"
if kind in args:
    args.remove(kind)
d = args[0]
edits = int(args[1]) if len(args) > 1 else 7
bin_ = os.environ.get("BIN", os.path.join(os.path.dirname(__file__), "..", "target", "release", "porchlight"))
split = os.path.join(d, "redmine-split")
out = os.path.join(d, "watch-out")
ids = sorted(int(f[:-5]) for f in os.listdir(split) if f[:-5].isdigit())
public = []
for i in ids[:: max(1, len(ids) // (edits * 4))]:
    with open(os.path.join(split, f"{i}.json"), encoding="utf-8") as f:
        if not json.load(f)["issue"].get("is_private"):
            public.append(i)
public = public[:edits]
# Status (id, name, is_closed) by id, to move issues between them.
statuses = {}
for i in public:
    with open(os.path.join(split, f"{i}.json"), encoding="utf-8") as f:
        st = json.load(f)["issue"]["status"]
        statuses[st["id"]] = st
next_id = ids[-1] + 1

t_start = time.monotonic()
p = subprocess.Popen([bin_, "watch", "--config", os.path.join(d, "porchlight-split.toml"),
                      "--out", out, "--now", "2026-11-23T12:00:00Z"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
lines = []
ready = threading.Event()
def reader():
    for line in p.stdout:
        lines.append(line.rstrip())
        if line.startswith("Watching"):
            ready.set()
threading.Thread(target=reader, daemon=True).start()
if not ready.wait(600):
    sys.exit("watch did not start")
print(f"first build: {lines[0]} (wall {time.monotonic() - t_start:.1f} s)")

def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]

saves, done, reported, added = [], [], [], []
try:
    for k, i in enumerate(public):
        path = os.path.join(split, f"{i}.json")
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        mark = f"watchbench-{k}-{time.time_ns()}"
        doc["issue"]["subject"] = f"{doc['issue']['subject'].split(' watchbench-')[0]} {mark}"
        if kind == "stage":
            now = doc["issue"]["status"]["id"]
            others = sorted(s for s in statuses if s != now)
            doc["issue"]["status"] = statuses[others[k % len(others)]]
        elif kind == "new":
            i = next_id
            next_id += 1
            doc["issue"]["id"] = i
            path = os.path.join(split, f"{i}.json")
            added.append(path)
        page = os.path.join(out, "tickets", str(i), "index.html")
        n_lines = len(lines)
        tmp = path + ".tmp~"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        os.rename(tmp, path)
        t0 = time.monotonic()
        while True:
            try:
                with open(page, encoding="utf-8") as f:
                    if mark in f.read():
                        break
            except FileNotFoundError:
                pass
            if time.monotonic() - t0 > 120:
                sys.exit(f"page {page} never changed")
            time.sleep(0.0005)
        dt = (time.monotonic() - t0) * 1000
        while len(lines) == n_lines:
            time.sleep(0.0005)
        all_written = (time.monotonic() - t0) * 1000
        line = lines[-1]
        ms = int(line.split("rebuilt in ")[1].split(" ms")[0]) if "rebuilt in" in line else -1
        saves.append(dt)
        done.append(all_written)
        reported.append(ms)
        print(f"edit {k + 1}: ticket {i}: save -> page {dt:.0f} ms, -> report {all_written:.0f} ms; watch: {line}")
        time.sleep(0.3)
finally:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            hwm = [l for l in f if l.startswith("VmHWM")]
        print(f"watch peak memory: {hwm[0].split(':')[1].strip() if hwm else '?'}")
    except OSError:
        pass
    p.terminate()
    p.wait()
    for path in added:
        os.remove(path)
print(f"{kind}: median over {len(saves)} edits: save -> page {median(saves):.0f} ms, "
      f"save -> report {median(done):.0f} ms, rebuild reported {median(reported)} ms")

#!/usr/bin/env python3
"""Splits a generated Redmine export into one file per issue, as a tracker's per-issue API
answers (`GET /issues/ID.json` gives {"issue": {...}}), so `watch` can be measured on a
one-ticket save: `porchlight` reads a folder of such files as one export.

    python3 benches/split_export.py DIR    # DIR/redmine/issues.json -> DIR/redmine-split/*.json

Copies issue_statuses.json beside them. Writes DIR/porchlight-split.toml that reads the folder.
"""
import json
import os
import shutil
import sys

src_dir = sys.argv[1]
src = os.path.join(src_dir, "redmine", "issues.json")
out = os.path.join(src_dir, "redmine-split")
if os.path.isdir(out):
    shutil.rmtree(out)
os.makedirs(out)
with open(src, encoding="utf-8") as f:
    export = json.load(f)
for issue in export["issues"]:
    with open(os.path.join(out, f"{issue['id']}.json"), "w", encoding="utf-8") as f:
        json.dump({"issue": issue}, f, ensure_ascii=False)
statuses = os.path.join(src_dir, "redmine", "issue_statuses.json")
if os.path.exists(statuses):
    shutil.copy(statuses, os.path.join(out, "issue_statuses.json"))
with open(os.path.join(src_dir, "porchlight-split.toml"), "w", encoding="utf-8") as f:
    f.write('title = "Bench support"\nbase_url = "https://support.example.com/"\n'
            '[sources]\ntickets = ["redmine-split"]\ndocs = "docs"\n'
            'projects = ["Customer Support", "Billing", "Public API", "Mobile Apps"]\n')
print(f"{len(export['issues'])} issue files in {out}")

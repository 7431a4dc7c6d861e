//! The leak scan on real data: the tracker samples in `../shared/fixtures/` that the readers
//! accept, and the bench corpus generator, whose private places all carry `PRIVMARK-<hex>`.
//! Without `../shared` beside the repository these tests are ignored, with the reason (build.rs
//! looks for it; `real_data_detection_is_current` catches a stale answer).
//!
//! The real samples have no private tickets or private notes (see `shared/fixtures/SOURCES.md`:
//! the Redmine YAML fixtures that do are database rows, which no reader accepts), so what is
//! scanned for there is the internal fields: authors, assignees, handlers, e-mails, custom
//! field values. A value that also occurs in the sample's public text (a name quoted in a
//! description) cannot be told apart and is left out of the scan; the count is printed.

mod leak_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use leak_support::*;
use serde_json::Value;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Strings at `path` below `v`: `*` walks every element of an array, other steps are object
/// keys. Arrays of strings at the end give each string.
fn at(v: &Value, path: &[&str], out: &mut Vec<String>) {
    match path.split_first() {
        None => match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| at(x, &[], out)),
            Value::Object(o) => o.values().for_each(|x| at(x, &[], out)),
            _ => {}
        },
        Some((&"*", rest)) => {
            if let Value::Array(a) = v {
                a.iter().for_each(|x| at(x, rest, out));
            }
        }
        Some((key, rest)) => {
            if let Some(x) = v.get(*key) {
                at(x, rest, out);
            }
        }
    }
}

/// The issue objects of any accepted shape.
fn issues(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => {
            for k in ["issues", "items"] {
                if let Some(Value::Array(a)) = o.get(k) {
                    return a.iter().collect();
                }
            }
            match o.get("issue") {
                Some(i) => vec![i],
                None => vec![v],
            }
        }
        _ => Vec::new(),
    }
}

struct Sample {
    file: &'static str,
    internal: &'static [&'static [&'static str]],
    public: &'static [&'static [&'static str]],
}

const REDMINE_INTERNAL: &[&[&str]] = &[
    &["author", "name"],
    &["assigned_to", "name"],
    &["journals", "*", "user", "name"],
    &["custom_fields", "*", "value"],
];
const REDMINE_PUBLIC: &[&[&str]] = &[
    &["subject"],
    &["description"],
    &["journals", "*", "notes"],
    &["tracker", "name"],
    &["category", "name"],
    &["fixed_version", "name"],
    &["status", "name"],
    &["priority", "name"],
];
const MANTIS_INTERNAL: &[&[&str]] = &[
    &["reporter", "name"],
    &["reporter", "real_name"],
    &["reporter", "email"],
    &["handler", "name"],
    &["handler", "real_name"],
    &["handler", "email"],
    &["notes", "*", "reporter", "name"],
    &["notes", "*", "reporter", "real_name"],
    &["notes", "*", "reporter", "email"],
    &["custom_fields", "*", "value"],
];
const MANTIS_PUBLIC: &[&[&str]] = &[
    &["summary"],
    &["description"],
    &["steps_to_reproduce"],
    &["additional_information"],
    &["notes", "*", "text"],
    &["category", "name"],
    &["project", "name"],
    &["status", "name"],
    &["severity", "name"],
    &["resolution", "name"],
    &["target_version", "name"],
    &["fixed_in_version", "name"],
    &["tags", "*", "name"],
];
const GITHUB_INTERNAL: &[&[&str]] = &[
    &["user", "login"],
    &["assignee", "login"],
    &["assignees", "*", "login"],
];
const GITHUB_PUBLIC: &[&[&str]] = &[
    &["title"],
    &["body"],
    &["labels", "*", "name"],
    &["milestone", "title"],
];

const SAMPLES: &[Sample] = &[
    Sample {
        file: "redmine/redmine-java-api/redmine_issues.json",
        internal: REDMINE_INTERNAL,
        public: REDMINE_PUBLIC,
    },
    Sample {
        file: "redmine/redmine-java-api/jsonTest.json",
        internal: REDMINE_INTERNAL,
        public: REDMINE_PUBLIC,
    },
    Sample {
        file: "redmine/redmine-java-api/issue_with_multiline_description.json",
        internal: REDMINE_INTERNAL,
        public: REDMINE_PUBLIC,
    },
    Sample {
        file: "mantisbt/postman-responses/get_an_issue_200.json",
        internal: MANTIS_INTERNAL,
        public: MANTIS_PUBLIC,
    },
    Sample {
        file: "mantisbt/postman-responses/get_all_issues_200.json",
        internal: MANTIS_INTERNAL,
        public: MANTIS_PUBLIC,
    },
    Sample {
        file: "mantisbt/postman-responses/create_an_issue_201.json",
        internal: MANTIS_INTERNAL,
        public: MANTIS_PUBLIC,
    },
    Sample {
        file: "mantisbt/dpesch-mantisbt-mcp-server/get_issue.json",
        internal: MANTIS_INTERNAL,
        public: MANTIS_PUBLIC,
    },
    Sample {
        file: "mantisbt/dpesch-mantisbt-mcp-server/list_issues.json",
        internal: MANTIS_INTERNAL,
        public: MANTIS_PUBLIC,
    },
    Sample {
        file: "github/extracted/paginate-issues.page1.json",
        internal: GITHUB_INTERNAL,
        public: GITHUB_PUBLIC,
    },
    Sample {
        file: "github/extracted/search-issues.json",
        internal: GITHUB_INTERNAL,
        public: GITHUB_PUBLIC,
    },
    Sample {
        file: "github/extracted/add-labels-to-issue.created-issue.json",
        internal: GITHUB_INTERNAL,
        public: GITHUB_PUBLIC,
    },
];

fn site_with(export: &Path, docs: Option<&Path>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = format!(
        "title = \"Samples\"\n[sources]\ntickets = [{:?}]\n",
        export.display().to_string()
    );
    if let Some(d) = docs {
        toml.push_str(&format!("docs = {:?}\n", d.display().to_string()));
    }
    // Every project of the export is published, so the scan looks at all of its issues
    // (an export of several projects needs them named).
    let raw: Value = serde_json::from_slice(&std::fs::read(export).unwrap()).unwrap_or_default();
    let projects: Vec<String> = issues(&raw)
        .into_iter()
        .filter_map(|i| {
            let p = &i["project"];
            p["name"].as_str().or(p.as_str()).map(str::to_string)
        })
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    if projects.len() > 1 {
        toml.push_str(&format!("projects = {projects:?}\n"));
    }
    let config = dir.path().join("porchlight.toml");
    std::fs::write(&config, toml).unwrap();
    (dir, config)
}

/// build.rs decides which real-data tests run, and is not rerun when `../shared` appears after a
/// build; fail then, rather than leaving those tests ignored without a reason.
#[test]
fn real_data_detection_is_current() {
    let stale =
        "build.rs's answer is stale: run `touch build.rs` so Cargo looks for ../shared again";
    assert_eq!(
        cfg!(porchlight_shared_fixtures),
        shared().join("fixtures").is_dir(),
        "../shared/fixtures: {stale}"
    );
    assert_eq!(
        cfg!(porchlight_shared_bench),
        shared().join("bench/gen-support-corpus.py").is_file(),
        "../shared/bench/gen-support-corpus.py: {stale}"
    );
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn internal_fields_of_real_tracker_samples_stay_out() {
    let mut scanned = 0;
    let mut skipped = 0;
    for s in SAMPLES {
        let path = shared().join("fixtures").join(s.file);
        let raw: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let mut internal = Vec::new();
        let mut public = Vec::new();
        for issue in issues(&raw) {
            for p in s.internal {
                at(issue, p, &mut internal);
            }
            for p in s.public {
                at(issue, p, &mut public);
            }
        }
        let public_text = public.join("\n").to_lowercase();
        let needles: BTreeSet<String> = internal
            .into_iter()
            .map(|v| v.trim().to_string())
            // Short values and numbers are everywhere (dates, ids): not scannable.
            .filter(|v| {
                v.chars().count() >= 4 && !v.chars().all(|c| c.is_ascii_digit() || c == '.')
            })
            .collect();
        let (dir, config) = site_with(&path, None);
        let (status, out, err) = build(&config);
        assert_eq!(status, 0, "{}: build failed:\n{out}\n{err}", s.file);
        let files = files_below(&dir.path().join("public"), &BTreeSet::new());
        for n in &needles {
            if public_text.contains(&n.to_lowercase()) {
                skipped += 1;
                continue;
            }
            scanned += 1;
            let hits = scan_bytes(&files, n);
            assert!(
                hits.is_empty(),
                "{}: internal value {n:?} published: {hits:#?}",
                s.file
            );
            // One word: the index must not know it either.
            if !n.contains(char::is_whitespace) && n.chars().all(char::is_alphanumeric) {
                let hits = query_index(&files, "", n, false);
                assert!(
                    hits.is_empty(),
                    "{}: internal value {n:?} in the search index: {hits:#?}",
                    s.file
                );
            }
        }
        println!("{}: {} internal values", s.file, needles.len());
    }
    println!("REAL SAMPLES: {} samples, {scanned} internal values scanned for, {skipped} skipped (also in public text), 0 found", SAMPLES.len());
    assert!(scanned > 20, "the samples must give something to scan for");
}

#[test]
#[cfg_attr(
    not(porchlight_shared_bench),
    ignore = "needs ../shared/bench/gen-support-corpus.py beside the repository; not found"
)]
fn bench_corpus_privmarks_never_reach_the_output() {
    let python = Command::new("python3").arg("--version").output();
    if python.is_err() || !python.as_ref().unwrap().status.success() {
        eprintln!("SKIPPED: python3 is not installed, so the bench corpus cannot be generated");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let corpus = work.path().join("corpus");
    let gen = Command::new("python3")
        .arg(shared().join("bench/gen-support-corpus.py"))
        .args(["--tickets", "2000", "--docs", "50", "--out"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        gen.status.success(),
        "generator failed: {}",
        String::from_utf8_lossy(&gen.stderr)
    );
    let summary: Value =
        serde_json::from_slice(&std::fs::read(corpus.join("SUMMARY.json")).unwrap()).unwrap();
    let export = corpus.join("redmine/issues.json");
    let planted: BTreeSet<String> = regex::Regex::new(r"PRIVMARK-[0-9a-f]{10}")
        .unwrap()
        .find_iter(&String::from_utf8_lossy(&std::fs::read(&export).unwrap()))
        .map(|m| m.as_str().to_string())
        .collect();
    assert!(
        planted.len() > 1000,
        "the corpus should carry markers, found {}",
        planted.len()
    );
    let (dir, config) = site_with(&export, Some(&corpus.join("docs")));
    let (status, out, err) = build(&config);
    assert_eq!(status, 0, "build failed:\n{out}\n{err}");
    let files = files_below(&dir.path().join("public"), &BTreeSet::new());
    // Every public ticket got its page, so the scan looked at a real site. (The list folders
    // beside them, `tickets/open/` and so on, are not tickets.)
    let pages = files
        .iter()
        .filter(|(n, _)| {
            n.starts_with("tickets/")
                && n.ends_with("/index.html")
                && n.matches('/').count() == 2
                && !["open", "closed", "find"]
                    .iter()
                    .any(|f| n.as_str() == format!("tickets/{f}/index.html"))
        })
        .count();
    assert_eq!(
        pages as u64,
        summary["public_tickets"].as_u64().unwrap(),
        "ticket pages"
    );
    let hits = scan(&files, "", "PRIVMARK");
    println!(
        "BENCH CORPUS: {} tickets ({} private), {} private notes, {} distinct PRIVMARK markers planted ({} per SUMMARY.json), {} files scanned, {} hits",
        summary["tickets"], summary["private_tickets"], summary["private_notes"], planted.len(), summary["private_markers"], files.len(), hits.len()
    );
    assert!(
        hits.is_empty(),
        "PRIVMARK found in the output: {:#?}",
        &hits[..hits.len().min(10)]
    );
}

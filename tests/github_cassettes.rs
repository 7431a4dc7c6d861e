//! Every issue and comment of the 66 recorded GitHub API answers in
//! ../shared/fixtures/github/github3-cassettes (real answers of api.github.com, 2014–2022),
//! read through the GitHub reader and built into sites: counts, roles and rendering.
//! Runs when ../shared is beside the repository; reported as ignored, with the reason, when
//! it is not.

mod common;
use common::*;

use std::collections::BTreeMap;

use porchlight::model::Role;
use serde_json::{json, Value};

fn cassettes() -> std::path::PathBuf {
    repo().join("../shared/fixtures/github/github3-cassettes")
}

/// Per repository: issue objects by number, and comments by issue number, as recorded.
type Recorded = BTreeMap<String, (BTreeMap<u64, Value>, BTreeMap<u64, Vec<Value>>)>;

fn recorded(dir: &std::path::Path) -> Recorded {
    let mut out = Recorded::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "json"))
    {
        let v: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        for it in v["interactions"].as_array().unwrap() {
            let body = &it["response"]["body"];
            let objects: Vec<&Value> = match body {
                Value::Array(a) => a.iter().collect(),
                Value::Object(o) if o.contains_key("items") => {
                    body["items"].as_array().unwrap().iter().collect()
                }
                Value::Object(_) => vec![body],
                _ => vec![],
            };
            for o in objects {
                if o.get("number").is_some() && o.get("title").is_some() {
                    let url = o["url"].as_str().unwrap();
                    let repo = url
                        .trim_start_matches("https://api.github.com/repos/")
                        .rsplit_once("/issues/")
                        .unwrap()
                        .0
                        .to_string();
                    let n = o["number"].as_u64().unwrap();
                    out.entry(repo).or_default().0.insert(n, o.clone());
                } else if o.get("issue_url").is_some() && o.get("event").is_none() {
                    let (repo, n) = o["issue_url"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches("https://api.github.com/repos/")
                        .rsplit_once("/issues/")
                        .unwrap();
                    let list = &mut out.entry(repo.to_string()).or_default().1;
                    let v = list.entry(n.parse().unwrap()).or_default();
                    if !v.iter().any(|c| c["id"] == o["id"]) {
                        v.push(o.clone());
                    }
                }
            }
        }
    }
    out
}

fn is_pr(issue: &Value) -> bool {
    issue["pull_request"].as_object().is_some_and(|m| {
        m.values()
            .any(|u| u.as_str().is_some_and(|s| !s.is_empty()))
    })
}

fn snapshot(
    repo: &str,
    issues: &BTreeMap<u64, Value>,
    comments: &BTreeMap<u64, Vec<Value>>,
) -> Value {
    let comments: serde_json::Map<String, Value> = comments
        .iter()
        .filter(|(n, _)| issues.contains_key(n))
        .map(|(n, c)| (n.to_string(), Value::Array(c.clone())))
        .collect();
    // Written key by key: the format is detected from the first keys, as `pull` writes them.
    Value::String(format!(
        "{{\"github_snapshot\": 1, \"repository\": {}, \"issues\": {}, \"comments\": {}}}",
        json!(repo),
        json!(issues.values().collect::<Vec<_>>()),
        Value::Object(comments)
    ))
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn every_recorded_issue_and_comment_reads_with_the_right_counts_and_roles() {
    let dir = cassettes();
    let rec = recorded(&dir);
    let (mut issues_seen, mut prs, mut notes_seen) = (0, 0, 0);
    let tmp = tempfile::tempdir().unwrap();
    for (repo, (issues, comments)) in &rec {
        if issues.is_empty() {
            continue;
        }
        let path = tmp.path().join(format!("{}.json", repo.replace('/', "_")));
        std::fs::write(&path, snapshot(repo, issues, comments).as_str().unwrap()).unwrap();
        let corpus =
            porchlight::sources::read_export(&path, None).unwrap_or_else(|e| panic!("{repo}: {e}"));
        let want_prs = issues.values().filter(|i| is_pr(i)).count();
        assert_eq!(corpus.tickets.len(), issues.len() - want_prs, "{repo}");
        assert_eq!(
            corpus.skipped.get("pull requests").copied().unwrap_or(0),
            want_prs,
            "{repo}"
        );
        for t in &corpus.tickets {
            let raw = &issues[&t.id.parse::<u64>().unwrap()];
            assert_eq!(t.subject, raw["title"].as_str().unwrap(), "{repo}#{}", t.id);
            let recorded: Vec<&Value> = comments
                .get(&t.id.parse().unwrap())
                .map(|c| {
                    c.iter()
                        .filter(|c| c["body"].as_str().is_some_and(|b| !b.trim().is_empty()))
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(t.notes.len(), recorded.len(), "{repo}#{}", t.id);
            for (note, c) in t.notes.iter().zip(&recorded) {
                let team = matches!(
                    c["author_association"].as_str(),
                    Some("OWNER" | "MEMBER" | "COLLABORATOR")
                );
                let by_author = c["user"]["login"] == raw["user"]["login"];
                let want = if team {
                    Role::Staff
                } else if by_author {
                    Role::Customer
                } else {
                    Role::Other
                };
                assert_eq!(note.role, want, "{repo}#{} comment {}", t.id, c["id"]);
            }
            notes_seen += t.notes.len();
        }
        issues_seen += issues.len();
        prs += want_prs;
    }
    // The recorded set as its README describes it (counted once per repository and number).
    assert_eq!(issues_seen, 224);
    assert!(prs > 0 && prs < issues_seen, "{prs} pull requests");
    assert_eq!(
        notes_seen, 5,
        "distinct comments whose issue is recorded too"
    );
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn the_largest_recorded_repositories_build_into_sites_that_show_every_issue() {
    let dir = cassettes();
    let rec = recorded(&dir);
    for repo in ["betamaxpy/betamax", "sigmavirus24/github3.py"] {
        let (issues, comments) = &rec[repo];
        let site = SiteTest::new();
        site.write(
            "tickets.json",
            snapshot(repo, issues, comments).as_str().unwrap(),
        );
        let run = site.build(&[]).ok();
        let want = issues.values().filter(|i| !is_pr(i)).count();
        assert!(
            run.stdout
                .contains(&format!("  tickets published   {want:>8}\n")),
            "{repo}: {}",
            run.stdout
        );
        for (n, i) in issues.iter().filter(|(_, i)| !is_pr(i)) {
            let page = site.read(&format!("tickets/{n}/index.html"));
            // The title, HTML-escaped as the page writes it.
            let title = i["title"]
                .as_str()
                .unwrap()
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            assert!(page.contains(title.trim()), "{repo}#{n}: {title}");
            // Logins never reach the page: notes show roles only.
            if let Some(login) = i["user"]["login"].as_str() {
                assert!(!page.contains(&format!(">{login}<")), "{repo}#{n}");
            }
        }
    }
}

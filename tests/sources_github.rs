//! GitHub reader: real api.github.com answers recorded by octokit/fixtures
//! (`../shared/fixtures/github/extracted/`; ignored when the folder is not beside the
//! repository, tests/tracker_sites.rs covers the shapes from hand-written fixtures), and a
//! hand-made snapshot with what they lack: a pull request, closed issues with `state_reason`,
//! milestones, severity labels and comments.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use porchlight::model::{Corpus, Markup, Role, StatusChange, Ticket};
use porchlight::sources::{self, github, Format, SourceError};

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/github/extracted")
        .join(rel)
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources/github")
        .join(rel)
}

fn ticket<'a>(c: &'a Corpus, id: &str) -> &'a Ticket {
    c.tickets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no ticket {id}"))
}

fn err_text(r: Result<Corpus, SourceError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
#[cfg_attr(
    not(porchlight_shared_fixtures),
    ignore = "needs ../shared/fixtures beside the repository (real tracker data); not found"
)]
fn real_list_pages_search_results_and_single_issue() {
    let mut numbers = Vec::new();
    for page in 1..=5 {
        let path = shared(&format!("paginate-issues.page{page}.json"));
        assert_eq!(
            sources::detect(&path, &std::fs::read(&path).unwrap()).unwrap(),
            Format::Github
        );
        let corpus = sources::read_export(&path, None).unwrap();
        numbers.extend(corpus.tickets.iter().map(|t| t.id.parse::<u32>().unwrap()));
    }
    assert_eq!(numbers, (1..=13).rev().collect::<Vec<_>>());

    let corpus = sources::read_export(&shared("paginate-issues.page1.json"), None).unwrap();
    let t = ticket(&corpus, "13");
    assert_eq!(t.subject, "Test issue 13");
    assert_eq!(t.description, "");
    assert_eq!(t.markup, Markup::GithubMarkdown);
    assert_eq!((t.status.as_str(), t.status_closed), ("open", Some(false)));
    assert!(!t.private);
    assert_eq!(
        t.created,
        Utc.with_ymd_and_hms(2017, 10, 10, 16, 0, 0).unwrap()
    );
    assert_eq!(
        t.internal.reporter.as_deref(),
        Some("octokit-fixture-user-a")
    );
    assert_eq!(
        t.history,
        vec![StatusChange {
            at: t.created,
            from: None,
            to: "open".into()
        }]
    );

    let corpus = sources::read_export(&shared("search-issues.json"), None).unwrap();
    let titles: Vec<&str> = corpus.tickets.iter().map(|t| t.subject.as_str()).collect();
    assert_eq!(
        titles,
        ["Sesame seeds split without a pop!", "The doors don’t open"]
    );

    let corpus =
        sources::read_export(&shared("add-labels-to-issue.created-issue.json"), None).unwrap();
    assert_eq!(corpus.tickets.len(), 1);
    assert_eq!(corpus.tickets[0].subject, "Issue without a label");
}

#[test]
fn snapshot_maps_labels_states_milestones_and_comments() {
    let path = fixture("snapshot.json");
    assert_eq!(
        sources::detect(&path, &std::fs::read(&path).unwrap()).unwrap(),
        Format::Github
    );
    let corpus = sources::read_export(&path, None).unwrap();
    let ids: Vec<&str> = corpus.tickets.iter().map(|t| t.id.as_str()).collect();
    // #21 is a pull request.
    assert_eq!(ids, ["20", "19", "18"]);

    let t = ticket(&corpus, "20");
    assert_eq!(t.labels, ["bug", "Severity: High", "priority/low"]);
    // A severity label wins over a priority label.
    assert_eq!(t.severity.as_deref(), Some("High"));
    assert_eq!(t.target_version.as_deref(), Some("v2.4"));
    assert_eq!(
        (t.status.as_str(), t.status_closed, t.closed),
        ("open", Some(false), None)
    );
    assert_eq!(
        t.description,
        "Rows after 10,000 are missing.\n\n- [ ] check CSV\n- [ ] check XLSX"
    );
    assert_eq!(t.internal.assignee.as_deref(), Some("dev-anna"));
    assert_eq!(t.internal.reporter.as_deref(), Some("karla"));
    // The blank comment is dropped; roles by author.
    let notes: Vec<(&str, &str, Role, bool)> = t
        .notes
        .iter()
        .map(|n| {
            (
                n.id.as_deref().unwrap(),
                n.author.as_str(),
                n.role,
                n.private,
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            ("7001", "dev-anna", Role::Staff, false),
            ("7002", "karla", Role::Customer, false)
        ]
    );
    assert!(t.notes.iter().all(|n| n.markup == Markup::GithubMarkdown));

    let t = ticket(&corpus, "19");
    assert_eq!(
        (t.status.as_str(), t.status_closed),
        ("not planned", Some(true))
    );
    assert_eq!(t.severity.as_deref(), Some("medium"));
    let closed = Utc.with_ymd_and_hms(2026, 2, 3, 9, 0, 0).unwrap();
    assert_eq!(t.closed, Some(closed));
    assert_eq!(
        t.history,
        vec![
            StatusChange {
                at: t.created,
                from: None,
                to: "open".into()
            },
            StatusChange {
                at: closed,
                from: Some("open".into()),
                to: "not planned".into()
            },
        ]
    );

    let t = ticket(&corpus, "18");
    assert_eq!((t.status.as_str(), t.severity.as_deref()), ("closed", None));
}

#[test]
fn errors_name_file_and_place() {
    assert_eq!(
        err_text(github::parse(
            Path::new("g.json"),
            br#"[{"number": 1, "title": "x", "state": "open"}]"#
        )),
        "g.json:1:45: missing field `created_at` (at [0])"
    );
    assert_eq!(
        err_text(github::parse(
            Path::new("g.json"),
            b"[{\"number\": 1,\n  \"title\": x}]"
        )),
        "g.json:2:12: expected value (at [0].title)"
    );
    assert_eq!(
        err_text(github::parse(Path::new("g.json"), br#"{"github_snapshot": 2, "issues": []}"#)),
        "g.json: at github_snapshot: snapshot version 2 is not supported; this Porchlight reads version 1"
    );
    assert_eq!(
        err_text(github::parse(Path::new("g.json"), br#"{"foo": 1}"#)),
        "g.json: at the top level: expected GitHub issues: an array, {\"items\": [...]}, a Porchlight \
         snapshot {\"github_snapshot\": 1, \"issues\": [...]}, or one issue with \"number\""
    );
}

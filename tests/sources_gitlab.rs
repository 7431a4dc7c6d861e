//! GitLab reader: hand-made answers in the shapes of GitLab's API v4 documentation
//! (`GET /projects/:id/issues`, `…/issues/:iid/notes`, `…/resource_label_events`,
//! `…/resource_state_events`) under `tests/fixtures/gitlab/`. No real GitLab answers are in
//! `../shared/fixtures`, so nothing here needs it. A private marker sits in a confidential
//! issue (and its note), an internal note and an old-style (`confidential: true`) note.

mod common;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use common::*;
use porchlight::model::{Markup, StatusChange};
use porchlight::sources::{self, gitlab, Format};

fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures/gitlab").join(rel)
}

fn at(s: &str) -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .with_timezone(&Utc)
}

/// A fixture, detected as GitLab by its content, then read.
fn detected_and_read(name: &str) -> porchlight::model::Corpus {
    let path = fixture(name);
    let head = std::fs::read(&path).unwrap();
    assert_eq!(
        sources::detect(&path, &head).unwrap(),
        Format::Gitlab,
        "{name}"
    );
    sources::read_export(&path, None).unwrap()
}

const MARKERS: &[&str] = &[
    "CONFIDENTIAL-ISSUE-MARKER",
    "INTERNAL-NOTE-MARKER",
    "OLD-CONFIDENTIAL-MARKER",
    "MOVED-ISSUE-MARKER",
];

#[test]
fn a_list_page_maps_fields_and_leaves_out_confidential_and_moved_issues() {
    let c = detected_and_read("issues.json");
    let ids: Vec<(&str, bool)> = c
        .tickets
        .iter()
        .map(|t| (t.id.as_str(), t.private))
        .collect();
    // 8 is confidential: private, for the gate to withhold; 9 was moved away: left out.
    assert_eq!(ids, [("6", false), ("7", false), ("8", true)]);
    assert_eq!(c.skipped.get(gitlab::MOVED), Some(&1));

    let six = ticket_in(&c, "6");
    assert_eq!(six.subject, "Invoices export stops at 1000 rows");
    assert!(six.description.contains("- [ ] export"));
    assert_eq!(six.markup, Markup::GithubMarkdown);
    // An open issue's status is its workflow label's value, so the status map reads it.
    assert_eq!(six.status, "in progress");
    assert_eq!(six.status_closed, Some(false));
    assert_eq!(
        six.labels,
        ["workflow::in progress", "severity::high", "export"]
    );
    assert_eq!(six.severity.as_deref(), Some("high"));
    assert_eq!(six.target_version.as_deref(), Some("v4.2"));
    // No due date of its own: the milestone's.
    assert_eq!(six.due_date, NaiveDate::from_ymd_opt(2026, 12, 15));
    assert_eq!(six.project.as_deref(), Some("acme/ledger"));
    assert_eq!(six.created, at("2026-11-02T09:31:51.081Z"));
    assert_eq!(six.internal.reporter.as_deref(), Some("pia.customer"));
    assert_eq!(six.internal.assignee.as_deref(), Some("olga.staff"));
    assert!(!six.private);

    let seven = ticket_in(&c, "7");
    assert_eq!(seven.status, "closed");
    assert_eq!(seven.status_closed, Some(true));
    assert_eq!(seven.severity.as_deref(), Some("2"), "from priority::2");
    assert_eq!(seven.due_date, NaiveDate::from_ymd_opt(2026, 10, 30));
    assert_eq!(seven.closed, Some(at("2026-10-25T16:00:00Z")));
    assert_eq!(
        seven.history,
        [
            StatusChange {
                at: at("2026-10-20T08:00:00Z"),
                from: None,
                to: "open".into()
            },
            StatusChange {
                at: at("2026-10-25T16:00:00Z"),
                from: Some("open".into()),
                to: "closed".into()
            },
        ]
    );
}

#[test]
fn notes_keep_their_privacy_and_system_notes_become_history() {
    let c = sources::read_export(&fixture("export-with-notes.json"), None).unwrap();
    assert_eq!(c.tickets.len(), 3);
    assert!(ticket_in(&c, "8").private);
    let six = ticket_in(&c, "6");
    let notes: Vec<String> = six
        .notes
        .iter()
        .map(|n| {
            format!(
                "{} {:?} private={}",
                n.id.as_deref().unwrap_or("-"),
                n.role,
                n.private
            )
        })
        .collect();
    // 301 by someone else (a guess: `[roles] team` makes them the team), 302 internal,
    // 303 by the issue's author, 306 confidential in the old spelling; 304 and 305 are
    // system notes and not notes at all.
    assert_eq!(
        notes,
        [
            "301 Other private=false",
            "302 Other private=true",
            "303 Customer private=false",
            "306 Other private=true",
        ]
    );
    assert!(six
        .notes
        .iter()
        .all(|n| n.markup == Markup::GithubMarkdown && !n.text.contains("assigned to")));
    // Triage from the label event, then in progress (label event and system note agree;
    // the removal of triage at the same instant does not undo it).
    assert_eq!(
        six.history,
        [
            StatusChange {
                at: at("2026-11-02T09:31:51.081Z"),
                from: None,
                to: "open".into()
            },
            StatusChange {
                at: at("2026-11-02T10:00:00Z"),
                from: Some("open".into()),
                to: "triage".into()
            },
            StatusChange {
                at: at("2026-11-04T09:00:00Z"),
                from: Some("triage".into()),
                to: "in progress".into()
            },
        ]
    );
    // State events: closed, reopened by the customer, closed again.
    let seven = ticket_in(&c, "7");
    let tos: Vec<&str> = seven.history.iter().map(|h| h.to.as_str()).collect();
    assert_eq!(tos, ["open", "closed", "open", "closed"]);
    assert_eq!(seven.history[2].at, at("2026-10-23T10:00:00Z"));
}

#[test]
fn one_issue_is_read_too() {
    let c = detected_and_read("issue.json");
    assert_eq!(c.tickets.len(), 1);
    assert_eq!(c.tickets[0].id, "6");
}

#[test]
fn github_shapes_are_not_taken_for_gitlab() {
    let gh = br#"[{"url": "https://api.github.com/repos/o/r/issues/1", "id": 1, "node_id": "MDU6", "number": 1, "title": "T", "state": "open"}]"#;
    assert_eq!(
        sources::detect(Path::new("gh.json"), gh).unwrap(),
        Format::Github
    );
    let gl = br#"{"gitlab_snapshot": 1, "project": "g/p", "issues": []}"#;
    assert_eq!(
        sources::detect(Path::new("gl.json"), gl).unwrap(),
        Format::Gitlab
    );
    assert_eq!(Format::from_name("GitLab"), Some(Format::Gitlab));
    assert_eq!(Format::Gitlab.name(), "gitlab");
}

#[test]
fn bad_input_names_the_file_and_the_place() {
    let dir = tempfile::tempdir().unwrap();
    // (file, content, the error after the file's path)
    let cases = [
        (
            "cut.json",
            "[{\"iid\": 1, \"project_id\": 2,\n \"title\": ",
            ":2:10: EOF while parsing a value (at [0].title)",
        ),
        (
            "date.json",
            r#"[{"iid": 1, "project_id": 2, "title": "T", "state": "opened", "created_at": "yesterday"}]"#,
            ":1:87: expected a date-time such as 2026-03-04T02:14:42Z or 2011/01/24 13:59:25 -0800, found \"yesterday\" (at [0].created_at)",
        ),
        (
            "v2.json",
            r#"{"gitlab_snapshot": 2, "issues": []}"#,
            ": at gitlab_snapshot: snapshot version 2 is not supported; this Porchlight reads version 1",
        ),
        (
            "other.json",
            r#"{"title": "no iid"}"#,
            ": at the top level: expected GitLab issues: an array, a Porchlight snapshot {\"gitlab_snapshot\": 1, \"issues\": [...]}, or one issue with \"iid\"",
        ),
        (
            "notes.json",
            r#"{"gitlab_snapshot": 1, "issues": [], "notes": {"1": [{"id": 1, "body": "x", "created_at": null}]}}"#,
            ":1:95: expected a date-time such as 2026-03-04T02:14:42Z or 2011/01/24 13:59:25 -0800, found null (at notes.1[0].created_at)",
        ),
    ];
    for (name, text, error) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        assert_eq!(
            read_error(sources::read_export(&p, Some(Format::Gitlab))),
            format!("{}{error}", p.display()),
            "{name}"
        );
    }
}

const CONFIG: &str = "title = \"GitLab Support\"\nbase_url = \"https://help.example.com/\"\n\
[sources]\ntickets = [\"tickets.json\"]\n";

#[test]
fn the_built_site_shows_public_notes_and_stages_and_nothing_private() {
    let site = SiteTest::new();
    site.write(
        "porchlight.toml",
        &format!("{CONFIG}[roles]\nteam = [\"olga.staff\"]\n"),
    );
    site.write(
        "tickets.json",
        &std::fs::read_to_string(fixture("export-with-notes.json")).unwrap(),
    );
    let run = site.build(&[]).ok();
    let summary = format!("{}{}", run.stdout, run.stderr);
    assert!(
        summary.contains("(issues moved to another project)"),
        "the summary counts what was left out:\n{summary}"
    );
    assert!(
        summary.contains(&format!("tickets withheld    {:>8}  (private)", 1)),
        "the confidential issue: {summary}"
    );
    let six = site.read("tickets/6/index.html");
    assert!(
        six.contains("aria-current=\"step\"><span>In progress</span>"),
        "{six}"
    );
    assert!(
        six.contains("Thanks, we can reproduce it.<br"),
        "hard break: {six}"
    );
    assert!(six.contains("Any news?"), "{six}");
    assert!(six.contains("Support team"), "[roles] team: {six}");
    assert!(
        six.contains("href=\"https://status.example.com\""),
        "autolink: {six}"
    );
    // A task list is a list, as on GitHub (the cleaner drops the boxes, never shows `[x]`).
    assert!(
        six.contains("<li>\nopen Reports</li>") && !six.contains("[x]"),
        "task list: {six}"
    );
    assert!(
        six.contains("15 December 2026"),
        "milestone due date: {six}"
    );
    let mut needles: Vec<String> = MARKERS.iter().map(|m| m.to_string()).collect();
    needles.extend(
        [
            "Olga Staffmember",
            "olga.staff",
            "Pia Customerperson",
            "pia.customer",
            "Sam Salesperson",
            "sam.sales",
            "assigned to @",
            "Internal plan for 4.2",
        ]
        .map(String::from),
    );
    assert_absent(&site.out(), &needles);
    assert!(!site.out().join("tickets/8").exists());
}

#[test]
fn without_roles_other_people_are_not_claimed_as_the_team() {
    let site = SiteTest::new();
    site.write("porchlight.toml", CONFIG);
    site.write(
        "tickets.json",
        &std::fs::read_to_string(fixture("export-with-notes.json")).unwrap(),
    );
    site.build(&[]).ok();
    let six = site.read("tickets/6/index.html");
    assert!(!six.contains("Support team"), "{six}");
    assert!(six.contains("Another customer"), "{six}");
}

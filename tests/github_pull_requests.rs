//! GitHub answers from before about 2015 carry `"pull_request": {"html_url": null, ...}` on
//! every plain issue. Only an item whose `pull_request` carries a URL is a pull request; the
//! others are issues and are published. What is left out is counted in the summary, and a
//! build that publishes nothing from a non-empty export warns (and fails under --strict).

mod common;
use common::*;

use porchlight::sources;

const FIXTURE: &str = "tests/fixtures/sources/github/issues-2013-null-pull-request.json";

#[test]
fn null_pull_request_urls_are_plain_issues_and_real_pull_requests_are_counted() {
    let corpus = sources::read_export(&repo().join(FIXTURE), None).unwrap();
    let ids: Vec<&str> = corpus.tickets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["2", "1"]);
    assert_eq!(corpus.skipped.get("pull requests"), Some(&1));
}

fn site_with(export: &str) -> SiteTest {
    let site = SiteTest::new();
    site.write("tickets.json", export);
    site
}

#[test]
fn the_build_summary_counts_what_was_skipped() {
    let site = site_with(&std::fs::read_to_string(repo().join(FIXTURE)).unwrap());
    let run = site.build(&[]).ok();
    assert!(
        run.stdout.contains("  tickets published          2\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  skipped                    1  (pull requests)\n"),
        "{}",
        run.stdout
    );
    assert!(site
        .read("tickets/2/index.html")
        .contains("CSV export of an empty invoice fails"));
    assert!(!site.out().join("tickets/3").exists());
    let json = site.build(&["--json"]).ok();
    let v: serde_json::Value = serde_json::from_str(json.stdout.trim()).unwrap();
    assert_eq!(v["skipped"]["pull requests"], 1, "{}", json.stdout);
    assert_eq!(v["tickets_published"], 2);
}

#[test]
fn an_export_of_only_pull_requests_warns_and_fails_under_strict() {
    let all: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join(FIXTURE)).unwrap()).unwrap();
    let only_pr = serde_json::Value::Array(vec![all[0].clone()]);
    let site = site_with(&only_pr.to_string());
    let run = site.build(&[]).ok();
    assert!(
        run.stderr.contains("warning: no ticket was published: the export(s) held only items that are not tickets (1 pull requests)"),
        "{}",
        run.stderr
    );
    site.build(&["--strict"]).fails_with(3);
}

#[test]
fn an_export_whose_every_ticket_is_withheld_warns() {
    let export = r#"{"porchlight": 1, "tickets": [
      {"id": 1, "subject": "Secret", "status": "New", "private": true, "created": "2026-11-01T10:00:00Z"}
    ]}"#;
    let site = site_with(export);
    let run = site.build(&[]).ok();
    assert!(
        run.stderr.contains(
            "warning: no ticket was published although the export(s) held 1: 1 private, 0 of other projects, 0 refused"
        ),
        "{}",
        run.stderr
    );
}

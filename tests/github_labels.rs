//! GitHub issues have stages too: all 590 open real issues showed "Received" because labels
//! could not move a stage. `[workflow.labels]` maps labels to stages, a bare label that names
//! a severity level sets the severity, and a milestone's due date is the ETA.

mod common;
use common::*;

const SNAPSHOT: &str = r#"{"github_snapshot": 1, "repository": "acme/widgets",
 "issues": [
  {"number": 7, "title": "Sync stops after the update", "body": "It stops.", "user": {"login": "anna"},
   "labels": [{"name": "Status: In Progress "}, {"name": "critical"}], "state": "open", "state_reason": null,
   "milestone": {"title": "2.4", "due_on": "2026-12-15T08:00:00Z"},
   "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-02T09:00:00Z", "closed_at": null, "comments": 0},
  {"number": 8, "title": "Which CSV columns are accepted?", "body": "Question.", "user": {"login": "ben"},
   "labels": [{"name": "needs info"}], "state": "open", "state_reason": null, "milestone": null,
   "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-02T09:00:00Z", "closed_at": null, "comments": 0},
  {"number": 9, "title": "Old crash", "body": "Fixed long ago.", "user": {"login": "carl"},
   "labels": [{"name": "status: in progress"}], "state": "closed", "state_reason": "completed", "milestone": null,
   "created_at": "2026-10-01T09:00:00Z", "updated_at": "2026-10-05T09:00:00Z", "closed_at": "2026-10-05T09:00:00Z", "comments": 0}
 ],
 "comments": {}}"#;

const CONFIG: &str = "title = \"GH\"\n[sources]\ntickets = [\"tickets.json\"]\n\
[workflow.labels]\n\"status: in progress\" = \"In progress\"\n\"needs info\" = \"Under review\"\n";

#[test]
fn labels_move_the_stage_set_the_severity_and_milestones_give_the_eta() {
    let site = SiteTest::new();
    site.write("porchlight.toml", CONFIG);
    site.write("tickets.json", SNAPSHOT);
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let seven = site.read("tickets/7/index.html");
    assert!(
        seven.contains("aria-current=\"step\"><span>In progress</span>"),
        "{seven}"
    );
    assert!(
        seven.contains("Severe"),
        "severity from the bare label critical: {seven}"
    );
    assert!(
        seven.contains("15 December 2026"),
        "ETA from the milestone: {seven}"
    );
    let eight = site.read("tickets/8/index.html");
    assert!(
        eight.contains("aria-current=\"step\"><span>Under review</span>"),
        "{eight}"
    );
    // A closed status wins over a stale label.
    let nine = site.read("tickets/9/index.html");
    assert!(
        !nine.contains("aria-current=\"step\"><span>In progress</span>"),
        "{nine}"
    );
}

#[test]
fn a_label_map_to_an_unknown_stage_is_an_error_naming_it() {
    let site = SiteTest::new();
    site.write(
        "porchlight.toml",
        &CONFIG.replace("\"Under review\"", "\"Pondering\""),
    );
    site.write("tickets.json", SNAPSHOT);
    let run = site.build(&[]).fails_with(1);
    assert!(
        run.stderr.contains("[workflow.labels] \"needs info\" = \"Pondering\": not a stage; expected one of: Received, Under review"),
        "{}",
        run.stderr
    );
}

/// Labels can be internal: only those `[privacy] public_labels` allows show, as chips in the
/// config's spelling (matched after trimming and case folding); every other label appears
/// nowhere on the site, the search index included.
#[test]
fn only_allowed_labels_show_as_chips() {
    let site = SiteTest::new();
    site.write(
        "porchlight.toml",
        &format!("{CONFIG}[privacy]\npublic_labels = [\"Needs info\", \"status: in progress\", \"windows\"]\n"),
    );
    let snapshot = SNAPSHOT.replace(
        r#"[{"name": "needs info"}]"#,
        r#"[{"name": "needs info"}, {"name": "escalated-by-ACMECORP"}]"#,
    );
    site.write("tickets.json", &snapshot);
    site.build(&[]).ok();
    let seven = site.read("tickets/7/index.html");
    assert!(
        seven.contains("<dt>Labels</dt><dd class=\"labels\"><span class=\"badge label\">status: in progress</span> </dd>"),
        "{seven}"
    );
    assert!(!seven.contains(">critical<"), "{seven}");
    let eight = site.read("tickets/8/index.html");
    assert!(
        eight.contains("<dt>Labels</dt><dd class=\"labels\"><span class=\"badge label\">Needs info</span> </dd>"),
        "{eight}"
    );
    assert_absent(&site.out(), &["escalated-by-ACMECORP".to_string()]);
    // Without the allow-list no ticket shows labels.
    site.write("porchlight.toml", CONFIG);
    site.build(&[]).ok();
    assert!(!site
        .read("tickets/7/index.html")
        .contains("<dt>Labels</dt>"));
}
